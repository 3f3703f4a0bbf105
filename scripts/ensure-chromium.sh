#!/usr/bin/env bash
# Browser tests drive Debian's Chromium. Install it when we can (root with apt-get); in CI it is required.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "== installing Debian's chromium for the browser tests"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
  exit 0
fi
if [ "${CI:-}" = "true" ]; then
  echo "Chromium (/usr/bin/chromium) is missing and cannot be installed here; CI requires the browser tests." >&2
  exit 1
fi
echo "Chromium is not installed and this user cannot install it: the browser tests will be skipped."
