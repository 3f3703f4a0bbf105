"""`sapat load-units`: regions, districts and schools from a CSV file, idempotently, all or nothing."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sapat.core.csvfiles import RowErrors, read_rows

from . import services
from .models import OrgUnit

UNIT_COLUMNS = ("code", "kind", "parent", "name_ky", "name_kk", "name_ru", "name_en")
OPTIONAL_COLUMNS = ("country", "school_kind", "settlement", "tutor")


@transaction.atomic
def load_units(path: str) -> dict[str, int]:
    """Create or update each unit of the file; parents may come later in the file than their children."""
    rows = list(read_rows(path, UNIT_COLUMNS))
    rows.sort(key=lambda item: OrgUnit.LEVELS.get(item[1]["kind"], 9))
    counts, errors = {"created": 0, "changed": 0, "unchanged": 0}, []
    for line, row in rows:
        try:
            counts[_apply_unit(row)] += 1
        except ValidationError as error:
            errors.append((line, "; ".join(error.messages)))
    if errors:
        raise RowErrors(errors)
    return counts


def _apply_unit(row: dict) -> str:
    if row["kind"] not in OrgUnit.LEVELS:
        raise ValidationError(_("Unknown kind “%(kind)s”: use region, district or school.") % {"kind": row["kind"]})
    parent = _unit_or_error(row["parent"]) if row["parent"] else None
    fields = {name: row[name] for name in ("name_ky", "name_kk", "name_ru", "name_en")}
    fields.update({name: row[name] for name in ("country", "school_kind", "settlement") if row.get(name)})
    if row.get("tutor"):
        fields["tutor"] = _unit_or_error(row["tutor"])
    unit = OrgUnit.objects.filter(code=row["code"]).first()
    if unit is None:
        services.org_unit_create(code=row["code"], kind=row["kind"], parent=parent, **fields)
        return "created"
    if unit.kind != row["kind"]:
        raise ValidationError(_("Unit %(code)s exists as another kind.") % {"code": unit.code})
    changes = {name: value for name, value in {**fields, "parent": parent}.items() if getattr(unit, name) != value}
    if not changes:
        return "unchanged"
    services.org_unit_update(unit=unit, **changes)
    return "changed"


def _unit_or_error(code: str) -> OrgUnit:
    unit = OrgUnit.objects.filter(code=code).first()
    if unit is None:
        raise ValidationError(_("No unit with the code %(code)s.") % {"code": code})
    return unit
