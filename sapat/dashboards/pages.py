"""One dashboard per level, assembled from the blocks: region, district, school, parallel, class, teacher.

(The student's dashboard is in student.py: it reads one student's marks, not summaries.) Each builder takes
objects the view has already fetched through the scoping rule and returns a `Dashboard`: headline figures
with their change and the parent's value, then sections in the order people read them.
"""

from dataclasses import dataclass, field, replace

from django.urls import reverse
from django.utils.translation import gettext as _

from sapat.access.scope import oversees, restrict
from sapat.achievements.dashboard import achievements_section
from sapat.analysis import selectors as analysis
from sapat.colleges.models import is_college
from sapat.colleges.vocabulary import SCHOOL_WORDS, Words, words_for
from sapat.core.querysets import unscoped
from sapat.indicators.selectors import Filter, group_labels
from sapat.structure.models import OrgUnit, SchoolClass, Staff, Student, TeachingAssignment

from . import analysed, blocks, control, students
from .blocks import Figure, Figures, Section
from .directions import directions_section
from .external import external_sections
from .groups import groups_under
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
    words: Words = SCHOOL_WORDS  # the unit's vocabulary (colleges/vocabulary.py) for the page's own labels

    def table(self, name: str) -> Table | None:
        return next((s.table for s in self.sections if s.table is not None and s.table.name == name), None)


def _subject_id(selection: Selection) -> int | None:
    return selection.subject.pk if selection.subject else None


def _frame(level, title, kind_label, selection, flt, parent_flt, parent_label, figures: Figures, *,
           previous_classes=None, words=SCHOOL_WORDS) -> Dashboard:  # fmt: skip
    """The dashboard's head: figures now, their change against the previous period and the parent's value.

    The previous period's figures are the same unit's; for a class or a teacher they are those of the
    counterpart classes in the previous period (`previous_classes(period)`, sapat.analysis.counterparts),
    and none when there are none."""
    before = figures.before
    own = figures.of(flt)
    previous = None
    if before is not None:
        earlier = flt.class_ids if previous_classes is None else previous_classes(before)
        previous = figures.of(replace(flt, period=before, class_ids=earlier)) if earlier != () else None
    parent = figures.of(parent_flt)
    return Dashboard(
        words=words,
        level=level,
        title=title,
        kind_label=kind_label,
        selection=selection,
        figures=blocks.headline(own, previous, parent, words),
        as_of=(own or {}).get("as_of"),
        parent_label=parent_label,
        previous_label=str(before) if before else "",
    )


def _dynamics(figures: Figures, flt: Filter, selection: Selection, unit: OrgUnit, **narrowing) -> Section:
    """The dynamics section; its points also give the headline's figures of this period (and of the previous
    one when the unit is its own counterpart)."""
    figures.before = analysis.previous_period(selection.period)
    section, points = analysed.dynamics(unit, selection, **narrowing)
    periods = [*selection.periods] if narrowing.get("yearly_classes") else [*selection.periods, figures.before]
    figures.prime(flt, points, periods)
    return section


def _crumbs(user, unit: OrgUnit, selection: Selection) -> list[tuple[str, str]]:
    """The overseen units above and including `unit`, each linking to its dashboard."""
    chain = [*restrict(unit.ancestors(), user), unit]
    query = selection.query()
    return [(u.name, reverse("dashboards:unit", args=[u.code]) + query) for u in chain if oversees(user, u)]


# Region, district, school ----------------------------------------------------------------------------------


def unit_dashboard(user, unit: OrgUnit, selection: Selection, params) -> Dashboard:
    figures, subject_id = Figures(), _subject_id(selection)
    flt = Filter(unit, selection.period, subject_id=subject_id)
    parent = unit.parent
    parent_flt = Filter(parent, selection.period, subject_id=subject_id) if parent else None
    dynamics = _dynamics(figures, flt, selection, unit)
    words = words_for(unit)
    page = _frame(unit.kind, unit.name, words.kind_label(unit), selection, flt, parent_flt,
                  parent.name if parent else "", figures, words=words)  # fmt: skip
    page.crumbs = _crumbs(user, unit, selection)
    by = CHILD_LEVEL[unit.kind]
    items = blocks.children(figures(flt, by), by, selection)
    own = figures.of(flt)
    page.sections = [
        dynamics,
        blocks.comparison(items, selection, own, unit.name, first=_child_label(by, words), words=words),
        blocks.distribution(items, own, unit.name),
        _dated(analysed.rating(by, unit, selection, url_of=_rating_link(by, selection)), page.as_of),
    ]
    if is_college(unit):
        page.sections.append(_departments(unit, selection, flt, figures))
    if unit.is_school:
        page.sections += _school_sections(user, unit, selection, flt, figures)
    else:
        if subject_id is None:
            page.sections.append(blocks.by_subject(figures(flt, "subject"), selection))
        page.sections += groups_under(unit, selection, figures, flt)
    page.sections += control.control_sections(unit, selection, params, group=CONTROL_GROUP[unit.kind])
    page.sections += external_sections(unit, selection)
    extra = (directions_section(unit, selection), achievements_section(unit, selection))
    page.sections += [section for section in extra if section is not None]
    if parent is not None and oversees(user, parent):
        page.sections.append(analysed.peers(unit, selection, asked=params.get("peers") == "1"))
    page.links = [(_("Structure of this unit"), reverse("unit-detail", args=[unit.code]))]
    return page


def _school_sections(user, school: OrgUnit, selection: Selection, flt: Filter, figures: Figures) -> list[Section]:
    sections = [blocks.by_parallel(figures(flt, "parallel"), selection, school), blocks.heatmap(flt, selection)]
    if selection.subject is None:
        sections.append(blocks.by_subject(figures(flt, "subject"), selection, words_for(school)))
    sections.append(blocks.teachers(flt, selection))
    sections.append(analysed.at_risk_link(school, selection))
    return sections


def _departments(college: OrgUnit, selection: Selection, flt: Filter, figures: Figures) -> Section:
    """A college's figures by department, each leading to the department's dashboard."""
    rows = figures(flt, "department")
    labels = group_labels("department", [key for key in rows if key is not None])
    query = selection.query()
    items = [
        blocks.Child(key, labels[key][1], reverse("dashboards:department", args=[key]) + query, rows[key])
        for key in sorted(labels, key=lambda k: labels[k][0])
    ]
    words = words_for(college)
    table = blocks.figures_table("departments", _("Figures by department"), _("Department"), items, words)
    return Section("departments", _("By department"), table=table)


def _child_label(by: str, words) -> str:
    return {"district": _("District"), "school": _("School"), "class": words["class"], "subject": words["subject"]}[by]


def _rating_link(level: str, selection: Selection):
    query = selection.query()
    if level == "class":
        return lambda row: reverse("dashboards:class", args=[row.id]) + query
    return lambda row: reverse("dashboards:unit", args=[row.unit]) + query


# Parallel --------------------------------------------------------------------------------------------------


def parallel_dashboard(user, school: OrgUnit, grade: int, selection: Selection, params) -> Dashboard:
    figures, subject_id = Figures(), _subject_id(selection)
    flt = Filter(school, selection.period, subject_id=subject_id, grade=grade)
    words = words_for(school)
    title = words("parallel_title", grade=grade, school=school.name)
    dynamics = _dynamics(figures, flt, selection, school, grade=grade)
    page = _frame("parallel", title, words["parallel"], selection, flt, replace(flt, grade=None), school.name, figures,
                  words=words)  # fmt: skip
    page.crumbs = _crumbs(user, school, selection)
    classes = restrict(SchoolClass.objects.filter(school=school, year=selection.year, grade=grade), user)
    class_ids = set(classes.values_list("pk", flat=True))
    items = blocks.children(figures(flt, "class"), "class", selection)
    own = figures.of(flt)
    page.sections = [
        dynamics,
        blocks.comparison(items, selection, own, title, first=words["class"], words=words),
        blocks.distribution(items, own, title),
        _dated(
            analysed.rating("class", school, selection, keep=class_ids, url_of=_rating_link("class", selection)),
            page.as_of,
        ),
        blocks.heatmap(flt, selection),
        analysed.at_risk_link(school, selection, grade=grade),
        *control.control_sections(school, selection, params, class_ids=class_ids),
    ]
    page.sections[3].note += " " + words["ranks_among_classes"]
    return page


# Class -----------------------------------------------------------------------------------------------------


def class_dashboard(user, school_class: SchoolClass, selection: Selection, params) -> Dashboard:
    figures, subject_id, school = Figures(), _subject_id(selection), school_class.school
    flt = Filter(school, selection.period, subject_id=subject_id, class_ids=(school_class.pk,))
    parallel = Filter(school, selection.period, subject_id=subject_id, grade=school_class.grade)
    words = words_for(school)
    parallel_label = words("parallel_n", grade=school_class.grade)
    title = words("class_title", name=school_class.name, school=school.name)
    yearly = analysis.cohort_classes(school_class, selection.period.code)
    dynamics = _dynamics(figures, flt, selection, school, class_ids=(school_class.pk,),
                         yearly_classes=tuple(sorted(yearly.values())))  # fmt: skip

    def previous_classes(before):
        return _one(analysis.class_in(school_class, before, since=selection.period))

    page = _frame("class", title, words["class"], selection, flt, parallel, parallel_label, figures,
                  previous_classes=previous_classes, words=words)  # fmt: skip
    page.crumbs = _class_crumbs(user, school_class, selection)
    page.sections = [dynamics]
    if subject_id is None:
        items = blocks.children(figures(flt, "subject"), "subject", selection)
        page.sections += [blocks.comparison(items, selection, None, title, first=words["subject"], words=words),
                          blocks.distribution(items, figures.of(flt), title)]  # fmt: skip
    page.sections += [
        students.class_students(user, school_class, selection),
        analysed.at_risk(user, school_class, selection),
        analysed.cohort(school_class, selection, earliest=_earliest(school_class, yearly)),
        *control.control_sections(school, selection, params, class_ids=(school_class.pk,)),
    ]
    if oversees(user, school):
        page.sections.append(analysed.peers(school_class, selection, asked=params.get("peers") == "1"))
    page.links = [(words["class_list"], reverse("class-detail", args=[school_class.pk]))]
    return page


def _one(class_id: int | None) -> tuple[int, ...]:
    return () if class_id is None else (class_id,)


@unscoped("the earlier class of this class's students, where the dynamics follow them from (its name only)")
def _earliest(school_class: SchoolClass, yearly: dict[int, int]) -> SchoolClass:
    """The class of the earliest year that held most of this class's students (the class itself if none)."""
    earlier = SchoolClass.objects.filter(pk__in=yearly.values(), year__code__lt=school_class.year.code)
    return earlier.select_related("school", "year").order_by("year__code").first() or school_class


def _class_crumbs(user, school_class: SchoolClass, selection: Selection) -> list[tuple[str, str]]:
    crumbs = _crumbs(user, school_class.school, selection)
    if oversees(user, school_class.school):
        url = reverse("dashboards:parallel", args=[school_class.school.code, school_class.grade])
        label = words_for(school_class)("parallel_n", grade=school_class.grade)
        crumbs.append((label, url + selection.query()))
    return crumbs


# Teacher ---------------------------------------------------------------------------------------------------


def teacher_selection(teacher: Staff, selection: Selection) -> tuple[Selection, list[TeachingAssignment]]:
    """The selection narrowed to the teacher's subjects of the year; their main subject when none is asked."""
    taught = list(
        teacher.assignments.filter(school_class__year=selection.year)  # of the teacher the page fetched
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
        page = Dashboard("teacher", title, words_for(school)["teacher"], selection, words=words_for(school))
        page.sections = [students.teacher_classes([], selection)]
        page.sections[0].note = _("No teaching assignments in this academic year.")
        return page
    class_ids = tuple(sorted({a.school_class_id for a in taught if a.subject_id == selection.subject.pk}))
    flt = Filter(school, selection.period, subject_id=selection.subject.pk, class_ids=class_ids)
    parent = replace(flt, class_ids=None)
    subject_id = selection.subject.pk
    dynamics = _dynamics(figures, flt, selection, school, class_ids=class_ids,
                         yearly_classes=analysis.teacher_classes(teacher.pk, subject_id))  # fmt: skip

    def previous_classes(before):
        return analysis.teacher_classes(teacher.pk, subject_id, before.year_id)

    page = _frame("teacher", title, words_for(school)["teacher"], selection, flt, parent, school.name, figures,
                  previous_classes=previous_classes, words=words_for(school))  # fmt: skip
    page.crumbs = _crumbs(user, school, selection)
    items = blocks.children(figures(flt, "class"), "class", selection)
    page.sections = [
        dynamics,
        blocks.comparison(items, selection, figures.of(flt), title, first=words_for(school)["class"]),
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
    words = words_for(student)
    page = Dashboard("student", student.full_name, words["student"], selection, words=words)
    before = analysis.previous_period(selection.period)
    page.figures = students.student_headline(read, selection, class_row, students.earlier_marks(user, student, before))
    page.as_of = read["changed"].get(selection.period.pk)
    page.parent_label = words("class_n", name=school_class.name) if class_visible else ""
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


def at_risk_dashboard(user, school: OrgUnit, grade: int | None, selection: Selection, *, params) -> Dashboard:
    class_ids = None
    if grade is not None:
        found = SchoolClass.objects.filter(school=school, year=selection.year, grade=grade)
        class_ids = set(found.values_list("pk", flat=True))
    title = _("Students at risk, %(school)s") % {"school": school.name}
    if grade is not None:
        title = words_for(school)("at_risk_parallel_title", grade=grade, school=school.name)
    page = Dashboard("at_risk", title, words_for(school)["students_at_risk"], selection, words=words_for(school))
    page.crumbs = _crumbs(user, school, selection)
    page.sections = [analysed.at_risk(user, school, selection, class_ids=class_ids, params=params, grade=grade)]
    return page
