import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from sapat.indicators import registry
from sapat.indicators.selectors import Filter, figures, group_labels, period_for
from sapat.indicators.sources import SCHOOL_GROUPINGS, CountQuery
from sapat.structure.models import OrgUnit, Subject

CLI_BREAKDOWNS = (
    "class",
    "subject",
    "school",
    "district",
    "parallel",
    "gender",
    "school_kind",
    "settlement",
    *SCHOOL_GROUPINGS,
    "group",
    "course",
    "speciality",
    "department",
)


class Command(BaseCommand):
    help = (
        "Print the indicators of a unit for a period, optionally by class, subject, school or district "
        "(a college's: by group, course, speciality or department)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True)
        parser.add_argument("--year", required=True)
        parser.add_argument("--period", required=True)
        parser.add_argument("--subject")
        parser.add_argument("--by", choices=CLI_BREAKDOWNS)
        parser.add_argument("--indicator", help="One indicator of the registry: its value and the counts it used.")
        parser.add_argument("--json", action="store_true", help="Machine-readable output (the default).")

    def handle(self, *args, unit, year, period, subject, by, indicator, **options):
        if indicator:
            rows = one_indicator_rows(unit, year, period, subject, by, indicator)
        else:
            rows = indicator_rows(unit, year, period, subject, by)
        self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2, default=str))


def one_indicator_rows(unit_code, year, period_code, subject_code, by, code) -> list[dict]:
    """The rows of one indicator: its unrounded `value` and the summed counts (named by source) it used."""
    unit, period, subject = _selection(unit_code, year, period_code, subject_code)
    entry = registry.current().get(code, unit, period.ends_on)
    if entry is None:
        raise CommandError(_("Unknown indicator code: %(code)s.") % {"code": code})
    query = CountQuery(unit, (period,), subject_id=subject.pk if subject else None, by=by)
    result = registry.evaluate([entry], query, counts=True)
    labels = group_labels(by, result.keys()) if by else {}
    rows = []
    for key in sorted(result, key=lambda k: labels.get(k, (str(k), ""))[0]):
        label, name = labels.get(key, (None, None))
        values = result[key]
        row = {
            "unit": unit.code,
            "unit_name": unit.name,
            "by": by,
            "key": label,
            "key_name": name,
            "indicator": entry.code,
            "value": values.pop(entry.code),
        }
        as_of = values.pop("as_of")
        counts = {count: _plain(value) for count, value in values.items()}
        rows.append({**row, **counts, "as_of": _iso(as_of)})
    return rows


def _plain(value):
    """A count as JSON: an int, or a float for a sum of decimals."""
    return value if value is None or isinstance(value, int) else float(value)


def _selection(unit_code: str, year: str, period_code: str, subject_code: str | None):
    unit = OrgUnit.objects.filter(code=unit_code).first()
    if unit is None:
        raise CommandError(_("No unit with the code %(code)s.") % {"code": unit_code})
    period = period_for(unit, year, period_code)
    if period is None:
        raise CommandError(_("No period %(period)s in %(year)s.") % {"period": period_code, "year": year})
    subject = Subject.objects.filter(code=subject_code).first() if subject_code else None
    if subject_code and subject is None:
        raise CommandError(_("No subject with the code %(code)s.") % {"code": subject_code})
    return unit, period, subject


def indicator_rows(unit_code: str, year: str, period_code: str, subject_code: str | None, by: str | None):
    unit, period, subject = _selection(unit_code, year, period_code, subject_code)
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
