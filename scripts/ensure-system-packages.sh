#!/usr/bin/env bash
# The Debian packages the reports need beside the Python ones: Pango (WeasyPrint lays out and prints the PDFs),
# Cairo (CairoSVG draws the charts' PNG for DOCX) and the DejaVu fonts (the charts' text). Installed with
# apt-get when we can (root); otherwise said plainly. In CI they are required.
set -euo pipefail
packages=(libpango-1.0-0 libpangoft2-1.0-0 libcairo2 fonts-dejavu-core)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "== installing Debian's ${missing[*]} for the reports (PDF and DOCX)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
  exit 0
fi
if [ "${CI:-}" = "true" ]; then
  echo "Debian packages ${missing[*]} are missing and cannot be installed here; the reports need them." >&2
  exit 1
fi
echo "Debian packages ${missing[*]} are missing and this user cannot install them: PDF and DOCX reports will fail" \
     "until an administrator runs: apt-get install ${missing[*]}"
