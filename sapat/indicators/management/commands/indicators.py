import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from sapat.indicators.selectors import Filter, figures, group_labels, period_for
from sapat.structure.models import OrgUnit, Subject

CLI_BREAKDOWNS = ("class", "subject", "school", "district", "parallel", "gender", "school_kind", "settlement")


class Command(BaseCommand):
    help = "Print the indicators of a unit for a period, optionally by class, subject, school or district."

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True)
        parser.add_argument("--year", required=True)
        parser.add_argument("--period", required=True)
        parser.add_argument("--subject")
        parser.add_argument("--by", choices=CLI_BREAKDOWNS)
        parser.add_argument("--json", action="store_true", help="Machine-readable output (the default).")

    def handle(self, *args, unit, year, period, subject, by, **options):
        rows = indicator_rows(unit, year, period, subject, by)
        self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2, default=str))


def indicator_rows(unit_code: str, year: str, period_code: str, subject_code: str | None, by: str | None):
    unit = OrgUnit.objects.filter(code=unit_code).first()
    if unit is None:
        raise CommandError(_("No unit with the code %(code)s.") % {"code": unit_code})
    period = period_for(unit, year, period_code)
    if period is None:
        raise CommandError(_("No period %(period)s in %(year)s.") % {"period": period_code, "year": year})
    subject = Subject.objects.filter(code=subject_code).first() if subject_code else None
    if subject_code and subject is None:
        raise CommandError(_("No subject with the code %(code)s.") % {"code": subject_code})
    flt = Filter(unit=unit, period=period, subject_id=subject.pk if subject else None)
    result = figures(flt, by=by)
    labels = group_labels(by, result.keys()) if by else {}
    rows = []
    for key in sorted(result, key=lambda k: labels.get(k, (str(k), ""))[0]):
        code, name = labels.get(key, (None, None))
        row = {"unit": unit.code, "unit_name": unit.name, "by": by, "key": code, "key_name": name}
        rows.append({**row, **result[key], "as_of": _iso(result[key]["as_of"])})
    return rows


def _iso(moment):
    return moment.isoformat() if moment else None
