"""A college department's dashboard (docs/colleges.md): the figures of the department's study groups in the
selected semester or year, with their dynamics, each group compared, and the figures by speciality and by course,
then every group's journal by discipline. Built from the same blocks and summaries as a school's dashboard: a
department is the set of its groups' classes of the year (`class_ids`), so no second counting path.

Reached by who oversees the college and by the department's head (access.scope.oversees_department); the
college's totals beside the department's only for who oversees the college.
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from sapat.access.scope import oversees
from sapat.colleges.models import Department, GroupYear
from sapat.colleges.vocabulary import words_for
from sapat.core.querysets import unscoped
from sapat.indicators.selectors import Filter, group_labels
from sapat.structure.models import TeachingAssignment

from . import blocks
from .blocks import Child, Figures, Section, figures_table
from .pages import Dashboard, _crumbs, _dated, _dynamics, _frame, _subject_id
from .selection import Selection
from .tables import Column, Table


@unscoped("the groups of a department whose dashboard the view checked the user may open (oversees_department)")
def department_classes(department: Department, year) -> tuple[int, ...]:
    """The classes of the department's groups in `year` (the groups of the specialities it teaches)."""
    found = GroupYear.objects.filter(group__speciality__department=department, school_class__year=year)
    return tuple(sorted(found.values_list("school_class_id", flat=True)))


def department_dashboard(user, department: Department, selection: Selection, params) -> Dashboard:
    college, words = department.college, words_for(department.college)
    class_ids = department_classes(department, selection.year)
    figures, subject_id = Figures(), _subject_id(selection)
    flt = Filter(college, selection.period, subject_id=subject_id, class_ids=class_ids)
    sees_college = oversees(user, college)
    parent_flt = Filter(college, selection.period, subject_id=subject_id) if sees_college else None
    dynamics = _dynamics(figures, flt, selection, college, class_ids=class_ids)
    page = _frame("department", department.name, _("Department"), selection, flt, parent_flt,
                  college.name if sees_college else "", figures, words=words)  # fmt: skip
    page.crumbs = _crumbs(user, college, selection)
    items = blocks.children(figures(flt, "class"), "class", selection)
    own = figures.of(flt)
    page.sections = [
        dynamics,
        blocks.comparison(items, selection, own, department.name, first=words["class"], words=words),
        blocks.distribution(items, own, department.name),
        _by("speciality", _("By speciality"), _("Figures by speciality"), _("Speciality"), figures, flt),
        _by("course", words["by_parallel"], words["figures_by_parallel"], words["parallel"], figures, flt),
        _journals(class_ids, words),
    ]
    page.sections = [_dated(s, page.as_of) if s.name == "dynamics" else s for s in page.sections]
    page.links = [(_("Structure of the college"), reverse("unit-detail", args=[college.code]))]
    return page


def _by(by: str, title: str, table_title: str, first: str, figures: Figures, flt: Filter) -> Section:
    """The department's figures broken down by speciality or by course."""
    rows = figures(flt, by)
    keys = sorted(key for key in rows if key is not None)
    if by == "speciality":
        labels = group_labels("speciality", keys)
        named = [(key, f"{labels[key][0]} {labels[key][1]}") for key in sorted(keys, key=lambda k: labels[k][0])]
    else:
        words = words_for(flt.unit)
        named = [(key, words("grade_n", grade=key)) for key in keys]
    items = [Child(key, label, None, rows[key]) for key, label in named]
    name = "specialities" if by == "speciality" else "courses"
    return Section(name, title, table=figures_table(name, table_title, first, items, words_for(flt.unit)))


@unscoped("the teaching of the department's groups, whose dashboard the view checked the user may open")
def _journals(class_ids: tuple[int, ...], words) -> Section:
    """Each group's journal, by discipline and teacher: where the marks behind the figures are entered."""
    taught = (
        TeachingAssignment.objects.filter(school_class_id__in=class_ids)
        .select_related("school_class", "subject", "teacher")
        .order_by("school_class__grade", "school_class__letter", "subject__code")
    )
    rows, links = [], []
    for assignment in taught:
        klass = assignment.school_class
        rows.append([klass.name, assignment.subject.name, assignment.teacher.full_name])
        links.append(reverse("journal-grid", args=[klass.pk, assignment.subject_id]))
    columns = [Column(words["class"]), Column(words["subject"]), Column(words["teacher"])]
    table = Table("journals", _("Journals of the groups"), columns, rows, links)
    note = "" if rows else words["no_classes_this_year"]
    return Section("journals", _("Journals"), table=table, note=note)
