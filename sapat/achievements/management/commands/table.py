import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from sapat.achievements.tables import BASES, BREAKDOWNS, KINDS, MEASURES, TableError, table
from sapat.projects.models import Project
from sapat.structure.models import OrgUnit


class Command(BaseCommand):
    help = (
        "Print a table of seed 004 as JSON: teachers' categories, student or teacher achievements by level, "
        "teachers' activities or the quality of knowledge, per unit and year, with the totals and a percent row "
        "stating its denominator."
    )

    def add_arguments(self, parser):
        parser.add_argument("--kind", required=True, choices=KINDS)
        parser.add_argument("--unit", required=True, help="The unit whose table it is (a region, district, school).")
        parser.add_argument("--years", required=True, help="Academic years like 2023-2024,2024-2025 (or 2024).")
        parser.add_argument("--by", choices=list(BREAKDOWNS), help="One row per district, school, project or group.")
        parser.add_argument("--basis", choices=BASES, default="persons", help="Achievements: persons or entries.")
        parser.add_argument("--measure", choices=MEASURES, default="awarded", help="Achievements: what is counted.")
        parser.add_argument("--project", help="A project's code: the rows are its member schools of each year.")
        parser.add_argument("--json", action="store_true", help="Machine-readable output (the default).")

    def handle(self, *args, kind, unit, years, by, basis, measure, project=None, **options):
        found = OrgUnit.objects.filter(code=unit).first()
        if found is None:
            raise CommandError(_("No unit with the code %(code)s.") % {"code": unit})
        chosen = None
        if project:
            chosen = Project.objects.filter(code=project).first()
            if chosen is None:
                raise CommandError(_("No project with the code %(code)s.") % {"code": project})
        try:
            result = table(
                kind=kind, unit=found, years=years.split(","), by=by, basis=basis, measure=measure, project=chosen
            )
        except TableError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
