"""The parts of a dashboard that come from the analysis selectors (sapat.analysis.selectors): dynamics over
periods and years, a class followed as a cohort, the rating of the children, parents and peers, and students
at risk. This module only turns their dataclasses into sections (tables and charts); it computes nothing.
"""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from sapat.analysis import selectors as analysis
from sapat.core.charts import Chart, Series
from sapat.indicators.catalogue import BY_CODE
from sapat.structure.models import OrgUnit, SchoolClass
from sapat.structure.models.calendar import PERIOD_LABELS

from .blocks import Section, indicator_choices, kind_of
from .selection import Selection
from .svg import value_text
from .tables import COUNT, MARK, PERCENT, TEXT, Column, Table, latest

LINE_SERIES = ("quality_pct", "success_pct", "sou_pct")
# More rows than this make a page heavy; the export always holds every row.
MAX_ROWS = 60


def _compared_as(entry, found) -> str:
    if entry.is_self:
        return _("this unit")
    return pgettext("higher unit", "parent") if entry in found.parents else _("peer")


def _label(code: str) -> str:
    return str(BY_CODE[code].name)


# Dynamics --------------------------------------------------------------------------------------------------


def dynamics(unit: OrgUnit, selection: Selection, *, grade=None, class_ids=None) -> tuple[Section, tuple]:
    """Quality, success and СОУ over the periods of the selected kind in the year (over the years for "year");
    with the points, whose figures the page reuses for its headline."""
    subject_id = selection.subject.pk if selection.subject else None
    if selection.period.code == "year" and class_ids is None:
        series = analysis.year_dynamics(unit, "year", selection.indicator, subject_id=subject_id, grade=grade)
        categories = tuple(point.year for point in series.points)
        title = _("Over the years")
    else:
        codes = tuple(p.code for p in selection.same_kind())
        series = analysis.period_dynamics(unit, selection.year, selection.indicator, subject_id=subject_id,
                                          grade=grade, class_ids=class_ids, codes=codes)  # fmt: skip
        categories = tuple(str(PERIOD_LABELS.get(p.period, p.period)) for p in series.points)
        title = _("Over the year %(year)s") % {"year": selection.year.code}
    return _dynamics_section("dynamics", title, categories, series.points, selection), series.points


def _dynamics_section(name: str, title: str, categories: tuple, points, selection: Selection) -> Section:
    values = {code: tuple((p.figures or {}).get(code) for p in points) for code in LINE_SERIES}
    chart = Chart("line", title, categories, tuple(Series(_label(c), values[c]) for c in LINE_SERIES), PERCENT)
    columns = [Column(_("Period")), *(Column(_label(c), PERCENT) for c in LINE_SERIES),
               Column(_label("average_mark"), MARK), Column(_label("students"), COUNT),
               Column(_("Change of %(indicator)s") % {"indicator": selection.indicator_label}, TEXT)]  # fmt: skip
    rows = [
        [category, *(values[c][i] for c in LINE_SERIES), (p.figures or {}).get("average_mark"), p.n,
         p.change.label if p.change else ""]
        for i, (category, p) in enumerate(zip(categories, points, strict=True))
    ]  # fmt: skip
    as_of = latest(*((p.figures or {}).get("as_of") for p in points))
    table = Table(name, title, columns, rows, as_of=as_of)
    return Section(name, _("Dynamics"), table=table, chart=chart)


def cohort(school_class: SchoolClass, selection: Selection) -> Section:
    """The class followed by its students into the later years (by the year's marks)."""
    subject_id = selection.subject.pk if selection.subject else None
    followed = analysis.cohort_dynamics(school_class, selection.indicator, subject_id=subject_id)
    kind = kind_of(selection.indicator)
    columns = [Column(_("Academic year")), Column(_("Class")), Column(selection.indicator_label, kind),
               Column(_("Students followed"), COUNT), Column(_("Whole class"), kind),
               Column(_("Joined (not counted)"), COUNT), Column(_("Left the school"), COUNT),
               Column(_("Change"), TEXT)]  # fmt: skip
    rows = [[y.year, y.class_name, y.value, y.followed, y.class_value, y.joined, y.gone,
             y.change.label if y.change else ""] for y in followed.years]  # fmt: skip
    links = [reverse("dashboards:class", args=[y.class_id]) if y.class_id else None for y in followed.years]
    title = _("Class %(name)s followed by its %(count)s students") % {"name": school_class.name,
                                                                     "count": followed.students}  # fmt: skip
    table = Table("cohort", title, columns, rows, links)
    return Section("cohort", _("The same students over the years"), table=table)


# Rating and comparison with parents and peers --------------------------------------------------------------


def rating(level: str, unit: OrgUnit, selection: Selection, *, keep=None, url_of=None) -> Section:
    """The children ranked by the chosen indicator (equal values share a rank), with bands and group sizes."""
    subject_id = selection.subject.pk if selection.subject else None
    ranked = analysis.rating(level=level, unit=unit, period=selection.period, indicator=selection.indicator,
                             subject_id=subject_id)  # fmt: skip
    rows = [row for row in ranked.rows if keep is None or row.id in keep]
    kind = kind_of(selection.indicator)
    columns = [Column(_("Rank"), COUNT), Column(_("Unit")), Column(selection.indicator_label, kind),
               Column(_("Band"), TEXT), Column(_label("students"), COUNT), Column(_("Note"), TEXT)]  # fmt: skip
    table_rows = [[r.rank, r.name, r.value, r.band_name, r.n, _not_rated(r, ranked.scheme)] for r in rows]
    links = [url_of(r) if url_of else None for r in rows]
    title = _("Rating by %(indicator)s") % {"indicator": selection.indicator_label}
    table = Table("rating", title, columns, table_rows, links, link_column=1)
    note = _("Units with fewer than %(size)s students are not rated.") % {"size": ranked.scheme.min_group_size}
    if ranked.mean is not None:
        note = _("Mean of the rated units: %(mean)s.") % {"mean": value_text(ranked.mean, kind)} + " " + note
    return Section("rating", _("Rating"), table=table, note=note, choices=indicator_choices(selection))


def _not_rated(row, scheme) -> str:
    if row.rated:
        return ""
    if row.reason == "small":
        return _("not rated: fewer than %(size)s students") % {"size": scheme.min_group_size}
    return _("not rated: no data")


def peers(unit: OrgUnit | SchoolClass, selection: Selection, *, asked: bool) -> Section:
    """The unit against its parents and its peers (schools of the same kind, districts, classes of a parallel).

    Shown when asked for (?peers=1): it sums the whole parent unit again, which a page read every day need not."""
    if not asked:
        link = (_("Compare with parents and peers"), selection.query(peers=1), False)
        return Section("peers", _("Parents and peers"), choices=[link])
    subject_id = selection.subject.pk if selection.subject else None
    if isinstance(unit, SchoolClass):
        found = analysis.compare_class(unit, selection.period, selection.indicator, subject_id=subject_id)
    else:
        found = analysis.compare_unit(unit, selection.period, selection.indicator, subject_id=subject_id)
    kind = kind_of(selection.indicator)
    entries = [*found.parents, *found.peers]
    columns = [Column(_("Unit")), Column(selection.indicator_label, kind), Column(_label("students"), COUNT),
               Column(_("Compared as"), TEXT)]  # fmt: skip
    rows = [[e.name, e.value, e.n, _compared_as(e, found)] for e in entries]
    title = _("%(indicator)s against parents and peers") % {"indicator": selection.indicator_label}
    return Section("peers", _("Parents and peers"), table=Table("peers", title, columns, rows))


# Students at risk ------------------------------------------------------------------------------------------


def at_risk(user, unit: OrgUnit | SchoolClass, selection: Selection, *, class_ids=None) -> Section:
    """Students failing, not assessed or dropping by a mark or more, each with the class teacher to act."""
    subject_id = selection.subject.pk if selection.subject else None
    found = analysis.students_at_risk(user=user, unit=unit, period=selection.period, subject_id=subject_id)
    if class_ids is not None:
        found = [s for s in found if s.class_id in class_ids]
    columns = [Column(_("Student")), Column(_("Class")), Column(_("Why"), TEXT), Column(_("Subjects"), TEXT),
               Column(_("Class teacher"), TEXT)]  # fmt: skip
    rows = [[s.student_name, s.class_name, ", ".join(str(analysis.REASONS[r]) for r in s.reasons),
             "; ".join(_concern(c) for c in s.concerns), s.class_teacher_name or ""] for s in found]  # fmt: skip
    query = selection.query()
    links = [reverse("dashboards:student", args=[s.student_id]) + query for s in found]
    title = _("Students at risk")
    table = Table("at_risk", title, columns, rows, links)
    note = _("Failing (2), not assessed (н/а), or a mark lower by one or more than in the previous period.")
    return Section("at_risk", title, table=table, note=note)


def at_risk_link(school: OrgUnit, selection: Selection, *, grade: int | None = None) -> Section:
    """On a school or parallel dashboard: the way to the list, which is long (a page of its own)."""
    url = reverse("dashboards:at-risk", args=[school.code]) + selection.query(grade=grade)
    note = _("Failing (2), not assessed (н/а), or a mark lower by one or more than in the previous period.")
    return Section("at_risk", _("Students at risk"), note=note,
                   choices=[(_("Open the list of students at risk"), url, False)])  # fmt: skip


def _concern(concern) -> str:
    mark = _mark(concern.mark)
    if concern.previous:
        return f"{concern.subject_name}: {_mark(concern.previous)} → {mark}"
    return f"{concern.subject_name}: {mark}"


def _mark(value: str) -> str:
    return _("н/а") if value == "na" else value
