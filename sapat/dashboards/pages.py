"""One dashboard per level, assembled from the blocks: region, district, school, parallel, class, teacher.

(The student's dashboard is in student.py: it reads one student's marks, not summaries.) Each builder takes
objects the view has already fetched through the scoping rule and returns a `Dashboard`: headline figures
with their change and the parent's value, then sections in the order people read them.
"""

from dataclasses import dataclass, field, replace

from django.urls import reverse
from django.utils.translation import gettext as _

from sapat.access.scope import oversees
from sapat.analysis import selectors as analysis
from sapat.indicators.selectors import Filter
from sapat.structure.models import OrgUnit, SchoolClass, Staff, Student, TeachingAssignment

from . import analysed, blocks, control, students
from .blocks import Figure, Figures, Section
from .reach import may_see_class
from .selection import Selection
from .tables import Table

CHILD_LEVEL = {OrgUnit.Kind.REGION: "district", OrgUnit.Kind.DISTRICT: "school", OrgUnit.Kind.SCHOOL: "class"}
CONTROL_GROUP = {OrgUnit.Kind.REGION: "district", OrgUnit.Kind.DISTRICT: "school", OrgUnit.Kind.SCHOOL: "class"}


@dataclass
class Dashboard:
    level: str  # region | district | school | parallel | class | teacher | student
    title: str
    kind_label: str
    selection: Selection
    crumbs: list[tuple[str, str]] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    as_of: object = None
    parent_label: str = ""
    previous_label: str = ""
    sections: list[Section] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)

    def table(self, name: str) -> Table | None:
        return next((s.table for s in self.sections if s.table is not None and s.table.name == name), None)


def _subject_id(selection: Selection) -> int | None:
    return selection.subject.pk if selection.subject else None


def _frame(level, title, kind_label, selection, flt, parent_flt, parent_label, figures: Figures) -> Dashboard:
    """The dashboard's head: figures now, their change against the previous period and the parent's value."""
    before = figures.before
    own = figures.of(flt)
    previous = figures.of(replace(flt, period=before)) if before else None
    parent = figures.of(parent_flt)
    return Dashboard(
        level=level,
        title=title,
        kind_label=kind_label,
        selection=selection,
        figures=blocks.headline(own, previous, parent),
        as_of=(own or {}).get("as_of"),
        parent_label=parent_label,
        previous_label=str(before) if before else "",
    )


def _dynamics(figures: Figures, flt: Filter, selection: Selection, unit: OrgUnit, **narrowing) -> Section:
    """The dynamics section; its points also give the headline's figures of this and the previous period."""
    figures.before = analysis.previous_period(selection.period)
    section, points = analysed.dynamics(unit, selection, **narrowing)
    figures.prime(flt, points, [*selection.periods, figures.before])
    return section


def _crumbs(user, unit: OrgUnit, selection: Selection) -> list[tuple[str, str]]:
    """The overseen units above and including `unit`, each linking to its dashboard."""
    chain = [*unit.ancestors(), unit]
    query = selection.query()
    return [(u.name, reverse("dashboards:unit", args=[u.code]) + query) for u in chain if oversees(user, u)]


# Region, district, school ----------------------------------------------------------------------------------


def unit_dashboard(user, unit: OrgUnit, selection: Selection, params) -> Dashboard:
    figures, subject_id = Figures(), _subject_id(selection)
    flt = Filter(unit, selection.period, subject_id=subject_id)
    parent = unit.parent
    parent_flt = Filter(parent, selection.period, subject_id=subject_id) if parent else None
    dynamics = _dynamics(figures, flt, selection, unit)
    page = _frame(unit.kind, unit.name, unit.get_kind_display(), selection, flt, parent_flt,
                  parent.name if parent else "", figures)  # fmt: skip
    page.crumbs = _crumbs(user, unit, selection)
    by = CHILD_LEVEL[unit.kind]
    items = blocks.children(figures(flt, by), by, selection)
    own = figures.of(flt)
    page.sections = [
        dynamics,
        blocks.comparison(items, selection, own, unit.name, first=_child_label(by)),
        blocks.distribution(items, own, unit.name),
        _dated(analysed.rating(by, unit, selection, url_of=_rating_link(by, selection)), page.as_of),
    ]
    if unit.is_school:
        page.sections += _school_sections(user, unit, selection, flt, figures)
    elif subject_id is None:
        page.sections.append(blocks.by_subject(figures(flt, "subject"), selection))
    page.sections += control.control_sections(unit, selection, params, group=CONTROL_GROUP[unit.kind])
    if parent is not None and oversees(user, parent):
        page.sections.append(analysed.peers(unit, selection, asked=params.get("peers") == "1"))
    page.links = [(_("Structure of this unit"), reverse("unit-detail", args=[unit.code]))]
    return page


def _school_sections(user, school: OrgUnit, selection: Selection, flt: Filter, figures: Figures) -> list[Section]:
    sections = [blocks.by_parallel(figures(flt, "parallel"), selection, school), blocks.heatmap(flt, selection)]
    if selection.subject is None:
        sections.append(blocks.by_subject(figures(flt, "subject"), selection))
    sections.append(blocks.teachers(flt, selection))
    sections.append(analysed.at_risk_link(school, selection))
    return sections


def _child_label(by: str) -> str:
    return {"district": _("District"), "school": _("School"), "class": _("Class"), "subject": _("Subject")}[by]


def _rating_link(level: str, selection: Selection):
    query = selection.query()
    if level == "class":
        return lambda row: reverse("dashboards:class", args=[row.id]) + query
    return lambda row: reverse("dashboards:unit", args=[row.unit]) + query


# Parallel --------------------------------------------------------------------------------------------------


def parallel_dashboard(user, school: OrgUnit, grade: int, selection: Selection, params) -> Dashboard:
    figures, subject_id = Figures(), _subject_id(selection)
    flt = Filter(school, selection.period, subject_id=subject_id, grade=grade)
    title = _("Parallel %(grade)s, %(school)s") % {"grade": grade, "school": school.name}
    dynamics = _dynamics(figures, flt, selection, school, grade=grade)
    page = _frame("parallel", title, _("Parallel"), selection, flt, replace(flt, grade=None), school.name, figures)
    page.crumbs = _crumbs(user, school, selection)
    class_ids = set(
        SchoolClass.objects.filter(school=school, year=selection.year, grade=grade).values_list("pk", flat=True)
    )
    items = blocks.children(figures(flt, "class"), "class", selection)
    own = figures.of(flt)
    page.sections = [
        dynamics,
        blocks.comparison(items, selection, own, title, first=_("Class")),
        blocks.distribution(items, own, title),
        _dated(
            analysed.rating("class", school, selection, keep=class_ids, url_of=_rating_link("class", selection)),
            page.as_of,
        ),
        blocks.heatmap(flt, selection),
        analysed.at_risk_link(school, selection, grade=grade),
        *control.control_sections(school, selection, params, class_ids=class_ids),
    ]
    page.sections[3].note += " " + _("Ranks are among all classes of the school.")
    return page


# Class -----------------------------------------------------------------------------------------------------


def class_dashboard(user, school_class: SchoolClass, selection: Selection, params) -> Dashboard:
    figures, subject_id, school = Figures(), _subject_id(selection), school_class.school
    flt = Filter(school, selection.period, subject_id=subject_id, class_ids=(school_class.pk,))
    parallel = Filter(school, selection.period, subject_id=subject_id, grade=school_class.grade)
    parallel_label = _("Parallel %(grade)s") % {"grade": school_class.grade}
    title = _("Class %(name)s, %(school)s") % {"name": school_class.name, "school": school.name}
    dynamics = _dynamics(figures, flt, selection, school, class_ids=(school_class.pk,))
    page = _frame("class", title, _("Class"), selection, flt, parallel, parallel_label, figures)
    page.crumbs = _class_crumbs(user, school_class, selection)
    page.sections = [dynamics]
    if subject_id is None:
        items = blocks.children(figures(flt, "subject"), "subject", selection)
        page.sections += [blocks.comparison(items, selection, None, title, first=_("Subject")),
                          blocks.distribution(items, figures.of(flt), title)]  # fmt: skip
    page.sections += [
        students.class_students(user, school_class, selection),
        analysed.at_risk(user, school_class, selection),
        analysed.cohort(school_class, selection),
        *control.control_sections(school, selection, params, class_ids=(school_class.pk,)),
    ]
    if oversees(user, school):
        page.sections.append(analysed.peers(school_class, selection, asked=params.get("peers") == "1"))
    page.links = [(_("Class list and teachers"), reverse("class-detail", args=[school_class.pk]))]
    return page


def _class_crumbs(user, school_class: SchoolClass, selection: Selection) -> list[tuple[str, str]]:
    crumbs = _crumbs(user, school_class.school, selection)
    if oversees(user, school_class.school):
        url = reverse("dashboards:parallel", args=[school_class.school.code, school_class.grade])
        crumbs.append((_("Parallel %(grade)s") % {"grade": school_class.grade}, url + selection.query()))
    return crumbs


# Teacher ---------------------------------------------------------------------------------------------------


def teacher_selection(teacher: Staff, selection: Selection) -> tuple[Selection, list[TeachingAssignment]]:
    """The selection narrowed to the teacher's subjects of the year; their main subject when none is asked."""
    taught = list(
        TeachingAssignment.objects.filter(teacher=teacher, school_class__year=selection.year)
        .select_related("school_class", "subject")
        .order_by("subject__code", "school_class__grade", "school_class__letter")
    )
    subjects = list({a.subject_id: a.subject for a in taught}.values())
    counts = {s.pk: sum(a.subject_id == s.pk for a in taught) for s in subjects}
    subject = selection.subject if selection.subject in subjects else None
    if subject is None and subjects:
        subject = max(subjects, key=lambda s: (counts[s.pk], -subjects.index(s)))
    return replace(selection, subjects=tuple(subjects), subject=subject), taught


def teacher_dashboard(user, teacher: Staff, selection: Selection, params) -> Dashboard:
    selection, taught = teacher_selection(teacher, selection)
    school, figures = teacher.school, Figures()
    title = teacher.full_name
    if selection.subject is None:
        page = Dashboard("teacher", title, _("Teacher"), selection)
        page.sections = [students.teacher_classes([], selection)]
        page.sections[0].note = _("No teaching assignments in this academic year.")
        return page
    class_ids = tuple(sorted({a.school_class_id for a in taught if a.subject_id == selection.subject.pk}))
    flt = Filter(school, selection.period, subject_id=selection.subject.pk, class_ids=class_ids)
    parent = replace(flt, class_ids=None)
    dynamics = _dynamics(figures, flt, selection, school, class_ids=class_ids)
    page = _frame("teacher", title, _("Teacher"), selection, flt, parent, school.name, figures)
    page.crumbs = _crumbs(user, school, selection)
    items = blocks.children(figures(flt, "class"), "class", selection)
    page.sections = [
        dynamics,
        blocks.comparison(items, selection, figures.of(flt), title, first=_("Class")),
        blocks.distribution(items, figures.of(flt), title),
        students.teacher_classes(taught, selection),
        analysed.at_risk(user, school, selection, class_ids=set(class_ids)),
        *control.control_sections(school, selection, params, class_ids=class_ids),
    ]
    return page


def _dated(section: Section, as_of) -> Section:
    """A section computed from the same sums as the headline is as fresh as the headline."""
    if section.table is not None and section.table.as_of is None:
        section.table.as_of = as_of
    return section


# Student ---------------------------------------------------------------------------------------------------


def student_dashboard(user, student: Student, selection: Selection) -> Dashboard:
    school_class = students.placement(student, selection)
    class_visible = school_class is not None and may_see_class(user, school_class)
    read = students.student_marks(user, student, selection)
    class_row = None
    if class_visible:
        flt = Filter(school_class.school, selection.period, class_ids=(school_class.pk,))
        class_row = Figures().of(flt)
    page = Dashboard("student", student.full_name, _("Student"), selection)
    page.figures = students.student_headline(read, selection, class_row)
    page.as_of = read["changed"].get(selection.period.pk)
    page.parent_label = _("Class %(name)s") % {"name": school_class.name} if class_visible else ""
    before = analysis.previous_period(selection.period)
    page.previous_label = str(before) if before else ""
    page.sections = [
        students.student_subjects(read, selection, school_class, class_visible),
        students.student_dynamics(read, selection, school_class, class_visible),
        students.marks_table(read, selection),
    ]
    if school_class is not None:
        page.sections.append(students.student_concerns(user, student, school_class, selection))
        page.crumbs = _class_crumbs(user, school_class, selection)
        if class_visible:
            page.crumbs.append(
                (school_class.name, reverse("dashboards:class", args=[school_class.pk]) + selection.query())
            )
    page.links = [(_("Student's record"), reverse("student-detail", args=[student.pk]))]
    return page


# Students at risk of a school or parallel: a page of its own (a school's list is long and slow to compute) --


def at_risk_dashboard(user, school: OrgUnit, grade: int | None, selection: Selection) -> Dashboard:
    class_ids = None
    if grade is not None:
        found = SchoolClass.objects.filter(school=school, year=selection.year, grade=grade)
        class_ids = set(found.values_list("pk", flat=True))
    title = _("Students at risk, %(school)s") % {"school": school.name}
    if grade is not None:
        title = _("Students at risk, parallel %(grade)s, %(school)s") % {"grade": grade, "school": school.name}
    page = Dashboard("at_risk", title, _("Students at risk"), selection)
    page.crumbs = _crumbs(user, school, selection)
    page.sections = [analysed.at_risk(user, school, selection, class_ids=class_ids)]
    return page
