"""The parts of a dashboard built from the indicator selectors (sapat.indicators): headline figures, the
children compared, the distribution of marks, the class × subject heatmap, tables by subject, parallel and
teacher.

Each part is a `Section` (a table, optionally a chart drawn from the same data) or a list of `Figure`s. Every
query is a grouped sum over the summary tables: a constant number per section, never one per row.
"""

from dataclasses import dataclass, field, replace

from django.db.models import Max, Sum
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sapat.analysis.honesty import Change, change_between
from sapat.colleges.vocabulary import SCHOOL_WORDS, words_for
from sapat.core.charts import Chart, Series
from sapat.core.numbers import format_figure
from sapat.core.querysets import unscoped
from sapat.indicators import registry
from sapat.indicators.catalogue import BY_CODE, COUNT_FIELDS, compute
from sapat.indicators.models import SubjectSummary
from sapat.indicators.selectors import Filter, figures, group_labels, teacher_figures
from sapat.structure.models import OrgUnit, SchoolClass, Staff

from .selection import Selection, indicators_compared
from .tables import COUNT, MARK, PERCENT, Column, Table, chart_table, indicator_column, latest

KIND_OF_MEASURE = {"percent": PERCENT, "count": COUNT}  # every other measure is shown like a mark
MARK_SERIES = (("n5", "5"), ("n4", "4"), ("n3", "3"), ("n2", "2"), ("n_na", gettext_lazy("n/a")))


def kind_of(indicator: str) -> str:
    entry = BY_CODE.get(indicator)
    return KIND_OF_MEASURE.get(entry.measure, MARK) if entry is not None else PERCENT


def headline_entries(current: dict) -> list:
    """The registry's headline indicators over marks that the figures row holds (the invariant ones, and the
    variative ones of the unit and the units above it), in the registry's order."""
    seen, found = set(), []
    for entry in sorted(registry.current().entries, key=lambda e: (e.owner_id is not None, e.order, e.code)):
        if entry.headline and entry.source_codes == {"marks"} and entry.code in current and entry.code not in seen:
            seen.add(entry.code)
            found.append(entry)
    return found


@dataclass(frozen=True)
class Figure:
    """One headline figure with its change against the previous period and the parent's value."""

    code: str
    label: str
    kind: str
    value: float | int | None
    change: float | None = None
    parent: float | int | None = None
    verdict: Change | None = None  # honest change of a proportion (sapat.analysis.honesty)
    places: int | None = None  # the indicator's display precision (None: the kind's default)

    @property
    def value_text(self) -> str:
        return format_figure(self.value, self.kind, places=self.places)

    @property
    def parent_text(self) -> str:
        return format_figure(self.parent, self.kind, places=self.places)

    @property
    def change_text(self) -> str:
        """Signed, in percentage points for a percent; a change that rounds to zero has no sign."""
        return format_figure(self.change, self.kind, places=self.places, change=True, points=self.kind == PERCENT)


@dataclass(frozen=True)
class ListFilter:
    """One filter of a long list, a GET parameter: (value, label) options, the first meaning "all"."""

    name: str
    label: str
    options: tuple[tuple[str, str], ...]
    value: str = ""


@dataclass(frozen=True)
class Pager:
    """Where a long list is: page `number` of `pages`, rows `first`–`last` of `total`, links to the others."""

    number: int
    pages: int
    first: int
    last: int
    total: int
    previous: str | None = None
    next: str | None = None


@dataclass
class Section:
    """One block of a dashboard. `unavailable` marks analysis that has not landed yet (see analysed.py)."""

    name: str
    title: str
    table: Table | None = None
    chart: Chart | None = None
    note: str = ""
    unavailable: bool = False
    choices: list[tuple[str, str, bool]] = field(default_factory=list)  # (label, url, current)
    wide: bool = False
    filters: tuple[ListFilter, ...] = ()  # a GET form above the table, keeping `kept` parameters
    kept: tuple[tuple[str, str], ...] = ()
    pager: Pager | None = None

    @property
    def full_width(self) -> bool:
        """A section with a table of many columns, or a table beside its chart, spans the whole row of cards;
        the others sit two side by side on a wide screen."""
        return self.wide or (self.table is not None and (len(self.table.columns) >= 5 or self.chart is not None))

    @property
    def paired(self) -> bool:
        """A chart with a narrow table sits beside it; a wide table goes under its chart."""
        return self.chart is not None and self.table is not None and len(self.table.columns) <= 5 and not self.wide


class Figures:
    """`figures()` of the indicator selectors, each (filter, breakdown) asked once per page."""

    def __init__(self):
        self._memo = {}
        self.before = None  # the previous period of the same kind, once asked

    def __call__(self, flt: Filter, by: str | None = None) -> dict:
        key = (flt, by)
        if key not in self._memo:
            self._memo[key] = figures(flt, by)
        return self._memo[key]

    def of(self, flt: Filter | None) -> dict | None:
        return None if flt is None else self(flt).get(None)

    def prime(self, flt: Filter, points, periods) -> None:
        """Remember the rows the dynamics already computed for this filter (same sums, one query for all
        periods), so that the headline's current and previous figures cost nothing more."""
        known = {(p.year.code, p.code): p for p in periods if p is not None}
        for point in points:
            period = known.get((point.year, point.period))
            if period is not None and point.figures is not None:
                self._memo.setdefault((replace(flt, period=period), None), {None: point.figures})


def headline(current: dict | None, previous: dict | None, parent: dict | None, words=SCHOOL_WORDS) -> list[Figure]:
    """The headline figures with their change; a previous period without students has no figures to
    change from (never "Students 176, +176")."""
    current = current or {}
    previous = previous if previous and previous.get("students") else None
    result = []
    for entry in headline_entries(current or dict.fromkeys(BY_CODE)):
        code, kind = entry.code, KIND_OF_MEASURE.get(entry.measure, MARK)
        value = current.get(code)
        before = previous.get(code) if previous else None
        change = value - before if value is not None and before is not None else None
        verdict = change_between(previous, current, code) if previous and current else None
        parent_value = (parent or {}).get(code)
        label = words.indicator(code, entry.name)
        result.append(Figure(code, label, kind, value, change, parent_value, verdict, entry.precision))
    return result


# The children of a unit, compared ------------------------------------------------------------------------


@dataclass(frozen=True)
class Child:
    key: object
    label: str
    url: str | None
    row: dict


FIGURE_COLUMNS = (
    ("students", COUNT),
    ("quality_pct", PERCENT),
    ("success_pct", PERCENT),
    ("average_mark", MARK),
    ("sou_pct", PERCENT),
    ("failing", COUNT),
    ("missing", COUNT),
)


def children(rows: dict, by: str, selection: Selection, *, school=None) -> list[Child]:
    """The rows of a breakdown with readable names and drill-down links, in a stable order."""
    keys = [key for key in rows if key is not None]
    named = _named(by, keys, selection, school)
    return [Child(key, label, url, rows[key]) for key, label, url in named]


@unscoped("a dashboard block names the classes of a unit the page checked the user oversees")
def _named(by: str, keys: list, selection: Selection, school) -> list[tuple]:
    query = selection.query()
    if by in ("district", "school"):
        labels = group_labels(by, keys)
        ordered = sorted(keys, key=lambda k: labels[k][0])
        return [(k, labels[k][1], reverse("dashboards:unit", args=[labels[k][0]]) + query) for k in ordered]
    if by == "class":
        classes = SchoolClass.objects.filter(pk__in=keys).order_by("grade", "letter")
        return [(c.pk, c.name, reverse("dashboards:class", args=[c.pk]) + query) for c in classes]
    if by == "subject":
        labels = group_labels("subject", keys)
        ordered = sorted(keys, key=lambda k: labels[k][0])
        return [(k, labels[k][1], selection.query(subject=labels[k][0])) for k in ordered]
    if by == "parallel":
        return [
            (grade, words_for(school)("grade_n", grade=grade),
             reverse("dashboards:parallel", args=[school.code, grade]) + query)
            for grade in sorted(keys)
        ]  # fmt: skip
    return [(k, str(k), None) for k in sorted(keys, key=str)]


def figures_table(name: str, title: str, first: str, items: list[Child], words=SCHOOL_WORDS) -> Table:
    columns = [Column(first)] + [
        indicator_column(words.indicator(code, BY_CODE[code].name), code, kind) for code, kind in FIGURE_COLUMNS
    ]
    rows = [[item.label, *[item.row.get(code) for code, _kind in FIGURE_COLUMNS]] for item in items]
    as_of = latest(*(item.row.get("as_of") for item in items))
    return Table(name, title, columns, rows, [item.url for item in items], as_of)


def comparison(
    items: list[Child], selection: Selection, own: dict | None, own_label: str, *, first: str, words=SCHOOL_WORDS
) -> Section:
    """The children as bars of the chosen indicator, the unit's own value drawn across them."""
    indicator = selection.indicator
    chart = Chart(
        kind="bar",
        title=_("%(indicator)s: %(unit)s compared") % {"indicator": selection.indicator_label, "unit": own_label},
        categories=tuple(item.label for item in items),
        series=(
            Series(
                selection.indicator_label,
                tuple(item.row.get(indicator) for item in items),
                registry.precision(indicator),
            ),
        ),
        unit=kind_of(indicator),
        reference=(own or {}).get(indicator),
        reference_label=own_label,
    )
    table = figures_table("children", chart.title, first, items, words)
    return Section("children", _("Comparison"), table=table, chart=chart, choices=indicator_choices(selection, words))


def distribution(items: list[Child], own: dict | None, own_label: str) -> Section:
    """Shares of marks 5, 4, 3, 2 and н/а among all marks, for the unit and each child."""
    entries = [(own_label, own or {})] + [(item.label, item.row) for item in items]
    series = tuple(Series(str(label), tuple(_share(row, key) for _name, row in entries)) for key, label in MARK_SERIES)
    chart = Chart(
        kind="stacked",
        title=_("Distribution of marks 5, 4, 3, 2 (share of all marks)"),
        categories=tuple(name for name, _row in entries),
        series=series,
        unit=PERCENT,
    )
    as_of = latest(*(row.get("as_of") for _name, row in entries))
    table = chart_table("distribution", chart, first=_("Unit"), as_of=as_of)
    return Section("distribution", _("Distribution of marks"), table=table, chart=chart)


def _share(row: dict, key: str) -> float | None:
    total = sum(row.get(k) or 0 for k, _label in MARK_SERIES)
    return None if not total else (row.get(key) or 0) * 100 / total


def by_subject(rows: dict, selection: Selection, words=SCHOOL_WORDS) -> Section:
    items = children(rows, "subject", selection)
    table = figures_table("subjects", words["figures_by_subject"], words["subject"], items, words)
    return Section("subjects", words["by_subject"], table=table)


def by_parallel(rows: dict, selection: Selection, school) -> Section:
    items, words = children(rows, "parallel", selection, school=school), words_for(school)
    table = figures_table("parallels", words["figures_by_parallel"], words["parallel"], items, words)
    return Section("parallels", words["by_parallel"], table=table)


# The class × subject heatmap -------------------------------------------------------------------------------


@unscoped("a dashboard block: the summaries of a unit the page checked the user oversees")
def heatmap(flt: Filter, selection: Selection) -> Section:
    """Quality of knowledge of each class in each subject: one grouped query over the subject summaries."""
    cells, as_of = _class_subject_quality(flt)
    class_ids = sorted({c for c, _s in cells})
    subject_ids = sorted({s for _c, s in cells})
    classes = list(SchoolClass.objects.filter(pk__in=class_ids).order_by("grade", "letter"))
    subjects = group_labels("subject", subject_ids)
    columns = sorted(subject_ids, key=lambda s: subjects[s][0])
    words = words_for(flt.unit)
    places = registry.precision("quality_pct")
    chart = Chart(
        kind="heatmap",
        title=words["quality_by_class_subject"],
        categories=tuple(subjects[s][1] for s in columns),
        series=tuple(Series(c.name, tuple(cells.get((c.pk, s)) for s in columns), places) for c in classes),
        unit=PERCENT,
        rows=tuple(c.name for c in classes),
    )
    links = [reverse("dashboards:class", args=[c.pk]) + selection.query() for c in classes]
    table = chart_table("heatmap", chart, first=words["class"], links=links, as_of=as_of)
    return Section("heatmap", words["classes_and_subjects"], table=table, chart=chart, wide=True)


def _class_subject_quality(flt: Filter) -> tuple[dict, object]:
    rows = SubjectSummary.objects.filter(period=flt.period, school_id__in=OrgUnit.objects.school_ids_under(flt.unit))
    if flt.grade is not None:
        rows = rows.filter(grade=flt.grade)
    sums = {name: Sum(name) for name in COUNT_FIELDS}
    grouped = rows.values("school_class_id", "subject_id").order_by().annotate(**sums, as_of=Max("as_of"))
    cells, moments = {}, []
    for row in grouped:
        key = (row.pop("school_class_id"), row.pop("subject_id"))
        moments.append(row.pop("as_of"))
        cells[key] = compute(row, across_subjects=False)["quality_pct"]
    return cells, latest(*moments)


# Teachers of a school ------------------------------------------------------------------------------------


@unscoped("a dashboard block: the teachers of a school the page checked the user oversees")
def teachers(flt: Filter, selection: Selection) -> Section:
    """Each teacher's own classes and subjects in the school (sapat.indicators.selectors.teacher_figures)."""
    rows = teacher_figures(flt)
    staff = Staff.objects.filter(pk__in=rows).order_by("last_name", "first_name")
    items = [Child(s.pk, s.full_name, reverse("dashboards:teacher", args=[s.pk]) + selection.query(), rows[s.pk])
             for s in staff]  # fmt: skip
    words = words_for(flt.unit)
    table = figures_table("teachers", words["teachers_classes"], words["teacher"], items, words)
    note = "" if selection.subject else _("Each teacher's figures count the marks of the subjects they teach.")
    return Section("teachers", words["teachers"], table=table, note=note)


def indicator_choices(selection: Selection, words=SCHOOL_WORDS) -> list[tuple[str, str, bool]]:
    return [(words.indicator(code, label), selection.query(indicator=code), code == selection.indicator)
            for code, label in indicators_compared().items()]  # fmt: skip
