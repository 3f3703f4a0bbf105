import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sapat.analysis.ratings import LEVELS, rating
from sapat.indicators import registry
from sapat.indicators.selectors import period_for
from sapat.structure.models import OrgUnit, Subject

HELP = gettext_lazy(
    "Print a rating as JSON: the schools or districts under a unit, or the classes of a school, ranked by an "
    "indicator. Each row: rank (equal values share a rank: 1, 2, 2, 4), unit (code), name, value "
    "(unrounded), band (code), n (students) and rated (false for groups below the scheme's minimum size "
    "and for units without data, which come last with no rank)."
)


class Command(BaseCommand):
    def create_parser(self, prog_name, subcommand, **kwargs):
        self.help = str(HELP)  # argparse wants a plain string, in the language of this run
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("--level", required=True, choices=LEVELS, help=_("What to rank."))
        parser.add_argument("--unit", required=True, help=_("The unit whose schools, districts or classes are ranked."))
        parser.add_argument("--year", required=True, help=_("The academic year, like 2024-2025."))
        parser.add_argument("--period", default="year", help=_("The period code, e.g. q2; the year when left out."))
        parser.add_argument("--indicator", required=True, help=_("An indicator code, e.g. quality_pct."))
        parser.add_argument("--subject", help=_("A subject code; all subjects when left out."))
        parser.add_argument("--json", action="store_true", help=_("Machine-readable output (the default)."))

    def handle(self, *args, level, unit, year, period, indicator, subject, **options):
        rows = rating_rows(level, unit, year, period, indicator, subject)
        self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))


def rating_rows(
    level: str, unit_code: str, year: str, period_code: str, indicator: str, subject_code: str | None
) -> list[dict]:
    """The ranked rows as printed; raises CommandError naming what was not found."""
    unit = OrgUnit.objects.filter(code=unit_code).first()
    if unit is None:
        raise CommandError(_("No unit with the code %(code)s.") % {"code": unit_code})
    period = period_for(unit, year, period_code)
    if period is None:
        raise CommandError(_("No period %(period)s in %(year)s.") % {"period": period_code, "year": year})
    if registry.current().get(indicator, unit, period.ends_on) is None:
        raise CommandError(_("Unknown indicator code: %(code)s.") % {"code": indicator})
    subject = Subject.objects.filter(code=subject_code).first() if subject_code else None
    if subject_code and subject is None:
        raise CommandError(_("No subject with the code %(code)s.") % {"code": subject_code})
    found = rating(level=level, unit=unit, period=period, indicator=indicator, subject_id=subject and subject.pk)
    return [row.as_dict() for row in found.rows]
