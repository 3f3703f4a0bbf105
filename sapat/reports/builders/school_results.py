"""6. Term and year results of a school: by class, parallel, subject and teacher; dynamics over the periods of
the year and over three years (sapat.analysis.dynamics); the lists of excellent students, students with one
3, failing students and missing marks, counted by the engine's own definitions (docs/indicators.md), so each
list's length equals the summary's count."""

from collections import defaultdict

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from sapat.analysis.dynamics import period_dynamics, year_dynamics
from sapat.assessment.models import PeriodMark
from sapat.colleges.vocabulary import words_for
from sapat.core.charts import Chart, Series
from sapat.core.querysets import unscoped
from sapat.indicators import registry
from sapat.indicators.selectors import Filter, figures, teacher_figures
from sapat.structure.models import Enrolment, Period, SchoolClass, Staff, Subject

from .. import conclusions as say
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
from .base import Progress, ReportKind, Resolved, overseen_unit, period_of, year_of
from .comparative import years_up_to
from .directions import directions_section
from .external import external_section

FIGURES = ("students", "quality_pct", "success_pct", "average_mark", "sou_pct")
LIST_KINDS = ("excellent", "one_three", "failing", "missing")


def resolve(params: dict, user) -> Resolved:
    unit = overseen_unit(user, params.get("unit", ""))
    year = year_of(unit, params.get("year", ""))
    period = period_of(year, params.get("period") or "year")
    return Resolved(unit=unit, objects={"year": year, "period": period},
                    params={"unit": unit.code, "year": year.code, "period": period.code})  # fmt: skip


def build(resolved: Resolved, language: str, progress: Progress) -> Document:
    with override(language):
        return _build(resolved, language, progress)


def _build(resolved: Resolved, language: str, progress: Progress) -> Document:
    unit, year, period = resolved.unit, resolved.objects["year"], resolved.objects["period"]
    flt, words = Filter(unit, period), words_for(unit)
    total = figures(flt)[None]
    sections = [_breakdowns(flt, total, language)]
    progress(40)
    sections.append(_teachers(flt, language, words))
    sections.append(_dynamics(unit, year, period, language))
    progress(60)
    lists = student_lists(unit, period)
    sections.append(_lists_section(lists, language, words))
    external = external_section(unit, year, language)
    if external is not None:
        sections.append(external)
    datasets = directions_section(unit, year)
    if datasets is not None:
        sections.append(datasets)
    progress(80)
    return Document(
        language=language,
        title=words["school_results"],
        subtitle=f"{unit.name_in(language)} · {year.code} · {period.label}",
        facts=((_("Students (N)"), str(total["students"])), (_("Marks missing"), str(total["missing"]))),
        sections=numbered(sections),
        as_of=total["as_of"],
        data={"total": total, "lists": lists},
    )


def _columns(first: str) -> list[Column]:
    return [
        Column(first), Column(_("Students"), COUNT), indicator_column(_("Quality, %"), "quality_pct"),
        indicator_column(_("Success, %"), "success_pct"), indicator_column(_("Average mark"), "average_mark", MARK),
        indicator_column(_("SOU, %"), "sou_pct"),
    ]  # fmt: skip


def _breakdowns(flt: Filter, total: dict, language: str) -> Section:
    by_class, words = figures(flt, by="class"), words_for(flt.unit)
    classes = SchoolClass.objects.filter(pk__in=[k for k in by_class if k]).order_by("grade", "letter")
    class_columns = [*_columns(words["class"]), Column(_("excellent students"), COUNT), Column(_("with one 3"), COUNT),
                     Column(_("failing"), COUNT), Column(_("Marks missing"), COUNT)]  # fmt: skip
    class_rows = [(c.name, *_figures(by_class[c.pk]), *(by_class[c.pk][k] for k in LIST_KINDS)) for c in classes]
    class_rows.append((_("Total"), *_figures(total), *(total[k] for k in LIST_KINDS)))
    by_grade = figures(flt, by="parallel")
    grade_rows = [(words("grade_n", grade=g), *_figures(by_grade[g])) for g in sorted(k for k in by_grade if k)]
    by_subject = figures(flt, by="subject")
    subjects = Subject.objects.filter(pk__in=[k for k in by_subject if k])
    subject_rows = sorted((s.name_in(language), *_figures(by_subject[s.pk])) for s in subjects)
    blocks = (
        Table(words["by_class"], tuple(class_columns), tuple(class_rows), frozenset({len(class_rows) - 1}),
              sheet=words["classes"]),
        Table(words["by_parallel"], tuple(_columns(words["grade"])), tuple(grade_rows), sheet=words["parallels"]),
        Table(words["by_subject"], tuple(_columns(words["subject"])), tuple(subject_rows), sheet=words["subjects"]),
    )  # fmt: skip
    return Section(_("Results"), blocks)


def _figures(row: dict) -> tuple:
    return tuple(row[key] for key in FIGURES)


def _teachers(flt: Filter, language: str, words) -> Section:
    rows = teacher_figures(flt)
    teachers = Staff.objects.filter(pk__in=rows).order_by("last_name", "first_name")
    body = tuple((t.full_name, *_figures(rows[t.pk])) for t in teachers)
    table = Table(words["by_teacher"], tuple(_columns(words["teacher"])), body, sheet=words["teachers"])
    return Section(words["teachers"], (table,))


def _dynamics(unit, year, period: Period, language: str) -> Section:
    quality = period_dynamics(unit, year, "quality_pct")
    success = period_dynamics(unit, year, "success_pct")
    blocks = [Figure(_line(_("Over the periods of the year"), quality, success))]
    years = tuple(y.code for y in years_up_to(unit.country, year.code, 3))
    by_year_quality = year_dynamics(unit, period.code, "quality_pct", years=years)
    by_year_success = year_dynamics(unit, period.code, "success_pct", years=years)
    blocks.append(Figure(_line(_("Over three years"), by_year_quality, by_year_success, by_year=True)))
    blocks += [Paragraph(text) for text in _change_sentences(quality, language) + _change_sentences(
        by_year_quality, language)]  # fmt: skip
    return Section(_("Dynamics"), tuple(blocks))


def _line(title: str, quality, success, *, by_year: bool = False) -> Chart:
    points = quality.points
    categories = tuple(p.year if by_year else str(Period(code=p.period).label) for p in points)
    return Chart(
        kind="line",
        title=title,
        categories=categories,
        series=(
            Series(_("Quality, %"), tuple(p.value for p in points), registry.precision("quality_pct")),
            Series(_("Success, %"), tuple(p.value for p in success.points), registry.precision("success_pct")),
        ),
    )


def _change_sentences(series, language: str) -> list[str]:
    """The change of quality at the last point against the one before it (same kind), honestly."""
    last = series.points[-1] if series.points else None
    if last is None or last.change is None or last.change.delta is None:
        return []
    direction = {"rise": say.UP, "fall": say.DOWN}.get(last.change.verdict, say.FLAT)
    n = min(last.change.before.n, last.change.after.n)
    return [say.quality_sentence(direction, last.change.before.value, last.change.after.value, n, language)]


# The lists of students ------------------------------------------------------------------------------------


@unscoped("a report's student lists under a unit resolve() checked the user oversees")
def student_lists(unit, period: Period) -> dict[str, list[dict]]:
    """{kind: [{"class", "student", "subjects"}]} for excellent, one_three, failing and missing, by the
    engine's definitions: students on the list at the end of the period; a subject is expected of a class
    when any of its students has a mark in it; a missing expected mark makes the student "missing"."""
    on_list = _on_list(unit, period)
    marks = defaultdict(dict)
    expected = defaultdict(set)
    # By the classes of the period's year: the (class, period, subject) index, not a scan of every mark.
    class_ids = {class_id for _student, class_id in on_list}
    rows = PeriodMark.objects.filter(period=period, school_class_id__in=class_ids)
    for student_id, class_id, subject_id, value in rows.values_list("student_id", "school_class_id", "subject_id",
                                                                    "value"):  # fmt: skip
        expected[class_id].add(subject_id)
        if (student_id, class_id) in on_list:
            marks[(student_id, class_id)][subject_id] = value
    names = {s.pk: s.name for s in Subject.objects.filter(pk__in={s for v in expected.values() for s in v})}
    lists = {kind: [] for kind in LIST_KINDS}
    for (student_id, class_id), (student, class_name) in sorted(on_list.items(), key=lambda i: (i[1][1], i[1][0])):
        kind, subjects = _category(marks.get((student_id, class_id), {}), expected[class_id])
        if kind in lists:
            lists[kind].append({"class": class_name, "student": student,
                                "subjects": ", ".join(sorted(names[s] for s in subjects))})  # fmt: skip
    return lists


def _on_list(unit, period: Period) -> dict:
    enrolments = Enrolment.objects.filter(
        school_class__school__path__startswith=unit.path, school_class__year_id=period.year_id,
        starts_on__lte=period.ends_on,
    ).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=period.ends_on))  # fmt: skip
    enrolments = enrolments.select_related("student", "school_class")
    return {(e.student_id, e.school_class_id): (e.student.full_name, e.school_class.name) for e in enrolments}


def _category(marks: dict, expected: set) -> tuple[str | None, list]:
    missing = [s for s in expected if s not in marks]
    if not expected:
        return None, []
    if missing:
        return "missing", missing
    graded = {s: v for s, v in marks.items() if v != "ex"}
    if not graded:
        return None, []
    failing = [s for s, v in graded.items() if v in ("2", "na")]
    if failing:
        return "failing", failing
    threes = [s for s, v in graded.items() if v == "3"]
    if not threes and all(v == "5" for v in graded.values()):
        return "excellent", []
    if len(threes) == 1:
        return "one_three", threes
    return None, []


def _lists_section(lists: dict, language: str, words) -> Section:
    titles = {"excellent": _("Excellent students"), "one_three": _("Students with one 3"),
              "failing": _("Failing students"), "missing": _("Students with marks missing")}  # fmt: skip
    subjects = {"one_three": _("Subject of the 3"), "failing": _("Subjects with 2 or n/a"),
                "missing": _("Subjects without a mark")}  # fmt: skip
    blocks = []
    for kind in LIST_KINDS:
        columns = [Column(words["class"]), Column(words["student"])]
        if kind in subjects:
            columns.append(Column(subjects[kind]))
        rows = tuple((r["class"], r["student"], *([r["subjects"]] if kind in subjects else [])) for r in lists[kind])
        if rows:
            blocks.append(Table(titles[kind], tuple(columns), rows, sheet=titles[kind]))
        else:
            blocks.append(Paragraph(_("%(list)s: none.") % {"list": titles[kind]}))
    return Section(_("Lists of students"), tuple(blocks))


KIND = ReportKind(
    code="school-results",
    name=gettext_lazy("Results of a school for a term or year"),
    resolve=resolve,
    build=build,
)
