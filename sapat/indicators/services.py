"""Writes to the indicator registry: the invariant part shipped with the code, and variative indicators that a
school, district or region defines as formulas over counts (checked before they are saved)."""

import datetime
import json
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sapat.core.multilingual import LANGUAGE_CODES
from sapat.core.querysets import unscoped
from sapat.core.services import validated_save
from sapat.structure.models import OrgUnit

from . import registry, sources
from .expressions import FormulaError, Linear, parse
from .models import Direction, Indicator

INVARIANT = Path(__file__).with_name("invariant.json")
FORMULA_FIELDS = ("numerator", "denominator", "numerator_in_subject", "denominator_in_subject")


@transaction.atomic
@unscoped("loading the shipped invariant indicators (at start-up and by the command line)")
def invariant_load(path: Path = INVARIANT) -> int:
    """Create the directions and invariant indicators shipped in `path` that the database lacks (runs after
    every migrate and after a test database is flushed); rows already there are left as they are. Returns how
    many indicators were created."""
    shipped = json.loads(path.read_text(encoding="utf-8"))
    for item in shipped["directions"]:
        Direction.objects.get_or_create(
            code=item["code"], defaults={"framework": item["framework"], "order": item["order"], **_names(item)}
        )
    effective_from = datetime.date.fromisoformat(shipped["effective_from"])
    have = set(Indicator.objects.filter(owner=None).values_list("code", flat=True))
    created = 0
    for item in shipped["indicators"]:
        if item["code"] not in have:
            _create_invariant(item, effective_from)
            created += 1
    if created:
        registry.forget()
    return created


def _create_invariant(item: dict, effective_from: datetime.date) -> None:
    fields = {key: item.get(key, "") for key in FORMULA_FIELDS}
    row = Indicator.objects.create(
        code=item["code"],
        measure=item["measure"],
        better=item["better"],
        precision=item["precision"],
        factor=item["factor"],
        headline=item["headline"],
        compared=item["compared"],
        order=item["order"],
        effective_from=effective_from,
        **fields,
        **_names(item),
    )
    row.directions.set(Direction.objects.filter(code__in=item.get("directions", [])))


def _names(item: dict) -> dict:
    names = item.get("names") or {}
    return {f"name_{code}": str(names.get(code, ""))[:255] for code in LANGUAGE_CODES}


# Variative indicators --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Definition:
    """What a unit asks to define: the fields of an Indicator, not yet checked."""

    code: str
    owner: OrgUnit | None  # None: the invariant part (a shipped data set's indicators)
    names: dict
    numerator: str
    denominator: str = ""
    factor: int = 1
    measure: str = Indicator.Measure.PERCENT
    better: str = Indicator.Better.HIGHER
    precision: int = 1
    effective_from: datetime.date | None = None
    directions: tuple[str, ...] = ()


def definition_problems(definition: Definition) -> dict[str, str]:
    """Why `definition` cannot be saved, by field (empty when it can): unknown counts, a formula that is not a
    sum of counts, counts of data with different kinds of period, a unit of measure that does not fit, a code
    already in use for the unit."""
    problems: dict[str, str] = {}
    known = names_for(definition.owner)
    parsed = {}
    for field_name in ("numerator", "denominator"):
        text = getattr(definition, field_name)
        if field_name == "denominator" and not text.strip():
            continue
        try:
            parsed[field_name] = parse(text, known)
        except FormulaError as error:
            problems[field_name] = str(error)
    if not problems:
        problems.update(_kind_problems(parsed))
        problems.update(_measure_problems(definition, parsed))
    problems.update(_code_problems(definition))
    if not any(definition.names.get(code) for code in LANGUAGE_CODES):
        problems["names"] = _("Give the name in at least one language.")
    return problems


def names_for(unit: OrgUnit | None) -> set[str]:
    """Every count name a formula of `unit` may use (None: of the invariant part): the counts of the fixed
    sources and of the data sets the unit may use."""
    return {f"{s.code}.{c.code}" for s in sources.available_sources(unit) for c in s.counts()}


def _kind_problems(parsed: dict[str, Linear]) -> dict[str, str]:
    """Counts of sources that share no kind of period (a yearly data set and a quarterly one) give no figure in
    any period. Marks have every kind: beside a yearly data set the indicator has values for years only."""
    kinds = None
    for formula in parsed.values():
        for name in formula.names:
            found = sources.source(name.partition(".")[0])
            if found is not None and found.period_kinds is not None:
                kinds = set(found.period_kinds) if kinds is None else kinds & found.period_kinds
    if kinds is not None and not kinds:
        return {"numerator": _("The formula mixes data kept for different kinds of period.")}
    return {}


def _measure_problems(definition: Definition, parsed: dict[str, Linear]) -> dict[str, str]:
    has_denominator = "denominator" in parsed
    measure = definition.measure
    if measure == Indicator.Measure.COUNT and (has_denominator or definition.factor != 1):
        return {"measure": _("A count has no denominator and no factor.")}
    if measure != Indicator.Measure.COUNT and not has_denominator:
        return {"denominator": _("A percentage, an average or a ratio needs a denominator.")}
    if measure == Indicator.Measure.PERCENT and definition.factor != 100:
        return {"factor": _("A percentage is multiplied by 100.")}
    if measure == Indicator.Measure.PER_100 and definition.factor != 100:
        return {"factor": _("A figure per 100 is multiplied by 100.")}
    return {}


def _code_problems(definition: Definition) -> dict[str, str]:
    try:
        Indicator._meta.get_field("code").run_validators(definition.code)
    except ValidationError as error:
        return {"code": " ".join(error.messages)}
    owner = definition.owner
    same_code = Indicator.objects.filter(code=definition.code)
    if owner is None:
        clash = same_code.exclude(owner=None).exists()
    else:
        above = registry.current().in_force(owner, datetime.date.max)
        below = same_code.filter(owner__path__startswith=owner.path).exclude(owner=owner).exists()
        clash = below or any(e.code == definition.code and e.owner_id != owner.pk for e in above)
    if clash:
        return {
            "code": _("The code %(code)s is already used by another indicator of this unit.")
            % {"code": definition.code}
        }
    return {}


@transaction.atomic
@unscoped("an indicator service: its caller checked who may define indicators for the owner")
def indicator_define(*, definition: Definition) -> Indicator:
    """Save a variative indicator, or a new version of one (same owner and code, a later date); refused with
    the problems by field when `definition_problems` finds any."""
    problems = definition_problems(definition)
    if problems:
        raise ValidationError(problems)
    effective_from = definition.effective_from or datetime.date.today()
    row = Indicator.objects.filter(owner=definition.owner, code=definition.code, effective_from=effective_from).first()
    row = row or Indicator(owner=definition.owner, code=definition.code, effective_from=effective_from)
    row.numerator, row.denominator = definition.numerator.strip(), definition.denominator.strip()
    row.factor, row.measure, row.better = definition.factor, definition.measure, definition.better
    row.precision = definition.precision
    row.headline = row.compared = True
    for code in LANGUAGE_CODES:
        setattr(row, f"name_{code}", definition.names.get(code, ""))
    validated_save(row)
    row.directions.set(Direction.objects.filter(code__in=definition.directions))
    registry.forget()
    return row
