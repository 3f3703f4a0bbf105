"""8. A teacher's summary: the results of each class and subject they teach, their own total, its dynamics
over the periods of the year, their classes' control works and their qualification category.

A teacher may open their own summary (their staff record is in their scope); a deputy or anyone overseeing
the school may open any of its teachers'."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from sapat.access.scope import restrict
from sapat.assessment.models import ControlWork, control_work_label
from sapat.colleges.vocabulary import words_for
from sapat.core.charts import Chart, Series
from sapat.indicators import registry
from sapat.indicators.control import control_analysis
from sapat.indicators.selectors import Filter, figures, teacher_figures
from sapat.structure.models import Period, Staff, TeachingAssignment

from ..document import (
    COUNT,
    MARK,
    Column,
    Document,
    Figure,
    Paragraph,
    Section,
    Table,
    indicator_column,
    numbered,
)
from .base import Progress, ReportKind, Resolved, period_of, year_of

FIGURES = ("students", "n5", "n4", "n3", "n2", "quality_pct", "success_pct", "average_mark", "sou_pct")


def resolve(params: dict, user) -> Resolved:
    staff = restrict(Staff.objects.select_related("school"), user)
    teacher = get_object_or_404(staff, pk=_int(params.get("teacher")))
    year = year_of(teacher.school, params.get("year", ""))
    period = period_of(year, params.get("period") or "year")
    objects = {"teacher": teacher, "year": year, "period": period}
    params = {"teacher": teacher.pk, "year": year.code, "period": period.code}
    return Resolved(unit=teacher.school, objects=objects, params=params)


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def build(resolved: Resolved, language: str, progress: Progress) -> Document:
    with override(language):
        return _build(resolved, language)


def _build(resolved: Resolved, language: str) -> Document:
    teacher, year, period = (resolved.objects[k] for k in ("teacher", "year", "period"))
    assignments = list(
        TeachingAssignment.objects.filter(teacher=teacher, school_class__year=year)
        .select_related("school_class", "subject")
        .order_by("school_class__grade", "school_class__letter", "subject__code")
    )
    own = teacher_figures(Filter(teacher.school, period)).get(teacher.pk)
    sections = [_classes_section(teacher, assignments, period, own, language), _dynamics_section(teacher, year)]
    sections.append(_control_section(teacher, year, assignments, language))
    category = teacher.category_on(period.ends_on)
    words = words_for(teacher)  # a college's teacher is its "преподаватель"
    facts = [(words["teacher"], teacher.full_name), (words["school"], teacher.school.name_in(language)),
             (_("Category"), category.get_category_display() if category else _("none recorded"))]  # fmt: skip
    return Document(
        language=language,
        title=_("Summary of a teacher's results"),
        subtitle=f"{teacher.full_name} · {year.code} · {period.label}",
        facts=tuple(facts),
        sections=numbered(sections),
        as_of=own["as_of"] if own else None,
        data={"own": own},
    )


def _columns(first: str, words) -> tuple:
    return (
        Column(first), Column(words["subject"]), Column(_("Students"), COUNT), Column("5", COUNT), Column("4", COUNT),
        Column("3", COUNT), Column("2", COUNT), indicator_column(_("Quality, %"), "quality_pct"),
        indicator_column(_("Success, %"), "success_pct"),
        indicator_column(_("Average mark"), "average_mark", MARK), indicator_column(_("SOU, %"), "sou_pct"),
    )  # fmt: skip


def _classes_section(teacher, assignments, period, own, language: str) -> Section:
    rows = []
    for a in assignments:
        flt = Filter(teacher.school, period, subject_id=a.subject_id, class_ids=(a.school_class_id,))
        row = figures(flt)[None]
        rows.append((a.school_class.name, a.subject.name_in(language), *(row[k] for k in FIGURES)))
    if own:
        rows.append((_("Total"), "", *(own[k] for k in FIGURES)))
    words = words_for(teacher)
    table = Table(words["classes_and_subjects"], _columns(words["class"], words), tuple(rows),
                  frozenset({len(rows) - 1}), sheet=words["classes"])  # fmt: skip
    return Section(words["results_of_classes"], (table,) if rows else (Paragraph(words["no_classes_this_year"]),))


def _dynamics_section(teacher, year) -> Section:
    periods = list(Period.objects.filter(year=year).order_by(*Period.CALENDAR))
    points = [(p, teacher_figures(Filter(teacher.school, p)).get(teacher.pk)) for p in periods]
    points = [(p, row) for p, row in points if row and row["students"]]
    if not points:
        return Section(_("Dynamics"), (Paragraph(_("No marks yet.")),))
    chart = Chart(
        kind="line",
        title=_("Quality and success over the periods of the year"),
        categories=tuple(p.label for p, _row in points),
        series=tuple(Series(label, tuple(row[code] for _p, row in points), registry.precision(code))
                     for code, label in (("quality_pct", _("Quality, %")), ("success_pct", _("Success, %")))),
    )  # fmt: skip
    return Section(_("Dynamics"), (Figure(chart),))


def _control_section(teacher, year, assignments, language: str) -> Section:
    taught = {(a.school_class_id, a.subject_id) for a in assignments}
    works = ControlWork.objects.filter(year=year, school_class__in={c for c, _s in taught}).select_related("subject")
    keys = sorted({(w.subject, w.code) for w in works if (w.school_class_id, w.subject_id) in taught},
                  key=lambda k: (k[0].code, k[1]))  # fmt: skip
    classes = {a.school_class.name for a in assignments}
    rows = []
    for subject, code in keys:
        analysis = control_analysis(unit=teacher.school, year=year, subject=subject, work=code)
        name = control_work_label(next(w.kind for w in works if (w.subject, w.code) == (subject, code)))
        rows += [(name, subject.name_in(language), r["class"], r["wrote"], r["quality_pct"], r["success_pct"],
                  r["average_mark"]) for r in analysis["classes"] if r["class"] in classes]  # fmt: skip
    if not rows:
        return Section(_("Control works"), (Paragraph(_("No control works this year.")),))
    columns = (
        Column(_("Work")), Column(_("Subject")), Column(_("Class")), Column(_("Wrote"), COUNT),
        indicator_column(_("Quality, %"), "quality_pct"), indicator_column(_("Success, %"), "success_pct"),
        indicator_column(_("Average mark"), "average_mark", MARK),
    )  # fmt: skip
    return Section(_("Control works"), (Table(_("Control works"), columns, tuple(rows), sheet=_("Control")),))


KIND = ReportKind(
    code="teacher",
    name=gettext_lazy("Summary of a teacher's results"),
    resolve=resolve,
    build=build,
)
