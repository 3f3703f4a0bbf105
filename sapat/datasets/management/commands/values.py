import json

from django.core.management.base import BaseCommand

from sapat.datasets.commandline import named
from sapat.datasets.selectors import values_rows


class Command(BaseCommand):
    help = "Print a data set's summed values as JSON, one row per unit of the breakdown; see docs/cli.md."

    def add_arguments(self, parser):
        parser.add_argument("--dataset", required=True)
        parser.add_argument("--unit", required=True)
        parser.add_argument("--year", required=True)
        parser.add_argument("--period", required=True)
        parser.add_argument("--by", choices=("school", "district", "class"))
        parser.add_argument("--json", action="store_true", help="Machine-readable output (the default).")

    def handle(self, *args, dataset, unit, year, period, by, **options):
        found, place, when = named(dataset, unit, year, period)
        rows = values_rows(found, place, when, by)
        self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
