"""`sapat report KIND --param key=value ... --language ky --format pdf --user NAME -o FILE`: build one report
from the command line, as the user NAME would see it (the same scoping rule as the pages)."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from sapat.reports.builders import REPORTS
from sapat.reports.renderers import FORMATS, render


class Command(BaseCommand):
    help = "Build one report (control-note, report-card, public) to a file."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(REPORTS))
        parser.add_argument("--param", action="append", default=[], help="key=value, e.g. unit=A (repeat)")
        parser.add_argument("--language", default="ru", choices=("ky", "kk", "ru", "en"))
        parser.add_argument("--format", default="pdf", choices=FORMATS)
        parser.add_argument("--user", help="build as this user (required except for the public report)")
        parser.add_argument("-o", "--output", required=True)

    def handle(self, *args, **options):
        report = REPORTS[options["kind"]]
        params = dict(self._pair(item) for item in options["param"])
        user = self._user(options["user"], report.public)
        try:
            resolved = report.resolve(params, user)
        except Http404 as error:
            raise CommandError("Not found or not within the user's reach.") from error
        document = report.build(resolved, options["language"], lambda percent: None)
        Path(options["output"]).write_bytes(render(document, options["format"]))
        self.stdout.write(f"{options['output']}: {document.title}")

    @staticmethod
    def _pair(item: str) -> tuple[str, str]:
        key, sep, value = item.partition("=")
        if not sep:
            raise CommandError(f"--param takes key=value, not {item!r}")
        return key, value

    @staticmethod
    def _user(name: str | None, public: bool):
        if name is None:
            if public:
                return None
            raise CommandError("--user is required for this report.")
        try:
            return get_user_model().objects.get(username=name)
        except get_user_model().DoesNotExist as error:
            raise CommandError(f"No user {name!r}.") from error
