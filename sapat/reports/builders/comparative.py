"""7. The district and regional comparative report: units as rows, years × measures as columns, a total row
(from summed counts, never averaged percentages), a percentage row for count measures, the rating with shared
ranks and bands (sapat.analysis.ratings) and the dynamics written out honestly.

The figures come from a data *source*: anything with `measures` and `values(unit, level, years, period)`.
`SOURCES` holds the indicator engine's today; teacher categories (moderator, expert, researcher, master by
district by year) or achievements by level become a new source registered here, not a new renderer.

"A class followed across years" (`cohort_grade`): the classes of one grade followed by their students over
the last (up to three) years (sapat/reports/followed.py), a table of the same years × measures shape fed to
the same table and chart blocks, with the change and its honest verdict.
"""

from dataclasses import dataclass, replace
from typing import Protocol

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from sapat.analysis.honesty import DEFAULT_MIN_GROUP, FALL, RISE, change_between
from sapat.analysis.ratings import rating
from sapat.colleges.vocabulary import Words, words_for
from sapat.core import values
from sapat.core.charts import Chart, Series
from sapat.core.numbers import EMPTY, format_percent
from sapat.core.querysets import unscoped
from sapat.indicators import registry
from sapat.indicators.catalogue import BY_CODE, marks_entries, ratio
from sapat.indicators.selectors import Filter, figures
from sapat.indicators.sources import CountQuery
from sapat.structure.models import AcademicYear, OrgUnit, Period

from ..document import (
    CHANGE,
    COUNT,
    MARK,
    PERCENT,
    Column,
    Document,
    Figure,
    Paragraph,
    Section,
    Table,
    indicator_column,
    numbered,
)
from ..followed import follow_parallel, names_by_year, pooled, rows_of
from .base import Progress, ReportKind, Resolved, overseen_unit
from .external import external_section

LEVEL_BELOW = {OrgUnit.Kind.REGION: "district", OrgUnit.Kind.DISTRICT: "school"}
# The rows of the report: the unit's schools or districts, or groups of schools (a tutor school with the schools
# attached to it on each year's last day, a project's member schools then), keyed as the breakdowns key them.
LEVELS = ("school", "district", "tutor_group", "unit_group", "project")
GROUP_LEVELS = ("tutor_group", "unit_group", "project")
DEFAULT_COHORT_GRADE = 9  # the end of basic school: the parallel both countries examine
COHORT_GRADES = range(1, 13)  # or 0: no table of followed classes
COHORT_YEARS = 3
COHORT_MEASURES = ("students", "quality_pct", "success_pct", "average_mark")


@dataclass(frozen=True)
class Measure:
    """One column kind of a source. A count measure with `share_of` gets a percentage row: its total as a
    percent of the total of `share_of` (e.g. expert teachers of all teachers)."""

    code: str
    label: str
    kind: str = PERCENT
    share_of: str | None = None


@dataclass(frozen=True)
class Values:
    """What a source gives for one year: {unit id: {measure: value}} and the total of the parent unit."""

    units: dict
    total: dict
    as_of: object = None


class Source(Protocol):
    code: str

    def measures(self, unit: OrgUnit | None = None) -> list[Measure]: ...

    def values(self, unit: OrgUnit, level: str, year: AcademicYear, period_code: str) -> Values: ...

    def rated(self) -> str | None:
        """The measure the rating ranks by (an indicator code of the catalogue), or None for no rating."""


KIND_OF_MEASURE = {"percent": PERCENT, "count": COUNT}  # every other measure is shown like a mark


def measure_of(entry) -> Measure:
    """A column of the report for an indicator of the registry."""
    return Measure(entry.code, entry.name, KIND_OF_MEASURE.get(entry.measure, MARK))


class IndicatorSource:
    """The marks: N, then the indicators the registry offers for comparison (quality, success, average mark,
    СОУ, and any variative indicator over marks of the report's unit)."""

    code = "indicators"

    def measures(self, unit: OrgUnit | None = None) -> list[Measure]:
        entries = [e for e in marks_entries(unit) if e.compared]
        return [measure_of(BY_CODE["students"]), *(measure_of(entry) for entry in entries)]

    def values(self, unit: OrgUnit, level: str, year: AcademicYear, period_code: str) -> Values:
        period = Period.objects.filter(year=year, code=period_code).first()
        if period is None:
            return Values({}, {})
        total = figures(Filter(unit, period))[None]
        return Values(figures(Filter(unit, period), by=level), total, total.get("as_of"))

    def rated(self) -> str | None:
        return "quality_pct"


class DataSetSource:
    """The indicators the registry keeps over one data set (health, upbringing, equipment…), for the period of
    its kind that the report's period names, or else the year's last; `dataset:<code>` in the parameters."""

    def __init__(self, dataset):
        self.dataset = dataset
        self.code = f"dataset:{dataset.code}"

    def _entries(self, unit: OrgUnit | None):
        return [e for e in registry.current().in_force(unit) if e.source_codes == {self.dataset.code}]

    def measures(self, unit: OrgUnit | None = None) -> list[Measure]:
        return [measure_of(entry) for entry in self._entries(unit)]

    def values(self, unit: OrgUnit, level: str, year: AcademicYear, period_code: str) -> Values:
        periods = Period.objects.filter(year=year, kind=self.dataset.period_kind).order_by("starts_on")
        period = periods.filter(code=period_code).first() or periods.last()
        if period is None:
            return Values({}, {})
        entries = self._entries(unit)
        query = CountQuery(unit, (period,))
        total = registry.evaluate(entries, query)[None]
        return Values(registry.evaluate(entries, replace(query, by=level)), total, total.get("as_of"))

    def rated(self) -> str | None:
        return next((e.code for e in self._entries(None) if e.measure == "percent"), None)


SOURCES: dict[str, Source] = {"indicators": IndicatorSource()}


def register_source(source: Source) -> None:
    """Make a new kind of data (teacher categories, achievements…) available to the comparative report."""
    SOURCES[source.code] = source


@unscoped("a data set's definition: resolve() checks it against the asker's scope (the builder reads it again)")
def source_named(code: str) -> Source | None:
    """A registered source, or the source of a data set (`dataset:health`)."""
    if code in SOURCES:
        return SOURCES[code]
    if code.startswith("dataset:"):
        from sapat.datasets.models import DataSet

        dataset = DataSet.objects.filter(code=code.partition(":")[2]).first()
        return DataSetSource(dataset) if dataset is not None else None
    return None


# Parameters ---------------------------------------------------------------------------------------------


def resolve(params: dict, user) -> Resolved:
    unit = overseen_unit(user, params.get("unit", ""))
    level = params.get("level") or LEVEL_BELOW.get(unit.kind)
    source = params.get("source") or "indicators"
    if level not in LEVELS or source_named(source) is None or not _dataset_reported(source, unit):
        raise Http404
    years = years_up_to(unit.country, params.get("year", ""), values.identifier(params.get("span")) or 3)
    if not years:
        raise Http404
    period = params.get("period") or "year"
    project = _project(params.get("project"), source_named(source), level, user)
    resolved = {"unit": unit.code, "level": level, "source": source, "year": years[-1].code,
                "span": len(years), "period": period, "cohort_grade": cohort_grade(params)}  # fmt: skip
    if project is not None:
        resolved["project"] = project.code
    return Resolved(unit=unit, objects={"years": years, "project": project}, params=resolved)


def _dataset_reported(source: str, unit) -> bool:
    """A data set source only for a data set reported in the unit's subtree (assigned above, at or below it:
    a region's shipped form is a district's too); the unit is one the user oversees."""
    if not source.startswith("dataset:"):
        return True
    from sapat.datasets.selectors import datasets_for

    return any(dataset.code == source.partition(":")[2] for dataset in datasets_for(unit))


def _project(code, source, level: str, user):
    """`project=CODE`: the rows are the project's member schools of each year (seed 004's quality of the
    project's schools); only for a source that can narrow its rows to them and total them (`members_only`), at
    the level of schools; a project the user may see (the rule of its page, sapat.projects.selectors). Anything
    else is a 404."""
    if not code:
        return None
    from sapat.projects.selectors import visible_projects

    project = visible_projects(user).filter(code=str(code)).first()
    if project is None or level != "school" or not hasattr(source, "members_only"):
        raise Http404
    return project


def cohort_grade(params: dict) -> int:
    """The grade the followed classes reach in the last year (0: no such table); anything else is a 404."""
    value = params.get("cohort_grade")
    if value in (None, ""):
        return DEFAULT_COHORT_GRADE
    grade = values.identifier(value)
    if grade is None or (grade and grade not in COHORT_GRADES):
        raise Http404
    return grade


def years_up_to(country: str, code: str, span: int) -> list[AcademicYear]:
    """The `span` academic years ending with `code`, oldest first."""
    last = AcademicYear.objects.filter(country=country, code=code).first()
    if last is None:
        return []
    earlier = AcademicYear.objects.filter(country=country, starts_on__lte=last.starts_on).order_by("-starts_on")
    return list(reversed(earlier[: max(1, min(span, 10))]))


# The document -------------------------------------------------------------------------------------------


def build(resolved: Resolved, language: str, progress: Progress) -> Document:
    with override(language):
        return _build(resolved, language, progress)


def _build(resolved: Resolved, language: str, progress: Progress) -> Document:
    unit, params, years = resolved.unit, resolved.params, resolved.objects["years"]
    source = source_named(params["source"])
    measures = source.measures(unit)
    per_year = {}
    for i, year in enumerate(years):
        per_year[year.code] = source.values(unit, params["level"], year, params["period"])
        if resolved.objects.get("project") is not None:
            per_year[year.code] = source.members_only(per_year[year.code], resolved.objects["project"], year)
        progress(10 + 60 * (i + 1) // len(years))
    units = _units(unit, params["level"], per_year, members=resolved.objects.get("project") is not None)
    sections = [_table_section(units, years, measures, per_year, language)]
    rated = source.rated()
    last = Period.objects.filter(year=years[-1], code=params["period"]).select_related("year").first()
    if rated and last is not None and params["level"] not in GROUP_LEVELS:
        sections.append(_rating_section(unit, params["level"], last, rated, language))
    written = source.dynamics(unit, years, per_year) if hasattr(source, "dynamics") else None
    sections.append(_dynamics_section(units, years, per_year, rated, language, written))
    if source.code == "indicators" and params["level"] not in GROUP_LEVELS:
        external = external_section(unit, years[-1], language, by=params["level"])
        if external is not None:
            sections.append(external)
    followed = {}
    if params.get("cohort_grade"):
        section, followed = _cohort_section(unit, years, params["cohort_grade"], params["period"], language)
        sections.append(section)
        progress(85)
    stamps = [v.as_of for v in per_year.values() if v.as_of]
    period_label = str(Period(code=params["period"]).label)
    project = resolved.objects.get("project")
    where = unit.name_in(language) if project is None else f"{unit.name_in(language)} · {project.name_in(language)}"
    return Document(
        language=language,
        title=_("Comparative report"),
        subtitle=f"{where} · {years[0].code} – {years[-1].code} · {period_label}",
        facts=((_("Compared units"), str(len(units))),),
        sections=numbered(sections),
        as_of=max(stamps) if stamps else None,
        data={"per_year": per_year, "followed": followed},
    )


def _units(unit: OrgUnit, level: str, per_year: dict | None = None, *, members: bool = False) -> list:
    """The rows: the schools or districts under the unit, or the groups of schools found in any of the years
    (the tutor schools, which name their groups, the named groups of units, or the projects); with `members`,
    the schools found in any year (a project's member schools)."""
    if members:
        keys = {key for values in (per_year or {}).values() for key in values.units if key is not None}
        return list(OrgUnit.objects.filter(pk__in=keys).order_by("path"))
    if level not in GROUP_LEVELS:
        return list(OrgUnit.objects.filter(path__startswith=unit.path, kind=level).order_by("path"))
    keys = {key for values in (per_year or {}).values() for key in values.units if key is not None}
    if level == "project":
        from sapat.projects.models import Project

        return list(Project.objects.filter(pk__in=keys).order_by("code"))
    if level == "unit_group":
        from sapat.structure.models import UnitGroup

        return list(UnitGroup.objects.filter(pk__in=keys).order_by("code"))
    return list(OrgUnit.objects.filter(pk__in=keys).order_by("path"))


def _table_section(units, years, measures, per_year, language: str) -> Section:
    columns = [Column(_("Unit")), *_year_columns(years, measures)]
    rows = [(u.name_in(language), *_year_cells(per_year, u.pk, years, measures)) for u in units]
    rows.append((_("Total"), *_year_cells(per_year, None, years, measures)))
    totals = {len(rows) - 1}
    if any(m.share_of for m in measures):
        rows.append((_("Percentage"), *[_share(per_year[y.code].total, m) for y in years for m in measures]))
        totals.add(len(rows) - 1)
    table = Table(_("Units by year"), tuple(columns), tuple(rows), frozenset(totals), sheet=_("Units"))
    return Section(_("Figures by unit and year"), (table, _chart(units, years, per_year, measures, language)))


def _year_columns(years, measures) -> list[Column]:
    return [indicator_column(m.label, m.code, m.kind, group=year.code) for year in years for m in measures]


def _year_cells(per_year: dict, key, years, measures) -> list:
    """A row's values, year by year and measure by measure; the key None gives the total row."""
    return [(_row_of(per_year[y.code], key) or {}).get(m.code) for y in years for m in measures]


def _row_of(values: Values, key) -> dict | None:
    return values.total if key is None else values.units.get(key)


def _share(total: dict, measure: Measure):
    if not measure.share_of:
        return None
    return ratio(total.get(measure.code) or 0, total.get(measure.share_of) or 0, 100)


def _chart(units, years, per_year, measures, language: str) -> Figure:
    """The first ratio measure of the last year by unit, with the parent's value as the reference line."""
    measure = next((m for m in measures if m.kind == PERCENT), measures[0])
    last = per_year[years[-1].code]
    chart = Chart(
        kind="bar",
        title=f"{measure.label}, {years[-1].code}",
        categories=tuple(u.name_in(language) for u in units),
        series=(
            Series(
                measure.label,
                tuple(last.units.get(u.pk, {}).get(measure.code) for u in units),
                registry.precision(measure.code),
            ),
        ),
        unit="percent" if measure.kind == PERCENT else "count",
        reference=last.total.get(measure.code),
        reference_label=_("Total"),
    )
    return Figure(chart)


def _rating_section(unit, level: str, period: Period, indicator: str, language: str) -> Section:
    ranked = rating(level=level, unit=unit, period=period, indicator=indicator)
    columns = (Column(_("Rank"), COUNT), Column(_("Unit")), indicator_column(str(BY_CODE[indicator].name), indicator),
               Column(_("Band")), Column(_("Students"), COUNT))  # fmt: skip
    names = {u.code: u.name_in(language) for u in OrgUnit.objects.filter(code__in=[r.unit for r in ranked.rows])}
    rows = tuple(
        (r.rank, names.get(r.unit, r.name), r.value, r.band_name if r.rated else _("not rated"), r.n)
        for r in ranked.rows
    )
    note = _("Equal values share a rank; units with fewer than %(n)s students are not rated.") % {
        "n": ranked.scheme.min_group_size
    }
    table = Table(_("Rating (%(period)s)") % {"period": f"{period.year.code} {period.label}"}, columns, rows,
                  note=note, sheet=_("Rating"))  # fmt: skip
    return Section(_("Rating"), (table,))


def _dynamics_section(units, years, per_year, indicator: str | None, language: str, written=None) -> Section:
    """The source's own sentence on its totals (a table of seed 004: how each column changed), then the clear
    rises and falls of the rated indicator by unit."""
    if len(years) < 2:
        return Section(_("Dynamics"), (Paragraph(_("One year only: no dynamics to describe.")),))
    lines = (Paragraph(written),) if written else ()
    if indicator:
        first, last = per_year[years[0].code], per_year[years[-1].code]
        items = [(u.name_in(language), first.units.get(u.pk), last.units.get(u.pk)) for u in units]
        lines += _change_lines(items, indicator, years[0].code, years[-1].code, language)
    return Section(_("Dynamics"), lines or (Paragraph(_("One year only: no dynamics to describe.")),))


def _change_lines(items, indicator: str, first: str, last: str, language: str, *, flat_too: bool = True):
    """Clear rises, clear falls and (with `flat_too`) the rest, as paragraphs, from (label, figures before,
    figures after) items."""
    rises, falls, flat = [], [], []
    for label, before, after in items:
        change = change_between(before, after, indicator)
        if change is None:
            continue
        target = rises if change.verdict == RISE else falls if change.verdict == FALL else flat
        target.append(f"{label} ({format_percent(change.before.value, language)} → "
                      f"{format_percent(change.after.value, language)})")  # fmt: skip
    values = {"first": first, "last": last}
    lines = []
    if rises:
        lines.append(_("Clear rise from %(first)s to %(last)s: %(units)s.") % {**values, "units": "; ".join(rises)})
    if falls:
        lines.append(_("Clear fall from %(first)s to %(last)s: %(units)s.") % {**values, "units": "; ".join(falls)})
    if flat and flat_too:
        lines.append(_("No clear change (or groups too small to judge): %(units)s.") % {"units": "; ".join(flat)})
    return tuple(Paragraph(line) for line in lines)


# A class followed across years ---------------------------------------------------------------------------


def _cohort_section(unit, years, grade: int, period_code: str, language: str) -> tuple[Section, dict]:
    """The classes reaching `grade` in the last year, followed by their students from the first of the last
    (up to three) years in which such classes existed."""
    years = years[-min(COHORT_YEARS, len(years), grade) :]
    for offset, start in enumerate(years):
        followed = follow_parallel(unit, start, grade - len(years) + 1 + offset, period_code, years[-1].code)
        if followed:
            return _cohort_blocks(followed, years[offset:], language), {"classes": followed}
    words = words_for(unit)  # a college's report follows its study groups
    empty = words("no_classes_to_follow", grade=grade, first=years[0].code, last=years[-1].code)
    return Section(words["class_followed_years"], (Paragraph(empty),)), {}


def _cohort_blocks(followed, years, language: str) -> Section:
    codes = [y.code for y in years]
    grouping, rows = rows_of(followed, codes)
    measures = [m for m in IndicatorSource().measures() if m.code in COHORT_MEASURES]
    per_year = {c: Values({r.key: r.figures[c] for r in rows}, pooled([f.figures.get(c) for f in followed]) or {})
                for c in codes}  # fmt: skip
    words = words_for([f.start for f in followed])  # a college's groups are followed as groups, by course
    labels = {r.key: _labelled(r.unit.name_in(language), r.classes, words) for r in rows}
    labels[None] = _labelled(_("Total"), names_by_year(followed, codes), words)
    grade = followed[0].start.grade
    blocks = [Paragraph(_pooling_note(grouping, len(followed), words))] if grouping != "class" else []
    blocks += [_cohort_table(labels, years, measures, per_year, grade, words),
               _cohort_chart(years, per_year, grade, words)]  # fmt: skip
    if len(codes) > 1:
        blocks += _cohort_lines(rows, labels, codes[0], codes[-1], language)
    return Section(words["class_followed_years"], tuple(blocks))


def _cohort_table(labels: dict, years, measures, per_year, start_grade: int, words: Words) -> Table:
    """Rows: the classes (or pooled groups) then the total; columns: years × measures, then the change of
    quality from the first year to the last and its honest verdict."""
    first, last = years[0].code, years[-1].code
    quality = str(BY_CODE["quality_pct"].name)
    columns = (Column(words["classes"]), *_year_columns(years, measures),
               indicator_column(_("Change of %(indicator)s") % {"indicator": quality}, "quality_pct", CHANGE),
               Column(_("Is the change clear?")))  # fmt: skip
    body = tuple(
        (label, *_year_cells(per_year, key, years, measures),
         *_quality_change(_row_of(per_year[first], key), _row_of(per_year[last], key)))
        for key, label in labels.items()
    )  # fmt: skip
    title = words("classes_followed_title", grade=start_grade, first=first, last=last)
    return Table(title, columns, body, frozenset({len(body) - 1}), note=_cohort_note(first, words),
                 sheet=words["followed_classes"])  # fmt: skip


def _quality_change(before: dict | None, after: dict | None) -> tuple:
    """The change of quality in percentage points and the honest verdict on it ("too small to judge"…)."""
    change = change_between(before, after, "quality_pct")
    if change is None:
        return None, ""
    return after["quality_pct"] - before["quality_pct"], change.label


def _cohort_lines(rows, labels: dict, first: str, last: str, language: str) -> tuple[Paragraph, ...]:
    """The clear rises and falls of quality; the table's verdict column says the rest."""
    items = [(labels[r.key], r.figures[first], r.figures[last]) for r in rows]
    lines = _change_lines(items, "quality_pct", first, last, language, flat_too=False)
    none = _("No row of the table shows a clear change of quality of knowledge from %(first)s to %(last)s.")
    return lines or (Paragraph(none % {"first": first, "last": last}),)


def _labelled(name: str, classes, words: Words) -> str:
    return f"{name}, {_chain(classes, words)}"


def _chain(classes: tuple[tuple[str, ...], ...], words: Words) -> str:
    """7б → 8б → 9б; a pooled row names up to three classes a year, else counts them."""

    def year(names):
        if not names:
            return EMPTY
        if len(names) <= 3:
            return ", ".join(names)
        return words("count_classes", count=len(names))

    return " → ".join(year(names) for names in classes)


def _pooling_note(grouping: str, count: int, words: Words) -> str:
    return words("pooled_by_school" if grouping == "school" else "pooled_by_district", count=count)


def _cohort_note(first: str, words: Words) -> str:
    return words("cohort_note", first=first, n=DEFAULT_MIN_GROUP)


def _cohort_chart(years, per_year, start_grade: int, words: Words) -> Figure:
    """Quality and success of all the followed classes together, year by year."""
    codes = [y.code for y in years]
    categories = tuple(words("year_grade", year=code, grade=start_grade + i) for i, code in enumerate(codes))
    series = tuple(Series(str(BY_CODE[c].name), tuple(per_year[y].total.get(c) for y in codes), registry.precision(c))
                   for c in ("quality_pct", "success_pct"))  # fmt: skip
    return Figure(Chart(kind="line", title=words["all_followed"], categories=categories,
                        series=series, unit="percent"))  # fmt: skip


KIND = ReportKind(
    code="comparative",
    name=gettext_lazy("Comparative report of a district or region"),
    resolve=resolve,
    build=build,
    inline=False,
)
