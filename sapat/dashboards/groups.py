"""The dashboard of a group of schools (docs/dashboards.md, docs/projects.md): a project, a tutor school with the
schools attached to it, or a named group of units. Its member schools compared, wherever their district, its own
figures summed over them, and its figures over the years; a project's page adds its tutor groups.

Every figure goes through the indicator selectors with the breakdown that names the group (`project`,
`tutor_group`, `unit_group`) and `school` (one counting path: registry.evaluate over the summary tables). The
members are those on the last day of the selected period (sapat.structure.selectors.school_groups), so a school
that left a project or a tutor group mid-year is counted in the periods it was a member at their end. The figures
are counted within the unit the reader oversees (reach.group_unit); a constant number of queries per section plus
one per academic year for the dynamics.
"""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sapat.achievements.dashboard import achievements_section
from sapat.analysis import selectors as analysis
from sapat.core.charts import Chart, Series
from sapat.indicators import registry
from sapat.indicators.selectors import Filter, group_labels, summed_figures
from sapat.projects.models import Project
from sapat.structure.models import OrgUnit, Period
from sapat.structure.selectors import school_groups

from . import blocks, pages  # pages: its unit dashboards list the groups under a unit (groups_under)
from .analysed import LINE_SERIES, _label
from .blocks import Figures, Section
from .selection import Selection
from .tables import COUNT, MARK, PERCENT, Column, Table, indicator_column, latest


@dataclass(frozen=True)
class SchoolGroup:
    """A group of schools a dashboard is about: the breakdown that names it, its key there, and its page's words."""

    by: str  # "project", "tutor_group" or "unit_group" (sapat.structure.selectors.school_groups)
    key: int
    name: str
    kind_label: str
    crumbs: list = field(default_factory=list)
    links: list = field(default_factory=list)
    project: Project | None = None  # a project's page also compares its tutor groups and shows achievements


def project_group(project: Project) -> SchoolGroup:
    page = (project.name, reverse("projects:detail", args=[project.code]))
    return SchoolGroup("project", project.pk, project.name, _("Project"), [page],
                       [(_("Page of the project"), page[1])], project)  # fmt: skip


def tutor_group(tutor: OrgUnit) -> SchoolGroup:
    school = (tutor.name, reverse("dashboards:unit", args=[tutor.code]))
    name = _("Tutor group: %(school)s") % {"school": tutor.name}  # not the school's own name: both are rows
    return SchoolGroup("tutor_group", tutor.pk, name, _("the tutor school and the schools attached to it"),
                       [school], [(_("Dashboard of the tutor school"), school[1])])  # fmt: skip


def unit_group(group) -> SchoolGroup:
    return SchoolGroup("unit_group", group.pk, group.name, _("Group of units"))


def group_dashboard(user, group: SchoolGroup, unit: OrgUnit, selection: Selection, params):
    """The page of `group` counted within `unit` (reach.group_unit)."""
    figures, subject_id = Figures(), selection.subject.pk if selection.subject else None
    flt = Filter(unit, selection.period, subject_id=subject_id)
    before = analysis.previous_period(selection.period)
    own = figures(flt, group.by).get(group.key)
    previous = figures(Filter(unit, before, subject_id=subject_id), group.by).get(group.key) if before else None
    page = pages.Dashboard(group.by, group.name, group.kind_label, selection)
    page.figures = blocks.headline(own, previous, figures.of(flt))
    page.as_of = (own or {}).get("as_of")
    page.parent_label = unit.name
    page.previous_label = str(before) if before else ""
    page.crumbs = list(group.crumbs)
    items = member_schools(group, unit, selection, figures, flt)
    page.sections = [
        dynamics(group, unit, selection, subject_id),
        blocks.comparison(items, selection, own, group.name, first=_("School")),
        blocks.distribution(items, own, group.name),
    ]
    if group.project is not None:
        page.sections.append(tutor_groups(group.project, unit, selection, figures, flt))
        found = achievements_section(unit, selection)
        if found is not None:
            page.sections.append(found)
    page.links = list(group.links)
    return page


def member_schools(group: SchoolGroup, unit: OrgUnit, selection: Selection, figures: Figures, flt: Filter) -> list:
    """The member schools on the period's last day, with their figures (a member without marks has an empty row)."""
    members = school_groups(group.by, unit, selection.period).get(group.key, [])
    rows = figures(flt, "school")
    return blocks.children({school_id: rows.get(school_id) or {} for school_id in members}, "school", selection)


def tutor_groups(project: Project, unit: OrgUnit, selection: Selection, figures: Figures, flt: Filter) -> Section:
    """The project's tutor schools, each with the schools attached to it on the period's last day, compared."""
    tutors = set(project.tutors.filter(tutor__path__startswith=unit.path).values_list("tutor_id", flat=True))
    rows = {key: row for key, row in figures(flt, "tutor_group").items() if key in tutors}
    section = _groups_section("tutor_group", rows, selection)
    return section if rows else Section(section.name, section.title, note=_("The project has no tutor groups here."))


def groups_under(unit: OrgUnit, selection: Selection, figures: Figures, flt: Filter) -> list[Section]:
    """On a district's or region's dashboard: its tutor groups and the named groups of units found under it,
    compared, each row opening the group's own dashboard; nothing when it has none."""
    found = ((by, figures(flt, by)) for by in ("tutor_group", "unit_group"))
    return [_groups_section(by, rows, selection) for by, rows in found if any(key is not None for key in rows)]


# breakdown -> (table name, section title, table title, first column, dashboard, how its keys are labelled)
GROUP_SECTIONS = {
    "tutor_group": (
        "tutor_groups", gettext_lazy("Tutor groups"), gettext_lazy("Figures by tutor group"),
        gettext_lazy("Tutor school"), "dashboards:tutor-group", "school",
    ),
    "unit_group": (
        "unit_groups", gettext_lazy("Groups of units"), gettext_lazy("Figures by group of units"),
        gettext_lazy("Group"), "dashboards:unit-group", "unit_group",
    ),
}  # fmt: skip


def _groups_section(by: str, rows: dict, selection: Selection) -> Section:
    name, title, table_title, first, url_name, labelled = GROUP_SECTIONS[by]
    keys = [key for key in rows if key is not None]
    labels = group_labels(labelled, keys)
    query = selection.query()
    items = [blocks.Child(key, labels[key][1], reverse(url_name, args=[labels[key][0]]) + query, rows[key])
             for key in sorted(keys, key=lambda k: labels[k][0])]  # fmt: skip
    return Section(name, str(title), table=blocks.figures_table(name, str(table_title), str(first), items))


def dynamics(group: SchoolGroup, unit: OrgUnit, selection: Selection, subject_id) -> Section:
    """The group's figures for each academic year (its members on each year's last day): one query a year."""
    periods = Period.objects.filter(year__in=selection.years, code="year").select_related("year")
    points = []
    for period in sorted(periods, key=lambda p: p.year.code):
        row = summed_figures(unit, [period], subject_id=subject_id, by=group.by).get(group.key)
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
