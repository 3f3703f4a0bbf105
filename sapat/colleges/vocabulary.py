"""The words of a unit's kind: where a school says class, parallel, grade, pupil and school, a college says study
group, course, student and college (docs/colleges.md, "Vocabulary").

One helper for every page, export and report: `words_for(thing)` gives the words of a unit, a class (a group),
a student, or a list of them (college words only when every one of them is a college's), and `words["key"]` (in
a template `{{ words.key }}`) is the term in the language active when it is read. A college's group is a class of
its year (docs/colleges.md), so the same pages serve both; only their words differ, and they differ here alone.
"""

from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy, npgettext_lazy, pgettext_lazy

from sapat.structure.models import OrgUnit, SchoolClass, Staff, Student

# key -> (a school's word, a college's word). Keys are identifiers so that templates can read them.
TERMS = {
    "class": (_("Class"), _("Study group")),
    "classes": (_("Classes"), _("Study groups")),
    "class_lower": (_("class"), _("study group")),
    "classes_lower": (_("classes"), _("study groups")),
    "all_classes": (_("all classes"), _("all study groups")),
    "parallel": (_("Parallel"), _("Course")),
    "grade": (_("Grade"), _("Course")),
    "grade_n": (_("Grade %(grade)s"), _("Course %(grade)s")),
    "parallel_n": (_("Parallel %(grade)s"), _("Course %(grade)s")),
    "class_n": (_("Class %(name)s"), _("Study group %(name)s")),
    "class_title": (_("Class %(name)s, %(school)s"), _("Study group %(name)s, %(school)s")),
    "parallel_title": (_("Parallel %(grade)s, %(school)s"), _("Course %(grade)s, %(school)s")),
    "at_risk_parallel_title": (
        _("Students at risk, parallel %(grade)s, %(school)s"),
        _("Students at risk, course %(grade)s, %(school)s"),
    ),
    "school": (_("School"), _("College")),
    "school_lower": (_("school"), _("college")),
    "student": (_("Student"), pgettext_lazy("of a college", "Student")),
    "students": (_("Students"), pgettext_lazy("of a college", "Students")),
    "subject": (_("Subject"), _("Discipline")),
    "class_teacher": (_("Class teacher"), _("Curator")),
    "your_classes": (_("Your classes"), _("Your study groups")),
    "marks_of_your_classes": (_("Marks of your classes"), _("Marks of your study groups")),
    "my_classes": (_("My classes and subjects"), _("My study groups and disciplines")),
    "classes_and_subjects": (_("Classes and subjects"), _("Study groups and disciplines")),
    "class_list": (_("Class list and teachers"), _("Group list and teachers")),
    "by_class": (_("By class"), _("By study group")),
    "classes_on_list": (_("Classes and students on the list"), _("Study groups and students on the list")),
    "no_classes_yet": (_("No classes in this academic year yet."), _("No study groups in this academic year yet.")),
    "classes_by_year": (_("Classes by year"), _("Study groups by year")),
    "subjects_and_teachers": (_("Subjects and teachers"), _("Disciplines and teachers")),
    "enter_no_marks": (
        _(
            "You enter no marks: only the teachers of a class and subject, and the school's director and academic "
            "deputy, do."
        ),
        _(
            "You enter no marks: only the teachers of a study group and discipline, and the college's director and "
            "academic deputy, do."
        ),
    ),
    "by_subject": (_("By subject"), _("By discipline")),
    "subjects": (_("Subjects"), _("Disciplines")),
    "all_subjects": (_("All subjects"), _("All disciplines")),
    "journal_students": (
        pgettext_lazy("figure", "Students counted (N)"),
        pgettext_lazy("figure of a college", "Students counted (N)"),
    ),
    "journal_sou": (
        pgettext_lazy("figure", "Degree of learning (SOU)"),
        pgettext_lazy("figure of a college", "Degree of learning (SOU)"),
    ),
    "journal_counted": (
        _(
            "Counted from the marks saved: N is the students with a mark 5, 4, 3, 2 or n/a; exempt students and "
            "missing marks are left out."
        ),
        pgettext_lazy(
            "of a college",
            "Counted from the marks saved: N is the students with a mark 5, 4, 3, 2 or n/a; exempt students and "
            "missing marks are left out.",
        ),
    ),
    "figures_by_subject": (_("Figures by subject"), _("Figures by discipline")),
    "students_at_risk": (_("Students at risk"), pgettext_lazy("of a college", "Students at risk")),
    "open_at_risk": (
        _("Open the list of students at risk"),
        pgettext_lazy("of a college", "Open the list of students at risk"),
    ),
    "parallels": (_("Parallels"), _("Courses")),
    "by_parallel": (_("By parallel"), _("By course")),
    "figures_by_parallel": (_("Figures by parallel"), _("Figures by course")),
    "ranks_among_classes": (
        _("Ranks are among all classes of the school."),
        _("Ranks are among all study groups of the college."),
    ),
    "quality_by_class_subject": (
        _("Quality of knowledge by class and subject"),
        _("Quality of knowledge by study group and discipline"),
    ),
    "teachers_classes": (_("Figures of each teacher's classes"), _("Figures of each teacher's study groups")),
    "class_students": (
        _("Students of class %(name)s: their marks of %(period)s"),
        _("Students of study group %(name)s: their marks of %(period)s"),
    ),
    "class_average": (_("Class average"), _("Group average")),
    "whole_class": (_("Whole class"), _("Whole group")),
    "class_followed": (
        _("Class %(name)s followed by its %(count)s students"),
        _("Study group %(name)s followed by its %(count)s students"),
    ),
    "left_school": (_("Left the school"), _("Left the college")),
    "school_results": (_("Results of the school for the period"), _("Results of the college for the period")),
    "results_of_classes": (_("Results of the classes"), _("Results of the study groups")),
    "no_classes_this_year": (_("No classes this year."), _("No study groups this year.")),
    "ask_administrator": (
        _("You have no roles yet. Ask your school's administrator to add you."),
        _("You have no roles yet. Ask your college's administrator to add you."),
    ),
    # A college's teacher is "преподаватель", "окутуучу", "оқытушы" (GLOSSARY.md).
    "teacher": (_("Teacher"), pgettext_lazy("of a college", "Teacher")),
    "teachers": (_("Teachers"), pgettext_lazy("of a college", "Teachers")),
    "by_teacher": (
        _("By teacher (their classes and subjects)"),
        _("By teacher (their study groups and disciplines)"),
    ),
    "all_students": (_("All students"), pgettext_lazy("of a college", "All students")),
    # The control-work note (reports/builders/control_note.py) and its sentences (reports/conclusions.py).
    "results_by_class": (_("Results by class"), _("Results by study group")),
    "success_quality_by_class": (
        _("Success and quality of knowledge by class"),
        _("Success and quality of knowledge by study group"),
    ),
    "done_by_class": (_("Done (percent of maximum), by class"), _("Done (percent of maximum), by study group")),
    "tasks_by_class": (_("Tasks by class"), _("Tasks by group")),
    "monitoring_plan": (_("the school's plan of internal monitoring"), _("the college's plan of internal monitoring")),
    "same_classes_note": (
        _("The change is in percentage points (marks for the average mark); the total compares the same classes."),
        _("The change is in percentage points (marks for the average mark); the total compares the same study groups."),
    ),
    "check_objectivity": (
        _("Check the objectivity of the term marks in %(classes)s, where the control work was often lower."),
        _(
            "Check the objectivity of the semester marks in study groups %(classes)s, where the control work was "
            "often lower."
        ),
    ),
    "wrote": (
        ngettext_lazy(
            "%(wrote)s of %(on_roll)s student on the class lists wrote the work.",
            "%(wrote)s of %(on_roll)s students on the class lists wrote the work.",
            "on_roll",
        ),
        ngettext_lazy(
            "%(wrote)s of %(on_roll)s student on the study group lists wrote the work.",
            "%(wrote)s of %(on_roll)s students on the study group lists wrote the work.",
            "on_roll",
        ),
    ),
    "purpose": (
        _("to check how the students have mastered the programme"),
        pgettext_lazy("of a college", "to check how the students have mastered the programme"),
    ),
    "results_sentence": (
        _(
            "Success rate %(success)s, quality of knowledge %(quality)s, degree of learning (СОУ) %(sou)s, "
            "average mark %(average)s."
        ),
        pgettext_lazy(
            "of a college",
            "Success rate %(success)s, quality of knowledge %(quality)s, degree of learning (СОУ) %(sou)s, "
            "average mark %(average)s.",
        ),
    ),
    "failing_item": (
        ngettext_lazy(
            "Organise individual work with the %(n)s student who got a 2, and check their results again.",
            "Organise individual work with the %(n)s students who got a 2, and check their results again.",
            "n",
        ),
        npgettext_lazy(
            "of a college",
            "Organise individual work with the %(n)s student who got a 2, and check their results again.",
            "Organise individual work with the %(n)s students who got a 2, and check their results again.",
            "n",
        ),
    ),
    "objectivity_sentence": (
        ngettext_lazy(
            "Of %(compared)s student compared with the term mark, the control work confirmed the mark of "
            "%(confirmed)s (%(confirmed_pct)s), was higher for %(raised)s and lower for %(lowered)s (%(lowered_pct)s).",
            "Of %(compared)s students compared with the term mark, the control work confirmed the mark of "
            "%(confirmed)s (%(confirmed_pct)s), was higher for %(raised)s and lower for %(lowered)s (%(lowered_pct)s).",
            "compared",
        ),
        npgettext_lazy(
            "of a college",
            "Of %(compared)s student compared with the term mark, the control work confirmed the mark of "
            "%(confirmed)s (%(confirmed_pct)s), was higher for %(raised)s and lower for %(lowered)s (%(lowered_pct)s).",
            "Of %(compared)s students compared with the term mark, the control work confirmed the mark of "
            "%(confirmed)s (%(confirmed_pct)s), was higher for %(raised)s and lower for %(lowered)s (%(lowered_pct)s).",
            "compared",
        ),
    ),
    "same_in_every_class": (
        _("Quality of knowledge is the same in every class: %(value)s."),
        _("Quality of knowledge is the same in every study group: %(value)s."),
    ),
    # The import page's explanations of a kind of file (transfer/kinds, `help_term`): the file's columns keep
    # their names (`class`, `grade`); only the words around them are a college's.
    "help_marks": (
        _(
            "One sheet per class and period, students as rows and subjects as columns; marks 5, 4, 3, 2, н/а, осв. "
            "An empty cell leaves the stored mark as it is."
        ),
        _(
            "One sheet per study group and semester, students as rows and disciplines as columns; marks 5, 4, 3, 2, "
            "н/а, осв. An empty cell leaves the stored mark as it is."
        ),
    ),
    "which_class": (
        _("Which class? Name it above the table (Class | 8а) or in the sheet name."),
        _("Which study group? Name it above the table (Study group | ВЕТ-24) or in the sheet name."),
    ),
    "help_assignments": (
        _("One row per teacher, class and subject. The teacher is named by their full name."),
        _("One row per teacher, study group and discipline. The teacher is named by their full name."),
    ),
    "help_staff": (
        _(
            "One row per staff member and qualification category (repeat the person for each category). A person "
            "is recognised by their full name within the school."
        ),
        _(
            "One row per staff member and qualification category (repeat the person for each category). A person "
            "is recognised by their full name within the college."
        ),
    ),
    "help_classes": (
        _(
            "One row per student on a class list, with the date they joined the list and, if they left, the date "
            "they left. Missing classes and students are created. A row with a class and no student creates the class."
        ),
        _(
            "One row per student on a study group's list, with the date they joined the list and, if they left, the "
            "date they left. Missing study groups and students are created. A row with a study group and no student "
            "creates the group."
        ),
    ),
    "title_classes": (_("Classes and student lists"), _("Study groups and student lists")),
    "help_subjects": (
        _(
            "One row per subject: its code and its name in the four languages. Missing subjects are created; the "
            "names of existing ones are changed only from the command line."
        ),
        _(
            "One row per discipline: its code and its name in the four languages. Missing disciplines are created; "
            "the names of existing ones are changed only from the command line."
        ),
    ),
    "title_subjects": (_("Subjects"), _("Disciplines")),
    # The public report (reports/builders/public.py).
    "min_group_note": (
        ngettext_lazy(
            "Groups of fewer than %(n)s student are not shown, so that nobody can be recognised.",
            "Groups of fewer than %(n)s students are not shown, so that nobody can be recognised.",
            "n",
        ),
        npgettext_lazy(
            "of a college",
            "Groups of fewer than %(n)s student are not shown, so that nobody can be recognised.",
            "Groups of fewer than %(n)s students are not shown, so that nobody can be recognised.",
            "n",
        ),
    ),
    "quality_by_parallel": (_("Quality of knowledge by parallel"), _("Quality of knowledge by course")),
    # The comparative report's cohort (reports/builders/comparative.py).
    "class_followed_years": (_("A class followed across years"), _("A study group followed across years")),
    "no_classes_to_follow": (
        _("No classes of grade %(grade)s to follow in %(first)s – %(last)s."),
        _("No study groups of course %(grade)s to follow in %(first)s – %(last)s."),
    ),
    "classes_followed_title": (
        _("Classes of grade %(grade)s of %(first)s followed by their students to %(last)s"),
        _("Study groups of course %(grade)s of %(first)s followed by their students to %(last)s"),
    ),
    "cohort_note": (
        _(
            "A class is followed by its students, not by its name: the students on its list at the end of the "
            "period in %(first)s, in each later year in the class of the same school that holds most of them. N "
            "counts only these students (newcomers are not counted). A change is called a rise or a fall only when "
            "it is clear; with fewer than %(n)s students it is too small to judge."
        ),
        _(
            "A study group is followed by its students, not by its code: the students on its list at the end of the "
            "semester in %(first)s, in each later year in the study group of the same college that holds most of "
            "them. N counts only these students (newcomers are not counted). A change is called a rise or a fall "
            "only when it is clear; with fewer than %(n)s students it is too small to judge."
        ),
    ),
    "followed_classes": (_("Followed classes"), _("Followed groups")),
    "year_grade": (_("%(year)s, grade %(grade)s"), _("%(year)s, course %(grade)s")),
    "all_followed": (_("All the followed classes together"), _("All the followed study groups together")),
    "pooled_by_school": (
        ngettext_lazy(
            "%(count)s class is followed; to keep the table short each row pools the classes of one school "
            "(their counts summed).",
            "%(count)s classes are followed; to keep the table short each row pools the classes of one school "
            "(their counts summed).",
            "count",
        ),
        ngettext_lazy(
            "%(count)s study group is followed; to keep the table short each row pools the study groups of one "
            "college (their counts summed).",
            "%(count)s study groups are followed; to keep the table short each row pools the study groups of one "
            "college (their counts summed).",
            "count",
        ),
    ),
    "pooled_by_district": (
        ngettext_lazy(
            "%(count)s class is followed; to keep the table short each row pools the classes of one district "
            "(their counts summed).",
            "%(count)s classes are followed; to keep the table short each row pools the classes of one district "
            "(their counts summed).",
            "count",
        ),
        ngettext_lazy(
            "%(count)s study group is followed; to keep the table short each row pools the study groups of the "
            "colleges of one district (their counts summed).",
            "%(count)s study groups are followed; to keep the table short each row pools the study groups of the "
            "colleges of one district (their counts summed).",
            "count",
        ),
    ),
    "count_classes": (
        ngettext_lazy("%(count)s class", "%(count)s classes", "count"),
        ngettext_lazy("%(count)s study group", "%(count)s study groups", "count"),
    ),
}


# The registry's names of the marks' indicators that say "pupil", as a college says them (the registry is data:
# its names are the school's; a college reads these instead wherever a dashboard names the indicator).
COLLEGE_INDICATOR_NAMES = {
    "students": pgettext_lazy("of a college", "students (N)"),
    "excellent": pgettext_lazy("of a college", "excellent students"),
    "good": pgettext_lazy("of a college", "good students"),
    "failing": pgettext_lazy("of a college", "failing students"),
    "one_three": pgettext_lazy("of a college", "students with one 3"),
    "sou_pct": pgettext_lazy("of a college", "degree of learning (SOU)"),
}


# The roles a college's people hold under a school's name (docs/colleges.md, "Roles").
COLLEGE_ROLE_NAMES = {
    "director": _("college director"),
    "deputy_academic": _("deputy director of the college for academic work"),
    "subject_teacher": _("teacher of the college"),
}


class Words:
    """The terms of one kind of unit; `words["class"]` is "Class" in a school and "Study group" in a college."""

    do_not_call_in_templates = True  # `{{ words.class }}` reads a term; calling is for code that fills one

    def __init__(self, college: bool):
        self.college = college

    def __getitem__(self, key: str) -> str:
        school, college = TERMS[key]
        return str(college if self.college else school)

    def indicator(self, code: str, name) -> str:
        """The name of an indicator of the registry as this kind of unit says it."""
        return str(COLLEGE_INDICATOR_NAMES.get(code, name) if self.college else name)

    def role_label(self, membership) -> str:
        """A membership's role as this kind of unit says it: a college's director is the college's."""
        if self.college and membership.role in COLLEGE_ROLE_NAMES:
            return str(COLLEGE_ROLE_NAMES[membership.role])
        return str(membership.get_role_display())

    def kind_help(self, kind) -> str:
        """The import page's explanation of a kind of file (sapat/transfer/kinds) as this kind of unit says it."""
        term = getattr(kind, "help_term", "")
        return self[term] if term else str(kind.help)

    def kind_title(self, kind) -> str:
        """The import page's name of a kind of file as this kind of unit says it ("Study groups and student lists")."""
        term = getattr(kind, "title_term", "")
        return self[term] if term else str(kind.title)

    def kind_label(self, unit: OrgUnit) -> str:
        """The kind of a unit in words: "region", "district", "school" or "college"."""
        return self["school_lower"] if unit.kind == OrgUnit.Kind.SCHOOL else str(unit.get_kind_display())

    def __call__(self, key: str, **values) -> str:
        """The term with its placeholders filled: `words("class_n", name="ВЕТ-24")`; a term said in the singular
        or the plural (`count_classes`) takes its number from the value its name gives."""
        if not values:
            return self[key]
        school, college = TERMS[key]
        return str((college if self.college else school) % values)


SCHOOL_WORDS, COLLEGE_WORDS = Words(False), Words(True)


def words_for(thing) -> Words:
    """The words of a unit, a class, a student, or of a list of them: a college's only when all are a college's."""
    if isinstance(thing, Iterable) and not isinstance(thing, str):
        things = list(thing)
        return COLLEGE_WORDS if things and all(_in_college(t) for t in things) else SCHOOL_WORDS
    return COLLEGE_WORDS if _in_college(thing) else SCHOOL_WORDS


def _in_college(thing) -> bool:
    from .models import is_college

    if isinstance(thing, SchoolClass | Student | Staff):
        thing = thing.school
    return isinstance(thing, OrgUnit) and is_college(thing)
