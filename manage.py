#!/usr/bin/env python
"""Django's command-line utility; `sapat` (sapat/cli.py) is the friendlier entry point."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sapat.settings")
    from django.core.management import execute_from_command_line

    from sapat.core.querysets import unscoped

    with unscoped("the command line: commands act for the operator, not for a user"):
        execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
