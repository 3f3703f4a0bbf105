import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from sapat.indicators.control import control_analysis
from sapat.structure.models import AcademicYear, OrgUnit, Period, Subject


class Command(BaseCommand):
    help = (
        "Print the analysis of an administrative control work for a unit as JSON: per class and in total, "
        "on roll, wrote, 5/4/3/2, success, quality, СОУ and average (percentages unrounded, null when nobody "
        "wrote); --compare adds another work of the same classes and the change Δ = work − compared work; "
        "--against compares each control mark with the journal mark of a period (confirmed, raised, lowered)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, help="A school or any unit above it.")
        parser.add_argument("--year", required=True, help="The academic year, like 2024-2025.")
        parser.add_argument("--subject", required=True)
        parser.add_argument("--work", required=True, help="The work's code, e.g. h2.")
        parser.add_argument("--compare", help="The code of the work to compare with, e.g. h1.")
        parser.add_argument("--against", help="The period of the journal marks to compare with, e.g. h1 or q2.")
        parser.add_argument("--json", action="store_true", help="Machine-readable output (the default).")

    def handle(self, *args, unit, year, subject, work, compare, against, **options):
        result = analysis_object(unit, year, subject, work, compare, against)
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2, default=str))


def analysis_object(unit_code, year_code, subject_code, work, compare=None, against_code=None) -> dict:
    unit = OrgUnit.objects.filter(code=unit_code).first()
    if unit is None:
        raise CommandError(_("No unit with the code %(code)s.") % {"code": unit_code})
    year = AcademicYear.objects.filter(country=unit.country, code=year_code).first()
    if year is None:
        raise CommandError(_("No academic year %(code)s for this country.") % {"code": year_code})
    subject = Subject.objects.filter(code=subject_code).first()
    if subject is None:
        raise CommandError(_("No subject with the code %(code)s.") % {"code": subject_code})
    period = Period.objects.filter(year=year, code=against_code).first() if against_code else None
    if against_code and period is None:
        raise CommandError(_("No period %(period)s in %(year)s.") % {"period": against_code, "year": year_code})
    found = control_analysis(unit=unit, year=year, subject=subject, work=work, compare=compare, against=period)
    head = {
        "unit": unit.code,
        "year": year.code,
        "subject": subject.code,
        "work": work,
        "compare": compare,
        "against": against_code,
    }
    return {**head, **found}
