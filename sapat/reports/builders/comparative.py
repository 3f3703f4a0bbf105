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

from dataclasses import dataclass
from typing import Protocol

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, override

from sapat.analysis.honesty import DEFAULT_MIN_GROUP, FALL, RISE, change_between
from sapat.analysis.ratings import rating
from sapat.core.charts import Chart, Series
from sapat.core.numbers import EMPTY, format_percent
from sapat.indicators.catalogue import BY_CODE, ratio
from sapat.indicators.selectors import Filter, figures
from sapat.structure.models import AcademicYear, OrgUnit, Period

from ..document import CHANGE, COUNT, MARK, PERCENT, Column, Document, Figure, Paragraph, Section, Table, numbered
from ..followed import follow_parallel, names_by_year, pooled, rows_of
from .base import Progress, ReportKind, Resolved, overseen_unit

LEVEL_BELOW = {OrgUnit.Kind.REGION: "district", OrgUnit.Kind.DISTRICT: "school"}
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

    def measures(self) -> list[Measure]: ...

    def values(self, unit: OrgUnit, level: str, year: AcademicYear, period_code: str) -> Values: ...

    def rated(self) -> str | None:
        """The measure the rating ranks by (an indicator code of the catalogue), or None for no rating."""


class IndicatorSource:
    """The indicator engine's summary tables: N, quality, success, average mark, СОУ."""

    code = "indicators"
    codes = ("students", "quality_pct", "success_pct", "average_mark", "sou_pct")

    def measures(self) -> list[Measure]:
        kinds = {"students": COUNT, "average_mark": MARK}
        return [Measure(code, str(BY_CODE[code].name), kinds.get(code, PERCENT)) for code in self.codes]

    def values(self, unit: OrgUnit, level: str, year: AcademicYear, period_code: str) -> Values:
        period = Period.objects.filter(year=year, code=period_code).first()
        if period is None:
            return Values({}, {})
        total = figures(Filter(unit, period))[None]
        return Values(figures(Filter(unit, period), by=level), total, total.get("as_of"))

    def rated(self) -> str | None:
        return "quality_pct"


SOURCES: dict[str, Source] = {"indicators": IndicatorSource()}


def register_source(source: Source) -> None:
    """Make a new kind of data (teacher categories, achievements…) available to the comparative report."""
    SOURCES[source.code] = source


# Parameters ---------------------------------------------------------------------------------------------


def resolve(params: dict, user) -> Resolved:
    unit = overseen_unit(user, params.get("unit", ""))
    level = params.get("level") or LEVEL_BELOW.get(unit.kind)
    source = params.get("source") or "indicators"
    if level not in ("school", "district") or source not in SOURCES:
        raise Http404
    years = years_up_to(unit.country, params.get("year", ""), int(params.get("span") or 3))
    if not years:
        raise Http404
    period = params.get("period") or "year"
    resolved = {"unit": unit.code, "level": level, "source": source, "year": years[-1].code,
                "span": len(years), "period": period, "cohort_grade": cohort_grade(params)}  # fmt: skip
    return Resolved(unit=unit, objects={"years": years}, params=resolved)


def cohort_grade(params: dict) -> int:
    """The grade the followed classes reach in the last year (0: no such table); anything else is a 404."""
    value = params.get("cohort_grade")
    if value in (None, ""):
        return DEFAULT_COHORT_GRADE
    if not str(value).isdigit() or (int(value) and int(value) not in COHORT_GRADES):
        raise Http404
    return int(value)


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
    source = SOURCES[params["source"]]
    measures = source.measures()
    per_year = {}
    for i, year in enumerate(years):
        per_year[year.code] = source.values(unit, params["level"], year, params["period"])
        progress(10 + 60 * (i + 1) // len(years))
    units = _units(unit, params["level"])
    sections = [_table_section(units, years, measures, per_year, language)]
    rated = source.rated()
    last = Period.objects.filter(year=years[-1], code=params["period"]).select_related("year").first()
    if rated and last is not None:
        sections.append(_rating_section(unit, params["level"], last, rated, language))
    sections.append(_dynamics_section(units, years, per_year, rated, language))
    followed = {}
    if params.get("cohort_grade"):
        section, followed = _cohort_section(unit, years, params["cohort_grade"], params["period"], language)
        sections.append(section)
        progress(85)
    stamps = [v.as_of for v in per_year.values() if v.as_of]
    period_label = str(Period(code=params["period"]).label)
    return Document(
        language=language,
        title=_("Comparative report"),
        subtitle=f"{unit.name_in(language)} · {years[0].code} – {years[-1].code} · {period_label}",
        facts=((_("Compared units"), str(len(units))),),
        sections=numbered(sections),
        as_of=max(stamps) if stamps else None,
        data={"per_year": per_year, "followed": followed},
    )


def _units(unit: OrgUnit, level: str) -> list[OrgUnit]:
    return list(OrgUnit.objects.filter(path__startswith=unit.path, kind=level).order_by("path"))


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
    return [Column(f"{year.code}: {m.label}", m.kind) for year in years for m in measures]


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
        series=(Series(measure.label, tuple(last.units.get(u.pk, {}).get(measure.code) for u in units)),),
        unit="percent" if measure.kind == PERCENT else "count",
        reference=last.total.get(measure.code),
        reference_label=_("Total"),
    )
    return Figure(chart)


def _rating_section(unit, level: str, period: Period, indicator: str, language: str) -> Section:
    ranked = rating(level=level, unit=unit, period=period, indicator=indicator)
    columns = (Column(_("Rank"), COUNT), Column(_("Unit")), Column(str(BY_CODE[indicator].name), PERCENT),
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


def _dynamics_section(units, years, per_year, indicator: str | None, language: str) -> Section:
    if not indicator or len(years) < 2:
        return Section(_("Dynamics"), (Paragraph(_("One year only: no dynamics to describe.")),))
    first, last = per_year[years[0].code], per_year[years[-1].code]
    items = [(u.name_in(language), first.units.get(u.pk), last.units.get(u.pk)) for u in units]
    return Section(_("Dynamics"), _change_lines(items, indicator, years[0].code, years[-1].code, language))


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
    title = _("A class followed across years")
    empty = _("No classes of grade %(grade)s to follow in %(first)s – %(last)s.") % {
        "grade": grade,
        "first": years[0].code,
        "last": years[-1].code,
    }
    return Section(title, (Paragraph(empty),)), {}


def _cohort_blocks(followed, years, language: str) -> Section:
    codes = [y.code for y in years]
    grouping, rows = rows_of(followed, codes)
    measures = [m for m in IndicatorSource().measures() if m.code in COHORT_MEASURES]
    per_year = {c: Values({r.key: r.figures[c] for r in rows}, pooled([f.figures.get(c) for f in followed]) or {})
                for c in codes}  # fmt: skip
    labels = {r.key: _labelled(r.unit.name_in(language), r.classes) for r in rows}
    labels[None] = _labelled(_("Total"), names_by_year(followed, codes))
    grade = followed[0].start.grade
    blocks = [Paragraph(_pooling_note(grouping, len(followed)))] if grouping != "class" else []
    blocks += [_cohort_table(labels, years, measures, per_year, grade), _cohort_chart(years, per_year, grade)]
    if len(codes) > 1:
        blocks += _cohort_lines(rows, labels, codes[0], codes[-1], language)
    return Section(_("A class followed across years"), tuple(blocks))


def _cohort_table(labels: dict, years, measures, per_year, start_grade: int) -> Table:
    """Rows: the classes (or pooled groups) then the total; columns: years × measures, then the change of
    quality from the first year to the last and its honest verdict."""
    first, last = years[0].code, years[-1].code
    quality = str(BY_CODE["quality_pct"].name)
    columns = (Column(_("Classes")), *_year_columns(years, measures),
               Column(_("Change of %(indicator)s") % {"indicator": quality}, CHANGE),
               Column(_("Is the change clear?")))  # fmt: skip
    body = tuple(
        (label, *_year_cells(per_year, key, years, measures),
         *_quality_change(_row_of(per_year[first], key), _row_of(per_year[last], key)))
        for key, label in labels.items()
    )  # fmt: skip
    title = _("Classes of grade %(grade)s of %(first)s followed by their students to %(last)s") % {
        "grade": start_grade,
        "first": first,
        "last": last,
    }
    return Table(title, columns, body, frozenset({len(body) - 1}), note=_cohort_note(first),
                 sheet=_("Followed classes"))  # fmt: skip


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


def _labelled(name: str, classes) -> str:
    return f"{name}, {_chain(classes)}"


def _chain(classes: tuple[tuple[str, ...], ...]) -> str:
    """7б → 8б → 9б; a pooled row names up to three classes a year, else counts them."""

    def year(names):
        if not names:
            return EMPTY
        if len(names) <= 3:
            return ", ".join(names)
        return ngettext("%(count)s class", "%(count)s classes", len(names)) % {"count": len(names)}

    return " → ".join(year(names) for names in classes)


def _pooling_note(grouping: str, count: int) -> str:
    if grouping == "school":
        message = ngettext(
            "%(count)s class is followed; to keep the table short each row pools the classes of one school "
            "(their counts summed).",
            "%(count)s classes are followed; to keep the table short each row pools the classes of one school "
            "(their counts summed).",
            count,
        )
    else:
        message = ngettext(
            "%(count)s class is followed; to keep the table short each row pools the classes of one district "
            "(their counts summed).",
            "%(count)s classes are followed; to keep the table short each row pools the classes of one district "
            "(their counts summed).",
            count,
        )
    return message % {"count": count}


def _cohort_note(first: str) -> str:
    return _(
        "A class is followed by its students, not by its name: the students on its list at the end of the "
        "period in %(first)s, in each later year in the class of the same school that holds most of them. N "
        "counts only these students (newcomers are not counted). A change is called a rise or a fall only when "
        "it is clear; with fewer than %(n)s students it is too small to judge."
    ) % {"first": first, "n": DEFAULT_MIN_GROUP}


def _cohort_chart(years, per_year, start_grade: int) -> Figure:
    """Quality and success of all the followed classes together, year by year."""
    codes = [y.code for y in years]
    categories = tuple(_("%(year)s, grade %(grade)s") % {"year": code, "grade": start_grade + i}
                       for i, code in enumerate(codes))  # fmt: skip
    series = tuple(Series(str(BY_CODE[c].name), tuple(per_year[y].total.get(c) for y in codes))
                   for c in ("quality_pct", "success_pct"))  # fmt: skip
    return Figure(Chart(kind="line", title=_("All the followed classes together"), categories=categories,
                        series=series, unit="percent"))  # fmt: skip


KIND = ReportKind(
    code="comparative",
    name=gettext_lazy("Comparative report of a district or region"),
    resolve=resolve,
    build=build,
    inline=False,
)
