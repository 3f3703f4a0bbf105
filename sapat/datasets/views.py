"""The pages of data sets: the list a unit reports, the form (keyboard-first, saved all or nothing), the steps
of approval and the board of completeness × validation × approval.

Units are fetched through the scoping rule (another unit's is a 404 like a missing one) and a data set among
those the unit reports; entering, submitting and approving are then asked of datasets.access.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from sapat.access.scope import oversees, restrict
from sapat.structure.models import OrgUnit, Period, SchoolClass
from sapat.structure.selectors import current_year

from . import access, forms
from .models import DataSet, Submission
from .selectors import board, datasets_for, form_classes, submission_of
from .services import StepRefused, ValuesRefused, entry_window, submission_step, values_save


def _unit(request, code: str) -> OrgUnit:
    return get_object_or_404(restrict(OrgUnit.objects.all(), request.user), code=code)


def _dataset(unit: OrgUnit, code: str) -> DataSet:
    found = next((dataset for dataset in datasets_for(unit) if dataset.code == code), None)
    if found is None:
        raise Http404
    return found


def _period(dataset: DataSet, unit: OrgUnit, pk: int) -> Period:
    return get_object_or_404(Period, pk=pk, kind=dataset.period_kind, year__country=unit.country)


def _periods(dataset: DataSet, unit: OrgUnit) -> list[Period]:
    """The periods of the data set's kind in the academic year running now (else the latest)."""
    year = current_year(unit.country)
    return list(Period.objects.filter(year=year, kind=dataset.period_kind).order_by("starts_on")) if year else []


def _current(periods: list[Period]) -> Period | None:
    today = timezone.localdate()
    return next((p for p in periods if p.starts_on <= today <= p.ends_on), periods[-1] if periods else None)


@login_required
def index(request, code: str):
    """The data sets a unit reports (or collects, for a district or region), each with its current period."""
    unit = _unit(request, code)
    items = []
    for dataset in datasets_for(unit):
        periods = _periods(dataset, unit)
        period = _current(periods)
        if period is None or not _sees(request.user, dataset, unit):
            continue
        items.append(
            {
                "dataset": dataset,
                "periods": periods,
                "period": period,
                "submission": submission_of(dataset, period, unit),
            }
        )
    return render(request, "datasets/index.html", {"unit": unit, "items": items})


def _sees(user, dataset: DataSet, unit: OrgUnit) -> bool:
    """Overseers see a unit's data sets; a teacher sees those they enter for their classes."""
    if oversees(user, unit):
        return True
    if dataset.per_school and unit.is_school:
        return bool(access.classes_entered_by(user, dataset, form_classes_any(unit, user)))
    return access.may_enter(user, dataset, unit)


def form_classes_any(school: OrgUnit, user):
    year = current_year(school.country)
    classes = SchoolClass.objects.filter(school=school, year=year).select_related("school")
    return list(restrict(classes, user)) if year else []


@login_required
def form(request, code: str, dataset_code: str, period_pk: int):
    unit = _unit(request, code)
    dataset = _dataset(unit, dataset_code)
    period = _period(dataset, unit, period_pk)
    if unit.kind != dataset.reporting_kind:
        return redirect("datasets:board", code, dataset.code, period.pk)
    school_class = _chosen_class(request, dataset, unit, period)
    targets = [t for t in forms.targets_of(dataset, unit, period, school_class) if _row_visible(request, dataset, t)]
    if not targets and dataset.level != DataSet.Level.STUDENT and not oversees(request.user, unit):
        raise Http404
    submission = submission_of(dataset, period, unit)
    locked = bool(submission and submission.locked)

    def editable(target):
        return not locked and access.may_enter(request.user, dataset, unit, target.school_class)

    rows = forms.rows_of(dataset, period, targets, editable=editable)
    problems = []
    if request.method == "POST":
        if not any(row.editable for row in rows):
            raise PermissionDenied
        try:
            outcome = values_save(
                dataset=dataset,
                period=period,
                entries=forms.entries_of(rows, request.POST),
                user=request.user,
                note=f"form {dataset.code}",
            )
        except ValuesRefused as refused:
            problems = list(refused.messages)
            rows = forms.rows_of(dataset, period, targets, request.POST, _cell_errors(rows, refused), editable)
        else:
            _say_saved(request, outcome)
            return redirect(request.get_full_path())
    return render(
        request,
        "datasets/form.html",
        _form_context(request, dataset, unit, period, school_class, rows, submission, problems),
    )


def _chosen_class(request, dataset: DataSet, unit: OrgUnit, period: Period) -> SchoolClass | None:
    if dataset.level != DataSet.Level.STUDENT:
        return None
    classes = [c for c in form_classes(dataset, period, unit) if _class_visible(request, dataset, c)]
    wanted = request.GET.get("class", "")
    chosen = next((c for c in classes if str(c.pk) == wanted), None)
    return chosen or (classes[0] if classes else None)


def _class_visible(request, dataset: DataSet, school_class: SchoolClass) -> bool:
    return oversees(request.user, school_class.school) or access.may_enter(
        request.user, dataset, school_class.school, school_class
    )


def _row_visible(request, dataset: DataSet, target) -> bool:
    if target.school_class is None:  # a unit's own values: for who oversees it or enters them, not its students
        return _sees(request.user, dataset, target.unit)
    return _class_visible(request, dataset, target.school_class)


def _cell_errors(rows: list, refused: ValuesRefused) -> dict:
    """The refusals by input name: a cell's own, or a rule's on the row's first cell."""
    by_name = {}
    for number, column, message in refused.errors:
        if not 1 <= number <= len(rows):
            continue
        row = rows[number - 1]
        cell = next((c for c in row.cells if c.element.name == column), row.cells[0] if row.cells else None)
        if cell is not None:
            by_name.setdefault(cell.name, message)
    return by_name


def _say_saved(request, outcome) -> None:
    changed = outcome.created + outcome.changed + outcome.removed
    messages.success(request, ngettext("%(n)s value saved.", "%(n)s values saved.", changed) % {"n": changed})
    for target, _codes, message in outcome.flags:
        messages.warning(
            request, _("%(target)s: flagged for follow-up: %(rule)s") % {"target": target, "rule": message}
        )


def _form_context(request, dataset, unit, period, school_class, rows, submission, problems) -> dict:
    opens, closes = entry_window(dataset, period)
    return {
        "dataset": dataset,
        "unit": unit,
        "period": period,
        "periods": _periods(dataset, unit),
        "rows": rows,
        "elements": list(dataset.elements.prefetch_related("options")),
        "classes": [c for c in form_classes(dataset, period, unit) if _class_visible(request, dataset, c)]
        if dataset.level == DataSet.Level.STUDENT
        else [],
        "school_class": school_class,
        "submission": submission,
        "events": list(submission.events.select_related("user")) if submission else [],
        "editable": any(row.editable for row in rows),
        "may_submit": access.may_enter(request.user, dataset, unit),
        "may_approve": access.may_approve(request.user, unit),
        "problems": problems,
        "opens": opens,
        "closes": closes,
    }


@login_required
@require_POST
def step(request, code: str, dataset_code: str, period_pk: int):
    """Submit, approve, return or reopen (datasets.services.submission_step says who may)."""
    unit = _unit(request, code)
    dataset = _dataset(unit, dataset_code)
    period = _period(dataset, unit, period_pk)
    action = request.POST.get("action", "")
    try:
        submission = submission_step(
            dataset=dataset,
            period=period,
            unit=unit,
            action=action,
            user=request.user,
            reason=request.POST.get("reason", "")[:2000],
            responsible=request.POST.get("responsible", "")[:200],
        )
    except StepRefused as refused:
        messages.error(request, " ".join(refused.messages))
    else:
        messages.success(
            request, _("%(unit)s: %(state)s.") % {"unit": unit.name, "state": submission.get_state_display()}
        )
    back = request.POST.get("next", "")
    if back.startswith("/") and not back.startswith("//"):
        return redirect(back)
    return redirect(reverse("datasets:form", args=(unit.code, dataset.code, period.pk)))


@login_required
def board_view(request, code: str, dataset_code: str, period_pk: int):
    """One row per reporting unit under `code`: entered, flagged, state, who submitted and approved, and when."""
    unit = _unit(request, code)
    if not oversees(request.user, unit):
        raise Http404
    dataset = _dataset(unit, dataset_code)
    period = _period(dataset, unit, period_pk)
    rows = board(dataset, unit, period)
    context = {
        "dataset": dataset,
        "unit": unit,
        "period": period,
        "periods": _periods(dataset, unit),
        "rows": rows,
        "approver": any(access.may_approve(request.user, row.unit) for row in rows),
        "states": Submission.State,
    }
    return render(request, "datasets/board.html", context)
