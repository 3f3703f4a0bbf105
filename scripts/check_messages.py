"""Fail when the code has user-facing strings that the ky, kk and ru catalogues do not translate.

Runs Django's makemessages on a copy of the source tree (the real catalogues stay untouched) and compares
the message ids with the committed catalogues. Part of `make lint`.
"""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("ky", "kk", "ru")


def extracted_ids(copy: Path) -> set[tuple[str, str]]:
    command = [sys.executable, str(ROOT / "manage.py"), "makemessages", "--no-obsolete", "--no-location", "-l", "ru"]
    command += ["-i", "testing/*", "-i", "*/tests/*", "-i", "bench*"]
    env = {**os.environ, "SAPAT_DEBUG": "1", "PYTHONPATH": str(ROOT)}
    subprocess.run(command, cwd=copy / "sapat", env=env, check=True, capture_output=True)  # noqa: S603
    catalogue = polib.pofile(str(copy / "sapat" / "locale" / "ru" / "LC_MESSAGES" / "django.po"))
    return {(entry.msgctxt or "", entry.msgid) for entry in catalogue}


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder)
        shutil.copytree(ROOT / "sapat", copy / "sapat", ignore=shutil.ignore_patterns("__pycache__"))
        wanted = extracted_ids(copy)
    problems = 0
    for language in LANGUAGES:
        catalogue = polib.pofile(str(ROOT / "sapat" / "locale" / language / "LC_MESSAGES" / "django.po"))
        done = {(e.msgctxt or "", e.msgid) for e in catalogue if e.translated() and "fuzzy" not in e.flags}
        missing = sorted(wanted - done)
        for _context, msgid in missing:
            print(f"{language}: not translated: {msgid!r}")
        problems += len(missing)
    if problems:
        print("Run `make messages`, translate the entries above, and commit sapat/locale.")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
