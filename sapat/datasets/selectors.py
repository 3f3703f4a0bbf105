"""Reads of data sets: which a unit reports, what is expected of whom, the completeness and approval board, and
the summed values of a breakdown (`sapat values`). A constant number of queries per board or table."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum

from sapat.core.querysets import unscoped
from sapat.indicators.sources import CountQuery
from sapat.structure.models import Enrolment, OrgUnit, Period, SchoolClass

from .models import Assignment, DataSet, DataSummary, DataValue, Submission, SubmissionEvent
from .services import in_grades
from .sources import DataSetFamily

# The order of states when a row sums several units: the row is only as far as its least advanced unit.
STATE_ORDER = [Submission.State.DRAFT, Submission.State.RETURNED, Submission.State.SUBMITTED, Submission.State.APPROVED]


@unscoped("the data sets assigned to a unit the view fetched through the scope (shipped ones have no owner)")
def datasets_for(unit: OrgUnit) -> list[DataSet]:
    """The data sets reported in `unit`'s subtree: assigned to the unit, a unit above it or a unit below it."""
    above = [code for code in unit.path.split("/") if code]
    assigned = Assignment.objects.filter(Q(unit__code__in=above) | Q(unit__path__startswith=unit.path))
    found = DataSet.objects.filter(pk__in=assigned.values("dataset_id")).filter(Q(country="") | Q(country=unit.country))
    if unit.kind == OrgUnit.Kind.SCHOOL:  # a school does not see a college's data sets, nor a college a school's
        kept = DataSet.UnitKind.COLLEGES if unit.school_kind == OrgUnit.SchoolKind.COLLEGE else DataSet.UnitKind.SCHOOLS
        found = found.filter(unit_kind__in=["", kept])
    return list(found.order_by("code"))


@unscoped("the reporting units under a unit its caller reached through the scope")
def expected_units(dataset: DataSet, unit: OrgUnit) -> list[OrgUnit]:
    """The units under `unit` (or `unit` itself) that report `dataset`: of its reporting kind, under one of its
    assignments."""
    paths = list(dataset.assignments.values_list("unit__path", flat=True))
    if not paths:
        return []
    inside = Q()
    for path in paths:
        inside |= Q(path__startswith=path)
    found = OrgUnit.objects.subtree(unit).filter(kind=dataset.reporting_kind).filter(inside)
    return list(dataset.fitting(found).order_by("path"))


@unscoped("how many classes or students each reporting unit under a reached unit reports on")
def targets_per_unit(dataset: DataSet, period: Period, units: list[OrgUnit]) -> dict[int, int]:
    """How many things each unit reports on: 1 for a unit's own data, its classes (of the data set's grades), or
    the students on their lists at the end of the period."""
    ids = [unit.pk for unit in units]
    if dataset.level == DataSet.Level.CLASS:
        rows = _classes(dataset, period).filter(school_id__in=ids).values("school_id").annotate(n=Count("id"))
        return {row["school_id"]: row["n"] for row in rows}
    if dataset.level == DataSet.Level.STUDENT:
        classes = _classes(dataset, period).filter(school_id__in=ids)
        on_list = Enrolment.objects.filter(school_class__in=classes, starts_on__lte=period.ends_on).exclude(
            ends_on__lt=period.ends_on
        )
        rows = on_list.values("school_class__school_id").annotate(n=Count("id"))
        return {row["school_class__school_id"]: row["n"] for row in rows}
    return dict.fromkeys(ids, 1)


def _classes(dataset: DataSet, period: Period):
    classes = SchoolClass.objects.filter(year_id=period.year_id)
    if dataset.grade_from is not None:
        classes = classes.filter(grade__gte=dataset.grade_from)
    if dataset.grade_to is not None:
        classes = classes.filter(grade__lte=dataset.grade_to)
    return classes


@unscoped("the classes of a school the view fetched through the scope")
def form_classes(dataset: DataSet, period: Period, school: OrgUnit) -> list[SchoolClass]:
    return [c for c in SchoolClass.objects.filter(school=school, year_id=period.year_id) if in_grades(dataset, c.grade)]


@dataclass
class BoardRow:
    """One reporting unit on the board: how much it entered, what a soft rule flagged, and where approval stands."""

    unit: OrgUnit
    cells: int = 0
    expected_cells: int = 0
    flagged: int = 0
    state: str = Submission.State.DRAFT
    responsible: str = ""
    steps: list = field(default_factory=list)  # SubmissionEvent, oldest first
    reason: str = ""

    @property
    def percent(self) -> float | None:
        return None if not self.expected_cells else min(100.0, 100.0 * self.cells / self.expected_cells)

    @property
    def state_label(self) -> str:
        return Submission.State(self.state).label

    @property
    def last(self) -> dict:
        """The latest event of each action: who submitted, approved, returned, reopened, and when."""
        return {event.action: event for event in self.steps}


@unscoped("the board of a unit the view checked the user oversees: its reporting units' counts and steps")
def board(dataset: DataSet, unit: OrgUnit, period: Period) -> list[BoardRow]:
    """Completeness × validation × approval of `dataset` for `period`, one row per reporting unit under `unit`."""
    units = expected_units(dataset, unit)
    elements = dataset.elements.count()
    targets = targets_per_unit(dataset, period, units)
    ids = [u.pk for u in units]
    cells = dict(
        DataSummary.objects.filter(dataset=dataset, period=period, unit_id__in=ids, element_key__gt=0)
        .values_list("unit_id")
        .annotate(n=Sum("answers"))
    )
    flagged = dict(
        DataValue.objects.filter(dataset=dataset, period=period, unit_id__in=ids, flagged=True)
        .values_list("unit_id")
        .annotate(n=Count("id"))
    )
    submissions = {s.unit_id: s for s in Submission.objects.filter(dataset=dataset, period=period, unit_id__in=ids)}
    events = defaultdict(list)
    found = SubmissionEvent.objects.filter(submission__in=submissions.values()).select_related("user")
    for event in found.order_by("at", "pk"):
        events[event.submission.unit_id].append(event)
    rows = []
    for u in units:
        submission = submissions.get(u.pk)
        row = BoardRow(u, cells.get(u.pk) or 0, targets.get(u.pk, 0) * elements, flagged.get(u.pk, 0))
        if submission is not None:
            row.state, row.responsible = submission.state, submission.responsible
            row.steps = events[u.pk]
            row.reason = next((e.reason for e in reversed(row.steps) if e.reason), "")
        rows.append(row)
    return rows


@unscoped("the submission of a unit the view fetched through the scope")
def submission_of(dataset: DataSet, period: Period, unit: OrgUnit) -> Submission | None:
    return Submission.objects.filter(dataset=dataset, period=period, unit=unit).first()


# `sapat values` --------------------------------------------------------------------------------------------


def values_rows(dataset: DataSet, unit: OrgUnit, period: Period, by: str | None) -> list[dict]:
    """One row per unit of the breakdown (or one for `unit`): the summed values by element code (for an option
    element an object of counts per option), `reported`, `expected` and `state`."""
    source = DataSetFamily().find(dataset.code)
    sums = source.sums(CountQuery(unit=unit, periods=(period,), by=by))
    units = _row_units(dataset, unit, period, by, sums)
    expected = expected_units(dataset, unit)
    targets = (
        targets_per_class(dataset, period, expected) if by == "class" else targets_per_unit(dataset, period, expected)
    )
    states = dict(
        Submission.objects.filter(dataset=dataset, period=period, unit__in=expected).values_list("unit_id", "state")
    )
    rows = []
    for key, code, name, members in units:
        counts = sums.get(key) or source._empty()
        inside = [u for u in expected if any(u.path.startswith(m.path) for m in members)] if members else []
        row = {"unit": code, "name": name}
        row.update(_element_values(source, counts))
        row["reported"] = counts["reported"]
        row["expected"] = _expected(dataset, by, key, inside, targets)
        row["state"] = _least_state([states.get(u.pk, Submission.State.DRAFT) for u in inside])
        rows.append(row)
    return rows


def _row_units(dataset, unit, period, by, sums) -> list[tuple]:
    """(key of the sums, code, name, the org units the row covers) for each row of the breakdown."""
    if by is None:
        return [(None, unit.code, unit.name, [unit])]
    if by == "class":
        classes = SchoolClass.objects.filter(
            school__in=OrgUnit.objects.subtree(unit).schools(), year_id=period.year_id
        ).select_related("school")
        return [
            (c.pk, f"{c.school.code}:{c.name}", c.name, [])
            for c in classes.order_by("school__code", "grade", "letter")
            if in_grades(dataset, c.grade)
        ]
    kind = OrgUnit.Kind.SCHOOL if by == "school" else OrgUnit.Kind.DISTRICT
    found = OrgUnit.objects.subtree(unit).filter(kind=kind).order_by("path")
    return [(u.pk, u.code, u.name, [u]) for u in found]


def _element_values(source, counts: dict) -> dict:
    values = {}
    for element in source.elements:
        if element.value_type == element.Type.OPTION:
            values[element.code] = {o.code: counts[f"{element.code}.{o.code}"] for o in element.options.all()}
        else:
            values[element.code] = _json_number(counts[element.code])
    return values


def _json_number(value):
    if isinstance(value, int):
        return value
    return float(value)


def _expected(dataset, by, key, inside, targets) -> int:
    if by == "class":
        return targets.get(key, 0)
    return sum(targets.get(u.pk, 0) for u in inside)


def targets_per_class(dataset: DataSet, period: Period, schools: list[OrgUnit]) -> dict[int, int]:
    """For a breakdown by class: 1 per class of a class data set, its students on the list for a student one."""
    classes = _classes(dataset, period).filter(school__in=schools)
    if dataset.level == DataSet.Level.CLASS:
        return dict.fromkeys(classes.values_list("pk", flat=True), 1)
    if dataset.level != DataSet.Level.STUDENT:
        return {}
    on_list = Enrolment.objects.filter(school_class__in=classes, starts_on__lte=period.ends_on).exclude(
        ends_on__lt=period.ends_on
    )
    return dict(on_list.values_list("school_class_id").annotate(n=Count("id")))


def _least_state(states: list[str]) -> str | None:
    if not states:
        return None
    return min(states, key=STATE_ORDER.index)


# The figures of the data sets' indicators, for dashboards and reports ---------------------------------------


@dataclass
class DataSetFigure:
    """One indicator of the registry over data sets, for a unit in the latest period of its data set's kind in a
    year: the value, what it counts (its size, for small-group suppression), the same period a year before, the
    level above, and how many reporting units have not had their data approved."""

    entry: object
    period: Period
    value: object
    size: int
    before: object = None
    above: object = None
    not_approved: int = 0
    as_of: object = None

    @property
    def change(self):
        return None if self.value is None or self.before is None else self.value - self.before


def dataset_figures(unit: OrgUnit, year) -> list[DataSetFigure]:
    """Every data-set indicator in force for the unit with a value in `year`, by direction then the registry's
    order. A few queries per kind of period, whatever the number of indicators."""
    from sapat.indicators import registry

    on = max((p.ends_on for p in Period.objects.filter(year=year)), default=None)
    entries = [e for e in registry.current().in_force(unit, on) if _over_datasets(e)]
    by_kind: dict[str, list] = {}
    for entry in entries:
        by_kind.setdefault(_sources_of(entry)[0].dataset.period_kind, []).append(entry)
    found = []
    for kind, group in by_kind.items():
        period = Period.objects.filter(year=year, kind=kind).order_by("starts_on").last()
        if period is not None:
            found += _figures_of(group, unit, period)
    return sorted(found, key=lambda f: (f.entry.directions[:1], f.entry.order, f.entry.code))


def _sources_of(entry) -> list:
    from sapat.indicators import sources

    found = [sources.source(code) for code in sorted(entry.source_codes)]
    return [source for source in found if isinstance(source, DataSetFamily.Source)]


def _over_datasets(entry) -> bool:
    return bool(entry.source_codes) and len(_sources_of(entry)) == len(entry.source_codes)


def _figures_of(entries: list, unit: OrgUnit, period: Period) -> list[DataSetFigure]:
    from sapat.indicators import registry

    now = registry.evaluate(entries, CountQuery(unit, (period,)), counts=True)[None]
    earlier = _same_period_before(period)
    before = registry.evaluate(entries, CountQuery(unit, (earlier,)))[None] if earlier else {}
    above = registry.evaluate(entries, CountQuery(unit.parent, (period,)))[None] if unit.parent else {}
    waiting = _not_approved({s.dataset for e in entries for s in _sources_of(e)}, unit, period)
    found = []
    for entry in entries:
        if now.get(entry.code) is None:
            continue
        found.append(
            DataSetFigure(
                entry,
                period,
                now[entry.code],
                entry.size(now),
                before.get(entry.code),
                above.get(entry.code),
                sum(waiting.get(s.dataset.pk, 0) for s in _sources_of(entry)),
                now.get("as_of"),
            )
        )
    return found


def _same_period_before(period: Period) -> Period | None:
    earlier = Period.objects.filter(
        year__country=period.year.country, code=period.code, year__code__lt=period.year.code
    )
    return earlier.order_by("-year__code").first()


@unscoped("an indicator source: which values under a unit whose figures were asked are not yet approved")
def _not_approved(datasets: set, unit: OrgUnit, period: Period) -> dict[int, int]:
    """For each data set, how many of the units reporting it under `unit` have not had the period approved."""
    approved: dict[int, set] = defaultdict(set)
    rows = Submission.objects.filter(dataset__in=datasets, period=period, state=Submission.State.APPROVED)
    for dataset_id, unit_id in rows.values_list("dataset_id", "unit_id"):
        approved[dataset_id].add(unit_id)
    return {d.pk: len({u.pk for u in expected_units(d, unit)} - approved[d.pk]) for d in datasets}
