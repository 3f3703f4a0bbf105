"""The dashboard of a project (docs/projects.md, docs/dashboards.md): its member schools compared, wherever their
district, its own figures summed over them, its tutor groups compared and its figures over the years.

Every figure goes through the indicator selectors with the breakdowns `school`, `project` and `tutor_group`
(one counting path: registry.evaluate over the summary tables). The members are those on the last day of the
selected period (sapat.projects.selectors.members_on), so a school that left mid-year is counted in the periods
it was a member at their end. The figures are counted within the unit the project page counts its quality table
in: the project's own unit for whoever oversees it, else the highest unit under it that the reader oversees (a
district coordinator sees their district's member schools); a constant number of queries per section plus one
per academic year for the dynamics.
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from sapat.achievements.dashboard import achievements_section
from sapat.analysis import selectors as analysis
from sapat.core.charts import Chart, Series
from sapat.indicators import registry
from sapat.indicators.selectors import Filter, group_labels, summed_figures
from sapat.projects.models import Project
from sapat.projects.selectors import project_groups
from sapat.structure.models import OrgUnit, Period

from . import blocks
from .analysed import LINE_SERIES, _label
from .blocks import Figures, Section
from .pages import Dashboard
from .selection import Selection
from .tables import COUNT, MARK, PERCENT, Column, Table, indicator_column, latest


def project_dashboard(user, project: Project, unit: OrgUnit, selection: Selection, params):
    """The page of `project` counted within `unit` (reach.project_for)."""
    figures, subject_id = Figures(), selection.subject.pk if selection.subject else None
    flt = Filter(unit, selection.period, subject_id=subject_id)
    before = analysis.previous_period(selection.period)
    own = figures(flt, "project").get(project.pk)
    previous = figures(Filter(unit, before, subject_id=subject_id), "project").get(project.pk) if before else None
    parent = figures.of(flt)
    page = Dashboard("project", project.name, _("Project"), selection)
    page.figures = blocks.headline(own, previous, parent)
    page.as_of = (own or {}).get("as_of")
    page.parent_label = unit.name
    page.previous_label = str(before) if before else ""
    page.crumbs = [(project.name, reverse("projects:detail", args=[project.code]))]
    items = member_schools(project, unit, selection, figures, flt)
    page.sections = [
        dynamics(project, unit, selection, subject_id),
        blocks.comparison(items, selection, own, project.name, first=_("School")),
        blocks.distribution(items, own, project.name),
        tutor_groups(project, unit, selection, figures, flt),
    ]
    found = achievements_section(unit, selection)
    if found is not None:
        page.sections.append(found)
    page.links = [(_("Page of the project"), reverse("projects:detail", args=[project.code]))]
    return page


def member_schools(project: Project, unit: OrgUnit, selection: Selection, figures: Figures, flt: Filter) -> list:
    """The member schools on the period's last day, with their figures (a member without marks has an empty row)."""
    members = project_groups(unit, selection.period.ends_on).get(project.pk, [])
    rows = figures(flt, "school")
    return blocks.children({school_id: rows.get(school_id) or {} for school_id in members}, "school", selection)


def tutor_groups(project: Project, unit: OrgUnit, selection: Selection, figures: Figures, flt: Filter) -> Section:
    """The project's tutor schools, each with the schools attached to it on the period's last day, compared."""
    tutors = set(project.tutors.filter(tutor__path__startswith=unit.path).values_list("tutor_id", flat=True))
    rows = {key: row for key, row in figures(flt, "tutor_group").items() if key in tutors}
    labels = group_labels("school", list(rows))
    query = selection.query()
    items = [
        blocks.Child(key, labels[key][1], reverse("dashboards:unit", args=[labels[key][0]]) + query, rows[key])
        for key in sorted(rows, key=lambda k: labels[k][0])
    ]
    table = blocks.figures_table("tutor_groups", _("Figures by tutor group"), _("Tutor school"), items)
    note = "" if items else _("The project has no tutor groups here.")
    return Section("tutor_groups", _("Tutor groups"), table=table, note=note)


def dynamics(project: Project, unit: OrgUnit, selection: Selection, subject_id) -> Section:
    """The project's figures for each academic year (its members on each year's last day): one query a year."""
    periods = Period.objects.filter(year__in=selection.years, code="year").select_related("year")
    points = []
    for period in sorted(periods, key=lambda p: p.year.code):
        row = summed_figures(unit, [period], subject_id=subject_id, by="project").get(project.pk)
        points.append((period.year.code, row or {}))
    values = {code: tuple(row.get(code) for _year, row in points) for code in LINE_SERIES}
    title = _("Over the years")
    chart = Chart("line", title, tuple(year for year, _row in points),
                  tuple(Series(_label(c), values[c], registry.precision(c)) for c in LINE_SERIES), PERCENT)  # fmt: skip
    columns = [
        Column(_("Academic year")),
        *(indicator_column(_label(c), c, PERCENT) for c in LINE_SERIES),
        indicator_column(_label("average_mark"), "average_mark", MARK),
        Column(_label("students"), COUNT),
    ]
    rows = [[year, *(row.get(c) for c in LINE_SERIES), row.get("average_mark"), row.get("students")]
            for year, row in points]  # fmt: skip
    table = Table("dynamics", title, columns, rows, as_of=latest(*(row.get("as_of") for _y, row in points)))
    return Section("dynamics", _("Dynamics"), table=table, chart=chart)
