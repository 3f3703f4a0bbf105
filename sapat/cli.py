"""The `sapat` console command: Django's management commands with dashes allowed (`sapat demo-data`)."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sapat.settings")
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    from django.core.management import execute_from_command_line

    from sapat.core.querysets import unscoped

    with unscoped("the command line: commands act for the operator, not for a user"):
        execute_from_command_line(["sapat", *argv[1:]])
