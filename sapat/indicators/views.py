"""The registry seen from a unit: the indicators in force there by direction (invariant and the unit's own),
and the form that defines a variative indicator, with a preview on live data before it is saved."""

import datetime
from dataclasses import replace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from sapat.access.scope import can_change, restrict
from sapat.structure.models import OrgUnit

from . import registry, sources
from .forms import IndicatorForm
from .models import Direction, Indicator
from .registry import entry_of
from .selectors import group_labels
from .services import definition_problems, indicator_define


def _unit(request, code: str) -> OrgUnit:
    return get_object_or_404(restrict(OrgUnit.objects.all(), request.user), code=code)


@login_required
def index(request, code: str):
    unit = _unit(request, code)
    entries = registry.current().in_force(unit, datetime.date.today())
    directions = list(Direction.objects.all())
    grouped = [(d, [e for e in entries if d.code in e.directions]) for d in directions]
    context = {
        "unit": unit,
        "grouped": [(d, found) for d, found in grouped if found],
        "untagged": [e for e in entries if not e.directions],
        "own": [e for e in entries if not e.invariant],
        "may_define": can_change(request.user, unit),
        "counts": _offered(unit),
    }
    return render(request, "indicators/index.html", context)


def _offered(unit: OrgUnit) -> list:
    """The counts a formula of the unit may name, by source (shown beside the form)."""
    return [
        (source, [f"{source.code}.{count.code}" for count in source.counts()])
        for source in sources.available_sources(unit)
    ]


@login_required
def define(request, code: str):
    unit = _unit(request, code)
    if not can_change(request.user, unit):
        raise PermissionDenied
    form = IndicatorForm(request.POST or None, unit=unit)
    preview = None
    if request.method == "POST" and form.is_valid():
        definition = form.definition()
        problems = definition_problems(definition)
        for field, message in problems.items():
            form.add_error(field if field in form.fields else None, message)
        if not problems and "save" in request.POST:
            try:
                indicator_define(definition=definition)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The indicator %(code)s is saved.") % {"code": definition.code})
                return redirect("indicators:index", unit.code)
        elif not problems:
            preview = _preview(definition, unit, form.cleaned_data.get("period"))
    context = {"unit": unit, "form": form, "preview": preview, "counts": _offered(unit)}
    return render(request, "indicators/define.html", context)


def _preview(definition, unit: OrgUnit, period) -> dict | None:
    """The would-be indicator computed on live data for the unit and the units (or classes) under it."""
    if period is None:
        return None
    row = Indicator(
        code=definition.code,
        numerator=definition.numerator,
        denominator=definition.denominator,
        factor=definition.factor,
        measure=definition.measure,
        better=definition.better,
        precision=definition.precision,
        effective_from=datetime.date.min,
        owner=unit,
        **{f"name_{c}": v for c, v in definition.names.items()},
    )
    entry = entry_of(row)
    by = {"region": "district", "district": "school"}.get(unit.kind, "class")
    query = sources.CountQuery(unit, (period,))
    names = sorted(entry.names_used)

    def line(label, row):
        return (label, row.get(entry.code), [row.get(name) for name in names])

    own = registry.evaluate([entry], query, counts=True)[None]
    rows = registry.evaluate([entry], replace(query, by=by), counts=True)
    labels = group_labels(by, rows.keys())
    listed = sorted((line(labels.get(k, (str(k), str(k)))[1], r) for k, r in rows.items()), key=lambda x: x[0])
    return {"entry": entry, "period": period, "rows": [line(unit.name, own), *listed], "names": names}
