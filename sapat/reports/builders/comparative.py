"""7. The district and regional comparative report: units as rows, years × measures as columns, a total row
(from summed counts, never averaged percentages), a percentage row for count measures, the rating with shared
ranks and bands (sapat.analysis.ratings) and the dynamics written out honestly.

The figures come from a data *source*: anything with `measures` and `values(unit, level, years, period)`.
`SOURCES` holds the indicator engine's today; teacher categories (moderator, expert, researcher, master by
district by year) or achievements by level become a new source registered here, not a new renderer.
"""

from dataclasses import dataclass
from typing import Protocol

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from sapat.analysis.honesty import FALL, RISE, change_between
from sapat.analysis.ratings import rating
from sapat.core.charts import Chart, Series
from sapat.core.numbers import format_percent
from sapat.indicators.catalogue import BY_CODE, ratio
from sapat.indicators.selectors import Filter, figures
from sapat.structure.models import AcademicYear, OrgUnit, Period

from ..document import COUNT, MARK, PERCENT, Column, Document, Figure, Paragraph, Section, Table, numbered
from .base import Progress, ReportKind, Resolved, overseen_unit

LEVEL_BELOW = {OrgUnit.Kind.REGION: "district", OrgUnit.Kind.DISTRICT: "school"}


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
                "span": len(years), "period": period}  # fmt: skip
    return Resolved(unit=unit, objects={"years": years}, params=resolved)


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
    stamps = [v.as_of for v in per_year.values() if v.as_of]
    period_label = str(Period(code=params["period"]).label)
    return Document(
        language=language,
        title=_("Comparative report"),
        subtitle=f"{unit.name_in(language)} · {years[0].code} – {years[-1].code} · {period_label}",
        facts=((_("Compared units"), str(len(units))),),
        sections=numbered(sections),
        as_of=max(stamps) if stamps else None,
        data={"per_year": per_year},
    )


def _units(unit: OrgUnit, level: str) -> list[OrgUnit]:
    return list(OrgUnit.objects.filter(path__startswith=unit.path, kind=level).order_by("path"))


def _table_section(units, years, measures, per_year, language: str) -> Section:
    columns = [Column(_("Unit"))]
    columns += [Column(f"{year.code}: {m.label}", m.kind) for year in years for m in measures]
    rows = [
        (u.name_in(language), *[per_year[y.code].units.get(u.pk, {}).get(m.code) for y in years for m in measures])
        for u in units
    ]
    rows.append((_("Total"), *[per_year[y.code].total.get(m.code) for y in years for m in measures]))
    totals = {len(rows) - 1}
    if any(m.share_of for m in measures):
        rows.append((_("Percentage"), *[_share(per_year[y.code].total, m) for y in years for m in measures]))
        totals.add(len(rows) - 1)
    table = Table(_("Units by year"), tuple(columns), tuple(rows), frozenset(totals), sheet=_("Units"))
    return Section(_("Figures by unit and year"), (table, _chart(units, years, per_year, measures, language)))


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
    rises, falls, flat = [], [], []
    for u in units:
        change = change_between(first.units.get(u.pk), last.units.get(u.pk), indicator)
        if change is None:
            continue
        target = rises if change.verdict == RISE else falls if change.verdict == FALL else flat
        target.append(f"{u.name_in(language)} ({format_percent(change.before.value, language)} → "
                      f"{format_percent(change.after.value, language)})")  # fmt: skip
    values = {"first": years[0].code, "last": years[-1].code}
    lines = []
    if rises:
        lines.append(_("Clear rise from %(first)s to %(last)s: %(units)s.") % {**values, "units": "; ".join(rises)})
    if falls:
        lines.append(_("Clear fall from %(first)s to %(last)s: %(units)s.") % {**values, "units": "; ".join(falls)})
    if flat:
        lines.append(_("No clear change (or groups too small to judge): %(units)s.") % {"units": "; ".join(flat)})
    return Section(_("Dynamics"), tuple(Paragraph(line) for line in lines if line))


KIND = ReportKind(
    code="comparative",
    name=gettext_lazy("Comparative report of a district or region"),
    resolve=resolve,
    build=build,
    inline=False,
)
