import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from sapat.datasets.definitions import SHIPPED, DefinitionRefused, dataset_load


class Command(BaseCommand):
    help = (
        "Define or update data sets from their JSON descriptions (idempotent); --shipped loads the data sets "
        "Sapat ships; --assign-to adds units that report them. See docs/cli.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*")
        parser.add_argument("--shipped", action="store_true", help="The data sets in sapat/datasets/shipped/.")
        parser.add_argument("--assign-to", action="append", default=[], help="A unit code; may be repeated.")

    @transaction.atomic
    def handle(self, *args, files, shipped, assign_to, **options):
        paths = [*files, *(sorted(str(p) for p in SHIPPED.glob("*.json")) if shipped else [])]
        if not paths:
            raise CommandError(_("Name a JSON file, or use --shipped."))
        for path in paths:
            self._load(path, assign_to)

    def _load(self, path: str, assign_to: list[str]) -> None:
        description = read_json(path)
        if isinstance(description, dict) and assign_to:
            description = {**description, "assign_to": [*description.get("assign_to", []), *assign_to]}
        try:
            dataset = dataset_load(description)
        except DefinitionRefused as refused:
            lines = [_("The data set in %(path)s was refused, nothing was saved.") % {"path": path}, *refused.messages]
            raise CommandError("\n".join(lines)) from None
        self.stdout.write(
            _("Data set %(code)s: %(elements)s elements, %(rules)s rules.")
            % {"code": dataset.code, "elements": dataset.elements.count(), "rules": dataset.rules.count()}
        )


def read_json(path: str):
    try:
        return json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except FileNotFoundError as error:
        raise CommandError(_("File not found: %(path)s") % {"path": path}) from error
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise CommandError(_("The file is not valid JSON: %(error)s") % {"error": error}) from error
