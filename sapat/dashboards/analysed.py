"""The parts of a dashboard that come from the analysis selectors (sapat.analysis.selectors): dynamics over
periods and years, a class followed as a cohort, the rating of the children, parents and peers, and students
at risk. This module only turns their dataclasses into sections (tables and charts); it computes nothing.
"""

from dataclasses import replace
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from sapat.analysis import selectors as analysis
from sapat.colleges.vocabulary import SCHOOL_WORDS, words_for
from sapat.core.charts import Chart, Series
from sapat.core.numbers import format_figure
from sapat.indicators import registry
from sapat.indicators.catalogue import BY_CODE
from sapat.structure.models import OrgUnit, SchoolClass
from sapat.structure.models.calendar import PERIOD_LABELS

from .blocks import ListFilter, Pager, Section, indicator_choices, kind_of
from .selection import Selection
from .tables import COUNT, MARK, PERCENT, TEXT, Column, Table, indicator_column, latest

LINE_SERIES = ("quality_pct", "success_pct", "sou_pct")
# Students at risk on one page of the school's list: enough to act on, light on a phone.
PAGE_SIZE = 25


def _compared_as(entry, found) -> str:
    if entry.is_self:
        return _("this unit")
    return pgettext("higher unit", "parent") if entry in found.parents else _("peer")


def _label(code: str, words=SCHOOL_WORDS) -> str:
    return words.indicator(code, BY_CODE[code].name)


# Dynamics --------------------------------------------------------------------------------------------------


def dynamics(unit: OrgUnit, selection: Selection, *, grade=None, class_ids=None, yearly_classes=None
             ) -> tuple[Section, tuple]:  # fmt: skip
    """Quality, success and СОУ over the periods of the selected kind in the year (over the years for "year");
    with the points, whose figures the page reuses for its headline. A class's or teacher's classes differ
    from year to year: over the years they are `yearly_classes` (the classes of every year, see
    sapat.analysis.counterparts), and only the years with data are shown."""
    subject_id = selection.subject.pk if selection.subject else None
    if selection.period.code == "year" and (class_ids is None or yearly_classes is not None):
        series = analysis.year_dynamics(unit, "year", selection.indicator, subject_id=subject_id, grade=grade,
                                        class_ids=yearly_classes)  # fmt: skip
        if yearly_classes is not None:
            series = replace(series, points=tuple(p for p in series.points if p.n))
        categories = tuple(point.year for point in series.points)
        title = _("Over the years")
    else:
        codes = tuple(p.code for p in selection.same_kind())
        series = analysis.period_dynamics(unit, selection.year, selection.indicator, subject_id=subject_id,
                                          grade=grade, class_ids=class_ids, codes=codes)  # fmt: skip
        categories = tuple(str(PERIOD_LABELS.get(p.period, p.period)) for p in series.points)
        title = _("Over the year %(year)s") % {"year": selection.year.code}
    section = _dynamics_section("dynamics", title, categories, series.points, selection, words_for(unit))
    return section, series.points


def _dynamics_section(name: str, title: str, categories: tuple, points, selection: Selection, words) -> Section:
    values = {code: tuple((p.figures or {}).get(code) for p in points) for code in LINE_SERIES}
    series = tuple(Series(_label(c, words), values[c], registry.precision(c)) for c in LINE_SERIES)
    chart = Chart("line", title, categories, series, PERCENT)
    columns = [Column(_("Period")), *(indicator_column(_label(c, words), c, PERCENT) for c in LINE_SERIES),
               indicator_column(_label("average_mark"), "average_mark", MARK), Column(_label("students", words), COUNT),
               Column(_("Change of %(indicator)s") % {"indicator": selection.indicator_label}, TEXT)]  # fmt: skip
    rows = [
        [category, *(values[c][i] for c in LINE_SERIES), (p.figures or {}).get("average_mark"), p.n,
         p.change.label if p.change else ""]
        for i, (category, p) in enumerate(zip(categories, points, strict=True))
    ]  # fmt: skip
    as_of = latest(*((p.figures or {}).get("as_of") for p in points))
    table = Table(name, title, columns, rows, as_of=as_of)
    return Section(name, _("Dynamics"), table=table, chart=chart)


def cohort(school_class: SchoolClass, selection: Selection, *, earliest: SchoolClass | None = None) -> Section:
    """The class followed by its students into the later years (by the year's marks); from `earliest`, the
    first class that held most of its students (so 9б is shown from its 7б on)."""
    subject_id = selection.subject.pk if selection.subject else None
    followed = analysis.cohort_dynamics(earliest or school_class, selection.indicator, subject_id=subject_id)
    kind, words = kind_of(selection.indicator), words_for(school_class)
    shown = indicator_column(selection.indicator_label, selection.indicator, kind)
    columns = [Column(_("Academic year")), Column(words["class"]), shown,
               Column(_("Students followed"), COUNT), Column(words["whole_class"], kind, shown.places),
               Column(_("Joined (not counted)"), COUNT), Column(words["left_school"], COUNT),
               Column(_("Change"), TEXT)]  # fmt: skip
    rows = [[y.year, y.class_name, y.value, y.followed, y.class_value, y.joined, y.gone,
             y.change.label if y.change else ""] for y in followed.years]  # fmt: skip
    links = [reverse("dashboards:class", args=[y.class_id]) if y.class_id else None for y in followed.years]
    title = words("class_followed", name=(earliest or school_class).name, count=followed.students)
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
    shown = indicator_column(selection.indicator_label, selection.indicator, kind)
    columns = [Column(_("Rank"), COUNT), Column(_("Unit")), shown,
               Column(_("Band"), TEXT), Column(_label("students"), COUNT), Column(_("Note"), TEXT)]  # fmt: skip
    table_rows = [[r.rank, r.name, r.value, r.band_name, r.n, _not_rated(r, ranked.scheme)] for r in rows]
    links = [url_of(r) if url_of else None for r in rows]
    title = _("Rating by %(indicator)s") % {"indicator": selection.indicator_label}
    table = Table("rating", title, columns, table_rows, links, link_column=1)
    size = ranked.scheme.min_group_size
    note = ngettext("Units with fewer than %(size)s student are not rated.",
                    "Units with fewer than %(size)s students are not rated.", size) % {"size": size}  # fmt: skip
    if ranked.mean is not None:
        mean = format_figure(ranked.mean, kind, places=shown.places)
        note = _("Mean of the rated units: %(mean)s.") % {"mean": mean} + " " + note
    return Section("rating", _("Rating"), table=table, note=note, choices=indicator_choices(selection))


def _not_rated(row, scheme) -> str:
    if row.rated:
        return ""
    if row.reason == "small":
        size = scheme.min_group_size
        return ngettext("not rated: fewer than %(size)s student", "not rated: fewer than %(size)s students", size) % {
            "size": size
        }
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
    shown = indicator_column(selection.indicator_label, selection.indicator, kind)
    columns = [Column(_("Unit")), shown, Column(_label("students"), COUNT),
               Column(_("Compared as"), TEXT)]  # fmt: skip
    rows = [[e.name, e.value, e.n, _compared_as(e, found)] for e in entries]
    title = _("%(indicator)s against parents and peers") % {"indicator": selection.indicator_label}
    return Section("peers", _("Parents and peers"), table=Table("peers", title, columns, rows))


# Students at risk ------------------------------------------------------------------------------------------


def at_risk(
    user, unit: OrgUnit | SchoolClass, selection: Selection, *, class_ids=None, params=None, grade: int | None = None
) -> Section:
    """Students failing, not assessed or dropping by a mark or more, the most urgent first, each with the class
    teacher to act. With `params` (the page of its own) the list has filters (why, class) and pages of
    PAGE_SIZE; an export (`format` in params) holds every row that the filters leave."""
    subject_id = selection.subject.pk if selection.subject else None
    found = analysis.students_at_risk(user=user, unit=unit, period=selection.period, subject_id=subject_id)
    if class_ids is not None:
        found = [s for s in found if s.class_id in class_ids]
    filters, found = _risk_filters(found, params, words_for(unit)) if params is not None else ((), found)
    found = analysis.by_urgency(found)
    pager = None
    if params is not None and "format" not in params:
        pager, found = _page_of(
            found, params, selection.params(grade=grade, **{f.name: f.value or None for f in filters})
        )
    words = words_for(unit)
    columns = [Column(words["student"]), Column(words["class"]), Column(_("Why"), TEXT), Column(_("Subjects"), TEXT),
               Column(words["class_teacher"], TEXT)]  # fmt: skip
    rows = [[s.student_name, s.class_name, ", ".join(str(analysis.REASONS[r]) for r in s.reasons),
             "; ".join(_concern(c) for c in _worst_first(s.concerns)), s.class_teacher_name or ""]
            for s in found]  # fmt: skip
    query = selection.query()
    links = [reverse("dashboards:student", args=[s.student_id]) + query for s in found]
    title = words["students_at_risk"]
    table = Table("at_risk", title, columns, rows, links)
    note = _("Failing (2), not assessed (n/a), or a mark lower by one or more than in the previous period.")
    order = _("The most urgent come first: failing and not assessed, then the largest drop, then the most subjects.")
    note = f"{note} {order}"
    kept = tuple(selection.params(grade=grade).items())
    return Section("at_risk", title, table=table, note=note, filters=filters, kept=kept, pager=pager)


def _risk_filters(found: list, params, words) -> tuple[tuple[ListFilter, ...], list]:
    """The filters by reason and by class, and the students they leave (an unknown value means "all")."""
    reasons = (("", _("any reason")), *((code, str(label)) for code, label in analysis.REASONS.items()))
    reason = params.get("why", "")
    reason = reason if reason in analysis.REASONS else ""
    classes = sorted({(s.class_id, s.class_name, s.school_name) for s in found}, key=lambda c: (c[2], _class_key(c[1])))
    several = len({school for _pk, _name, school in classes}) > 1
    options = (("", words["all_classes"]),
               *((str(pk), f"{school}, {name}" if several else name) for pk, name, school in classes))  # fmt: skip
    chosen = params.get("class", "")
    chosen = chosen if chosen in {value for value, _label in options[1:]} else ""
    if reason:
        found = [s for s in found if reason in s.reasons]
    if chosen:
        found = [s for s in found if str(s.class_id) == chosen]
    filters = (ListFilter("why", _("Why"), reasons, reason), ListFilter("class", words["class"], options, chosen))
    return filters, found


def _class_key(name: str) -> tuple:
    digits = "".join(ch for ch in name if ch.isdigit())
    return (int(digits) if digits else 0, name)


def _page_of(found: list, params, kept: dict) -> tuple[Pager, list]:
    """One page of PAGE_SIZE rows (an unknown or too large page number gives the nearest page)."""
    total = len(found)
    pages = max(1, -(-total // PAGE_SIZE))
    wanted = params.get("page", "")
    number = min(max(int(wanted), 1), pages) if wanted.isdigit() else 1
    start = (number - 1) * PAGE_SIZE
    shown = found[start : start + PAGE_SIZE]

    def link(page: int) -> str:
        return "?" + urlencode({**kept, "page": page}) + "#at_risk"

    pager = Pager(number, pages, start + 1 if shown else 0, start + len(shown), total,
                  link(number - 1) if number > 1 else None, link(number + 1) if number < pages else None)  # fmt: skip
    return pager, shown


def at_risk_link(school: OrgUnit, selection: Selection, *, grade: int | None = None) -> Section:
    """On a school or parallel dashboard: the way to the list, which is long (a page of its own)."""
    url = reverse("dashboards:at-risk", args=[school.code]) + selection.query(grade=grade)
    note = _("Failing (2), not assessed (n/a), or a mark lower by one or more than in the previous period.")
    words = words_for(school)
    return Section("at_risk", words["students_at_risk"], note=note,
                   choices=[(words["open_at_risk"], url, False)])  # fmt: skip


def _worst_first(concerns) -> list:
    """A student's subjects failed or not assessed first, then the largest drops (stable: by subject)."""
    failing = (analysis.FAILING, analysis.NOT_ASSESSED)

    def lost(c) -> int:
        return int(c.previous) - int(c.mark) if analysis.DROP in c.reasons else 0

    return sorted(concerns, key=lambda c: (not any(r in failing for r in c.reasons), -lost(c)))


def _concern(concern) -> str:
    mark = _mark(concern.mark)
    if concern.previous:
        return f"{concern.subject_name}: {_mark(concern.previous)} → {mark}"
    return f"{concern.subject_name}: {mark}"


def _mark(value: str) -> str:
    return _("n/a") if value == "na" else value
