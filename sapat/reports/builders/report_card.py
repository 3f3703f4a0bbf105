"""9. A student's report card for the family: the marks of every subject by period and the control works of
the year, in the family's language. Only people who may see the student reach it (a parent: their own
child); anyone else gets a 404."""

from django.db.models import Max
from django.shortcuts import get_object_or_404
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, override

from sapat.access.scope import restrict
from sapat.assessment.models import ControlResult, PeriodMark, control_work_label
from sapat.colleges.vocabulary import words_for
from sapat.structure.models import Student

from ..document import DATE, TEXT, Column, Document, Paragraph, Section, Table
from .base import Progress, ReportKind, Resolved


def resolve(params: dict, user) -> Resolved:
    queryset = restrict(Student.objects.select_related("school"), user)
    student = get_object_or_404(queryset, pk=_int(params.get("student")))
    enrolments = student.enrolments.select_related("school_class__year", "school_class")  # of the fetched student
    if params.get("year"):
        enrolments = enrolments.filter(school_class__year__code=params["year"])
    enrolment = get_object_or_404(enrolments.order_by("-school_class__year__starts_on", "-starts_on")[:1])
    school_class = enrolment.school_class
    objects = {"student": student, "school_class": school_class, "year": school_class.year}
    return Resolved(
        unit=student.school, objects=objects, params={"student": student.pk, "year": school_class.year.code}
    )


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def short_mark(value: str) -> str:
    """A mark as printed in a school record: 5, 4, 3, 2, н/а, осв."""
    return {"na": _("n/a"), "ex": _("exempt")}.get(value, value)


def build(resolved: Resolved, language: str, progress: Progress) -> Document:
    with override(language):
        return _build(resolved, language)


def _build(resolved: Resolved, language: str) -> Document:
    student, school_class, year = (resolved.objects[key] for key in ("student", "school_class", "year"))
    marks = PeriodMark.objects.filter(student=student, year=year).select_related("subject", "period")
    periods = sorted({mark.period for mark in marks}, key=lambda p: p.calendar_key)
    by_subject: dict = {}
    for mark in marks:
        by_subject.setdefault(mark.subject, {})[mark.period.code] = mark.value
    subjects = sorted(by_subject, key=lambda s: s.name_in(language))
    words = words_for(student)
    columns = (Column(words["subject"]), *(Column(p.label, TEXT) for p in periods))
    rows = tuple(
        (subject.name_in(language), *(short_mark(by_subject[subject].get(p.code, "")) for p in periods))
        for subject in subjects
    )
    sections = [Section(_("Marks"), (Table(_("Marks by subject and period"), columns, rows, sheet=_("Marks")),))]
    sections += _control_section(student, year, language)
    sections.append(Section(_("Summary"), tuple(Paragraph(s) for s in _summary(marks, periods))))
    teacher = school_class.class_teacher
    facts = [(words["student"], student.full_name), (words["class"], school_class.name),
             (words["school"], student.school.name_in(language)), (_("Academic year"), year.code)]  # fmt: skip
    if teacher:
        facts.append((words["class_teacher"], teacher.full_name))
    return Document(
        language=language,
        title=_("Report card"),
        subtitle=student.full_name,
        facts=tuple(facts),
        sections=tuple(sections),
        as_of=marks.aggregate(latest=Max("changed_at"))["latest"],
        data={"marks": {(s.code, p): v for s, row in by_subject.items() for p, v in row.items()}},
    )


def _control_section(student, year, language: str) -> list[Section]:
    results = (
        ControlResult.objects.filter(student=student, work__year=year)
        .select_related("work__subject")
        .order_by("work__written_on")
    )
    if not results:
        return []
    columns = (Column(_("Subject")), Column(_("Date"), DATE), Column(_("Work")), Column(_("Mark")))
    rows = tuple((r.work.subject.name_in(language), r.work.written_on, control_work_label(r.work.kind), r.mark)
                 for r in results)  # fmt: skip
    return [Section(_("Control works"), (Table(_("Control works of the year"), columns, rows, sheet=_("Control")),))]


def _summary(marks, periods) -> list[str]:
    if not periods:
        return [_("No marks have been entered for this year yet.")]
    last = periods[-1]
    values = [mark.value for mark in marks if mark.period_id == last.pk]
    low = sum(1 for value in values if value in ("2", "na"))
    lines = [
        ngettext(
            "%(period)s: %(count)s subject with a mark.", "%(period)s: %(count)s subjects with a mark.", len(values)
        )
        % {"period": capfirst(last.label), "count": len(values)}
    ]
    if low:
        lines.append(
            ngettext(
                "%(count)s subject needs attention (a 2 or not assessed).",
                "%(count)s subjects need attention (a 2 or not assessed).",
                low,
            )
            % {"count": low}
        )
    elif all(value in ("5", "4", "ex") for value in values):
        lines.append(_("Every mark is a 4 or a 5."))
    return lines


KIND = ReportKind(
    code="report-card",
    name=gettext_lazy("Report card of a student"),
    resolve=resolve,
    build=build,
)
