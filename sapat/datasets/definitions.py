"""Defining a data set from its JSON description (`sapat load-dataset`, the shipped data sets in shipped/).

The description (docs/cli.md): code, names in four languages, level, period_kind, elements (code, names,
type integer|decimal|yes_no|option, min, max, options), rules (left, op, right, importance, names), and
optionally unit_kind (schools | colleges: only schools or only colleges keep it), country, owner (a unit code),
grade_from, grade_to, entry_roles, opens_days_before_end, closes_days_after_end, directions, assign_to (unit
codes) and indicators (the registry's, as `sapat define-indicator` takes them, without a unit). Loading is
idempotent: the data set, its elements and options are matched by code and updated; the rules are replaced;
an element that has values is never removed.
"""

from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sapat.access.models import Role
from sapat.core.multilingual import LANGUAGE_CODES
from sapat.core.services import validated_save
from sapat.indicators.models import Direction
from sapat.structure.models import OrgUnit, Period

from . import sources
from .models import Assignment, DataElement, DataSet, DataValue, ElementOption, ValidationRule
from .services import rule_problem

SHIPPED = Path(__file__).with_name("shipped")  # the data sets Sapat ships (`sapat load-dataset --shipped`)
LEVELS = [level.value for level in DataSet.Level]
TYPES = [kind.value for kind in DataElement.Type]
OPS = [op.value for op in ValidationRule.Op]
IMPORTANCE = [importance.value for importance in ValidationRule.Importance]
PERIOD_KINDS = [kind.value for kind in Period.Kind]
UNIT_KINDS = ["", *(kind.value for kind in DataSet.UnitKind if kind.value)]  # "": schools and colleges


class DefinitionRefused(ValidationError):
    """The description cannot be loaded: every problem found, each naming where it is."""


@transaction.atomic
def dataset_load(description) -> DataSet:
    """Create or update the data set `description` describes (a parsed JSON object), or refuse it whole."""
    problems = description_problems(description)
    if problems:
        raise DefinitionRefused(problems)
    owner = OrgUnit.objects.get(code=description["owner"]) if description.get("owner") else None
    dataset = DataSet.objects.filter(code=description["code"]).first() or DataSet(code=description["code"])
    _set_fields(dataset, description, owner)
    validated_save(dataset)
    _load_elements(dataset, description["elements"])
    _load_rules(dataset, description.get("rules", []))
    dataset.directions.set(Direction.objects.filter(code__in=description.get("directions", [])))
    for code in description.get("assign_to", []):
        Assignment.objects.get_or_create(dataset=dataset, unit=OrgUnit.objects.get(code=code))
    dataset.save()  # after its elements: its changed_at stamps the count sources' snapshot
    sources.forget()
    _load_indicators(dataset, description.get("indicators", []), owner)
    return dataset


def _set_fields(dataset: DataSet, description: dict, owner) -> None:
    dataset.level = description["level"]
    dataset.period_kind = description["period_kind"]
    dataset.owner = owner
    dataset.country = description.get("country", "")
    dataset.unit_kind = description.get("unit_kind", "")
    dataset.grade_from = description.get("grade_from")
    dataset.grade_to = description.get("grade_to")
    dataset.entry_roles = list(description.get("entry_roles", []))
    dataset.opens_days_before_end = description.get("opens_days_before_end")
    dataset.closes_days_after_end = description.get("closes_days_after_end")
    _set_names(dataset, description)


def _set_names(obj, item: dict) -> None:
    names = item.get("names") or {}
    for code in LANGUAGE_CODES:
        setattr(obj, f"name_{code}", str(names.get(code, ""))[:255])


def _load_elements(dataset: DataSet, elements: list[dict]) -> None:
    kept = {item["code"] for item in elements}
    gone = dataset.elements.exclude(code__in=kept)
    used = DataValue.objects.filter(element__in=gone).values_list("element__code", flat=True).distinct()
    if used:
        raise DefinitionRefused(
            _("The elements %(codes)s have values and cannot be removed.") % {"codes": ", ".join(sorted(used))}
        )
    gone.delete()
    for order, item in enumerate(elements):
        element = dataset.elements.filter(code=item["code"]).first() or DataElement(dataset=dataset, code=item["code"])
        element.value_type = item["type"]
        element.min_value, element.max_value = _decimal(item.get("min")), _decimal(item.get("max"))
        element.order = order
        _set_names(element, item)
        validated_save(element)
        _load_options(element, item.get("options", []) if item["type"] == "option" else [])


def _load_options(element: DataElement, options: list[dict]) -> None:
    kept = {item["code"] for item in options}
    gone = element.options.exclude(code__in=kept)
    if DataValue.objects.filter(option__in=gone).exists():
        raise DefinitionRefused(
            _("Options of %(element)s that have answers cannot be removed.") % {"element": element.code}
        )
    gone.delete()
    for order, item in enumerate(options):
        option = element.options.filter(code=item["code"]).first() or ElementOption(element=element, code=item["code"])
        option.order = order
        _set_names(option, item)
        option.full_clean(exclude=["name_ky", "name_kk", "name_ru", "name_en"])
        option.save()


def _load_rules(dataset: DataSet, rules: list[dict]) -> None:
    dataset.rules.all().delete()
    for order, item in enumerate(rules):
        rule = ValidationRule(dataset=dataset, left=item["left"], op=item["op"], right=item["right"], order=order)
        rule.importance = item.get("importance", ValidationRule.Importance.HARD)
        _set_names(rule, item)
        validated_save(rule)


def _load_indicators(dataset: DataSet, indicators: list[dict], owner) -> None:
    from sapat.indicators.services import Definition, indicator_define

    for item in indicators:
        definition = Definition(
            code=item["code"],
            owner=owner,
            names=item.get("names") or {},
            numerator=item["numerator"],
            denominator=item.get("denominator", ""),
            factor=item.get("factor", 1),
            measure=item.get("measure", "percent"),
            better=item.get("better", "higher"),
            precision=item.get("precision", 1),
            directions=tuple(item.get("directions") or (d.code for d in dataset.directions.all())),
        )
        try:
            indicator_define(definition=definition)
        except ValidationError as error:
            raise DefinitionRefused(
                [
                    _("Indicator %(code)s: %(problem)s") % {"code": item["code"], "problem": message}
                    for message in error.messages
                ]
            ) from error


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    return Decimal(str(value))


# Checking a description ------------------------------------------------------------------------------------


def description_problems(description) -> list[str]:
    """Every problem of a description, each a sentence saying where it is."""
    if not isinstance(description, dict):
        return [_("The description must be a JSON object.")]
    problems = []
    problems += _top_problems(description)
    elements = description.get("elements")
    if not isinstance(elements, list) or not elements:
        problems.append(_("“elements” must list at least one element."))
        return problems
    for number, element in enumerate(elements, start=1):
        problems += [_("Element %(n)s: %(problem)s") % {"n": number, "problem": p} for p in _element_problems(element)]
    codes = [element.get("code") for element in elements if isinstance(element, dict)]
    if len(codes) != len(set(codes)):
        problems.append(_("Two elements have the same code."))
    if problems:
        return problems
    for number, rule in enumerate(description.get("rules") or [], start=1):
        problems += [_("Rule %(n)s: %(problem)s") % {"n": number, "problem": p} for p in _rule_problems(rule, elements)]
    return problems


def _top_problems(description: dict) -> list[str]:
    problems = []
    code = description.get("code")
    if not isinstance(code, str) or not code:
        problems.append(_("“code” is missing."))
    checks = (
        ("level", LEVELS, _("“level” must be one of: %(values)s.")),
        ("period_kind", PERIOD_KINDS, _("“period_kind” must be one of: %(values)s.")),
        ("unit_kind", UNIT_KINDS, _("“unit_kind” must be one of: %(values)s.")),
    )
    for key, allowed, message in checks:
        if description.get(key, "" if key == "unit_kind" else None) not in allowed:
            problems.append(message % {"values": " ".join(a for a in allowed if a)})
    if not _has_name(description):
        problems.append(_("“names” must give the name in at least one of ky, kk, ru, en."))
    owner = description.get("owner")
    if owner and not OrgUnit.objects.filter(code=owner).exists():
        problems.append(_("No unit with the code %(code)s.") % {"code": owner})
    missing = [code for code in description.get("assign_to", []) if not OrgUnit.objects.filter(code=code).exists()]
    if missing:
        problems.append(_("No unit with the code %(code)s.") % {"code": ", ".join(map(str, missing))})
    roles = set(description.get("entry_roles", [])) - set(Role.values)
    if roles:
        problems.append(_("Unknown roles in “entry_roles”: %(roles)s.") % {"roles": ", ".join(sorted(map(str, roles)))})
    return problems


def _has_name(item) -> bool:
    names = item.get("names") if isinstance(item, dict) else None
    return isinstance(names, dict) and any(isinstance(names.get(code), str) and names[code] for code in LANGUAGE_CODES)


def _element_problems(element) -> list[str]:
    if not isinstance(element, dict):
        return [_("an element must be a JSON object.")]
    problems = []
    if not isinstance(element.get("code"), str) or not element.get("code"):
        problems.append(_("“code” is missing."))
    if element.get("type") not in TYPES:
        problems.append(_("“type” must be one of: %(values)s.") % {"values": " ".join(TYPES)})
    if not _has_name(element):
        problems.append(_("“names” must give the name in at least one of ky, kk, ru, en."))
    for key in ("min", "max"):
        if element.get(key) is not None and _bad_number(element[key]):
            problems.append(_("“%(key)s” must be a number.") % {"key": key})
    if element.get("type") == "option":
        problems += _option_problems(element.get("options"))
    return problems


def _bad_number(value) -> bool:
    if isinstance(value, bool):
        return True
    try:
        return not Decimal(str(value)).is_finite()
    except InvalidOperation:
        return True


def _option_problems(options) -> list[str]:
    if not isinstance(options, list) or not options:
        return [_("an option element must list its options.")]
    codes = [option.get("code") if isinstance(option, dict) else None for option in options]
    if any(not isinstance(code, str) or not code or code == "answered" for code in codes):
        return [_("every option needs a code (not “answered”).")]
    if len(set(codes)) != len(codes):
        return [_("two options have the same code.")]
    return []


def _rule_problems(rule, elements: list[dict]) -> list[str]:
    if not isinstance(rule, dict):
        return [_("a rule must be a JSON object.")]
    problems = []
    if rule.get("op") not in OPS:
        problems.append(_("“op” must be one of: %(values)s.") % {"values": " ".join(OPS)})
    if rule.get("importance", "hard") not in IMPORTANCE:
        problems.append(_("“importance” must be hard or soft."))
    shapes = [{"code": e["code"], "options": [o["code"] for o in e.get("options") or []]} for e in elements]
    for side in ("left", "right"):
        problem = rule_problem(rule.get(side) or "", shapes)
        if problem:
            problems.append(f"{side}: {problem}")
    return problems
