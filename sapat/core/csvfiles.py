"""Reading the CSV files of the command-line loaders: UTF-8 (with or without BOM), named columns, line numbers."""

import csv
from collections.abc import Iterator
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _


def read_rows(path: str, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row) with values stripped; refuse a file without the required columns."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError as error:
        raise CommandError(_("File not found: %(path)s") % {"path": path}) from error
    except UnicodeDecodeError as error:
        raise CommandError(_("The file is not UTF-8 text: save it as “CSV UTF-8” and try again.")) from error
    reader = csv.DictReader(text.splitlines())
    header = [name.strip() for name in reader.fieldnames or []]
    missing = [name for name in required if name not in header]
    if missing:
        raise CommandError(_("Columns missing from the header: %(columns)s") % {"columns": ", ".join(missing)})
    reader.fieldnames = header
    for row in reader:
        yield reader.line_num, {key: (value or "").strip() for key, value in row.items() if key}


class RowErrors(Exception):
    """Errors of a whole file: (line, message) pairs; raised inside the transaction so nothing is saved."""

    def __init__(self, errors: list[tuple[int, str]]):
        super().__init__(errors)
        self.errors = sorted(errors, key=lambda item: item[0])

    def as_command_error(self) -> CommandError:
        lines = [_("Line %(line)s: %(message)s") % {"line": line, "message": message} for line, message in self.errors]
        summary = _("The file was refused, nothing was saved. Errors: %(count)s") % {"count": len(self.errors)}
        return CommandError("\n".join([summary, *lines]))


class LoadCommand(BaseCommand):
    """A `sapat load-… FILE.csv` command: `load(path)` reads the whole file (all or nothing); its refused lines
    are one CommandError that lists them, and `summary(outcome)` is what it prints when the file is taken."""

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            outcome = self.load(file)
        except RowErrors as errors:
            raise errors.as_command_error() from None
        self.stdout.write(self.summary(outcome))

    def load(self, path: str):
        raise NotImplementedError

    def summary(self, outcome) -> str:
        raise NotImplementedError
