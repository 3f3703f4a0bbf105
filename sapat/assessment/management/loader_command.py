"""The shell every CSV loader command shares: a file, --create-missing, every bad line as the error."""

from django.core.management.base import BaseCommand

from sapat.core.csvfiles import RowErrors


class LoaderCommand(BaseCommand):
    """Subclasses name `load` (path, create_missing=...) -> report and say what `summary(report)` prints."""

    load = None

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--create-missing", action="store_true", help="Create unknown classes, students, enrolments, subjects."
        )

    def handle(self, *args, file, create_missing, **options):
        try:
            report = type(self).load(file, create_missing=create_missing)
        except RowErrors as errors:
            raise errors.as_command_error() from None
        for line in self.summary(report):
            self.stdout.write(line)

    def summary(self, report) -> list[str]:
        raise NotImplementedError
