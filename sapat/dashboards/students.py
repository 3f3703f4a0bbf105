"""Students on dashboards: a class's students with their marks of the period, a teacher's classes, and the
student's own dashboard (their marks by subject and period, against their class where the user may see it).

A student's figures are their own marks counted by sapat.indicators.catalogue.compute; only marks the user may
see are read (sapat.access.scope.restrict), so a parent sees their child's marks and nothing of the class
unless their scope holds it.
"""

from collections import Counter, defaultdict

from django.urls import reverse
from django.utils.translation import gettext as _

from sapat.access.scope import restrict
from sapat.analysis import selectors as analysis
from sapat.assessment.models import PeriodMark
from sapat.colleges.vocabulary import words_for
from sapat.core.charts import Chart, Series
from sapat.indicators import registry
from sapat.indicators.catalogue import BY_CODE, compute
from sapat.indicators.selectors import Filter, figures
from sapat.structure.models import SchoolClass, Student
from sapat.structure.selectors import class_list

from .blocks import Figure, Section
from .selection import Selection
from .tables import COUNT, MARK, TEXT, Column, Table, indicator_column

COUNTED = {"5": "n5", "4": "n4", "3": "n3", "2": "n2", "na": "n_na", "ex": "exempt"}
STUDENT_FIGURES = (("average_mark", MARK), ("n5", COUNT), ("n4", COUNT), ("n3", COUNT), ("n2", COUNT),
                   ("n_na", COUNT))  # fmt: skip


def mark_figures(values) -> dict:
    """Counts of a set of marks and the catalogue's figures of them (their average mark above all)."""
    counts = Counter(COUNTED[value] for value in values if value in COUNTED)
    assessed = sum(counts[k] for k in ("n5", "n4", "n3", "n2", "n_na"))
    return compute({**counts, "students": assessed}, across_subjects=False)


def mark_text(value: str | None) -> str:
    return {"na": _("n/a"), "ex": _("осв."), None: ""}.get(value, value)


# A class's students ----------------------------------------------------------------------------------------


def class_students(user, school_class: SchoolClass, selection: Selection) -> Section:
    """The students on the list the user may see, each with the count of their marks of the period."""
    visible = set(
        restrict(Student.objects.filter(enrolments__school_class=school_class), user).values_list("pk", flat=True)
    )
    enrolments = [e for e in class_list(school_class) if e.student_id in visible]
    marks = restrict(PeriodMark.objects.filter(school_class=school_class, period=selection.period), user)
    if selection.subject:
        marks = marks.filter(subject=selection.subject)
    by_student = defaultdict(list)
    for student_id, value in marks.values_list("student_id", "value"):
        by_student[student_id].append(value)
    columns = [Column(_("Student")), *(Column(m, COUNT) for m in ("5", "4", "3", "2")), Column(_("n/a"), COUNT),
               indicator_column(str(BY_CODE["average_mark"].name), "average_mark", MARK),
               Column(_("Left on"), TEXT)]  # fmt: skip
    rows, links, query = [], [], selection.query()
    for enrolment in enrolments:
        found = mark_figures(by_student.get(enrolment.student_id, []))
        left = enrolment.ends_on.isoformat() if enrolment.ends_on else ""
        rows.append([enrolment.student.full_name, *(found[k] for k in ("n5", "n4", "n3", "n2", "n_na")),
                     found["average_mark"], left])  # fmt: skip
        links.append(reverse("dashboards:student", args=[enrolment.student_id]) + query)
    words = words_for(school_class)
    title = words("class_students", name=school_class.name, period=selection.period.label)
    return Section("students", words["students"], table=Table("students", title, columns, rows, links))


def teacher_classes(taught, selection: Selection) -> Section:
    """The teacher's classes and subjects of the year, each a link to the class's dashboard."""
    words = words_for([a.school_class for a in taught])
    columns = [Column(words["class"]), Column(words["subject"])]
    rows = [[a.school_class.name, a.subject.name] for a in taught]
    links = [reverse("dashboards:class", args=[a.school_class_id]) + selection.query(subject=a.subject.code)
             for a in taught]  # fmt: skip
    table = Table("classes", words["classes_and_subjects"], columns, rows, links)
    return Section("classes", words["classes"], table=table)


# The student's own dashboard -------------------------------------------------------------------------------


def placement(student: Student, selection: Selection) -> SchoolClass | None:
    """The student's class in the selected year (the latest if they moved during it)."""
    enrolment = (student.enrolments.filter(year=selection.year).select_related("school_class__school",
                 "school_class__class_teacher").order_by("-starts_on").first())  # fmt: skip
    return enrolment.school_class if enrolment else None


def student_marks(user, student: Student, selection: Selection) -> dict:
    """{(subject, period code): mark} of the year that the user may see, with the subjects by id."""
    marks = restrict(PeriodMark.objects.filter(student=student, year=selection.year), user).select_related("subject")
    found, subjects, changed = {}, {}, {}
    for mark in marks:
        subjects[mark.subject_id] = mark.subject
        found[(mark.subject_id, mark.period_id)] = mark.value
        changed[mark.period_id] = max(changed.get(mark.period_id, mark.changed_at), mark.changed_at)
    return {"marks": found, "subjects": sorted(subjects.values(), key=lambda s: s.code), "changed": changed}


def marks_table(read: dict, selection: Selection) -> Section:
    periods = list(selection.periods)
    columns = [Column(_("Subject"))] + [Column(p.label, TEXT) for p in periods]
    rows = [[s.name, *(mark_text(read["marks"].get((s.pk, p.pk))) for p in periods)] for s in read["subjects"]]
    title = _("Marks of %(year)s") % {"year": selection.year.code}
    return Section("marks", _("Marks"), table=Table("marks", title, columns, rows), wide=True)


def earlier_marks(user, student: Student, period) -> list[str] | None:
    """The student's marks of an earlier period that the user may see (None when there are none): the
    student is their own counterpart, whichever class they were in then."""
    if period is None:
        return None
    values = list(restrict(PeriodMark.objects.filter(student=student, period=period), user).values_list("value",
                  flat=True))  # fmt: skip
    return values or None


def student_headline(read: dict, selection: Selection, class_row: dict | None, earlier: list[str] | None
                     ) -> list[Figure]:  # fmt: skip
    """The student's figures of the period, their change against `earlier` (the marks of the previous
    period, see earlier_marks) and the class's average mark."""
    now = _period_figures(read, selection.period.pk)
    before = mark_figures(earlier) if earlier else None
    result = []
    for code, kind in STUDENT_FIGURES:
        value, earlier = now.get(code), (before or {}).get(code)
        change = value - earlier if value is not None and earlier is not None else None
        parent = (class_row or {}).get(code) if kind == MARK else None  # a class's counts are no yardstick
        result.append(Figure(code, str(BY_CODE[code].name), kind, value, change, parent))
    return result


def _period_figures(read: dict, period_id: int) -> dict:
    return mark_figures([value for (_s, p), value in read["marks"].items() if p == period_id])


def student_dynamics(read: dict, selection: Selection, school_class: SchoolClass | None, class_visible: bool
                     ) -> Section:  # fmt: skip
    """The student's average mark over the periods of the selected kind, beside their class's."""
    periods = selection.same_kind()
    mine = tuple(_period_figures(read, p.pk)["average_mark"] for p in periods)
    series = [Series(_("Student"), mine)]
    if school_class is not None and class_visible:
        theirs = analysis.period_dynamics(
            school_class.school,
            selection.year,
            "average_mark",
            class_ids=(school_class.pk,),
            codes=tuple(p.code for p in periods),
        )
        by_code = {point.period: point.value for point in theirs.points}
        average = tuple(by_code.get(p.code) for p in periods)
        series.append(Series(words_for(school_class)["class"], average, registry.precision("average_mark")))
    title = _("Average mark over the year %(year)s") % {"year": selection.year.code}
    chart = Chart("line", title, tuple(p.label for p in periods), tuple(series), "mark")
    header, *body = chart.table()
    columns = [Column(_("Period"))] + [indicator_column(name, "average_mark", MARK) for name in header[1:]]
    return Section("dynamics", _("Dynamics"), table=Table("dynamics", title, columns, body), chart=chart)


def student_subjects(read: dict, selection: Selection, school_class: SchoolClass | None, class_visible: bool
                     ) -> Section:  # fmt: skip
    """The student's mark in each subject for the period, beside the class's average mark in it."""
    period_id = selection.period.pk
    subjects = [s for s in read["subjects"] if (s.pk, period_id) in read["marks"]]
    mine = tuple(_numeric(read["marks"][(s.pk, period_id)]) for s in subjects)
    series = [Series(_("Student"), mine)]
    if school_class is not None and class_visible:
        rows = figures(Filter(school_class.school, selection.period, class_ids=(school_class.pk,)), by="subject")
        average = tuple((rows.get(s.pk) or {}).get("average_mark") for s in subjects)
        series.append(Series(words_for(school_class)["class_average"], average, registry.precision("average_mark")))
    title = _("Marks of %(period)s by subject") % {"period": selection.period.label}
    chart = Chart("bar", title, tuple(s.name for s in subjects), tuple(series), "mark")
    header, *body = chart.table()
    columns = [Column(_("Subject"))] + [indicator_column(name, "average_mark", MARK) for name in header[1:]]
    return Section("subjects", _("By subject"), table=Table("subjects", title, columns, body), chart=chart)


def _numeric(value: str) -> int | None:
    return int(value) if value in ("5", "4", "3", "2") else None


def student_concerns(user, student: Student, school_class: SchoolClass, selection: Selection) -> Section:
    found = analysis.students_at_risk(user=user, unit=school_class, period=selection.period)
    mine = next((s for s in found if s.student_id == student.pk), None)
    columns = [Column(_("Subject")), Column(_("Mark"), TEXT), Column(_("Previous mark"), TEXT), Column(_("Why"), TEXT)]
    rows = [[c.subject_name, mark_text(c.mark), mark_text(c.previous), ", ".join(c.reason_labels)]
            for c in (mine.concerns if mine else ())]  # fmt: skip
    title = _("Needs attention")
    if not rows:
        return Section("concerns", title, note=_("Nothing needs attention in this period."))
    return Section("concerns", title, table=Table("concerns", title, columns, rows))
