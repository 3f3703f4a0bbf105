"""5. The analytic reference note on an administrative control work (seed 002), built from
sapat.indicators.control: the heading, the table per class, the comparison with the previous work of the
same subject, the control marks against the term marks, the tasks that were hard, conclusions,
recommendations and the signatures of the deputy director and the head of the methodical association (in a
college, of the groups' department)."""

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from sapat.assessment.models import ControlWork, PeriodMark
from sapat.colleges.models import is_college
from sapat.colleges.selectors import department_of_classes
from sapat.colleges.vocabulary import Words, words_for
from sapat.core.charts import Chart, Series
from sapat.core.querysets import unscoped
from sapat.indicators import registry
from sapat.indicators.control import control_analysis, works_of
from sapat.structure.models import MethodicalAssociation, Period, Staff
from sapat.structure.models.staff import Position

from .. import conclusions as say
from ..document import (
    CHANGE,
    CHANGE_MARK,
    COUNT,
    MARK,
    PERCENT,
    POINTS,
    Column,
    Document,
    Figure,
    Paragraph,
    Section,
    Signature,
    Table,
    format_date,
    indicator_column,
    numbered,
)
from .base import Progress, ReportKind, Resolved, overseen_unit, period_of, subject_of, year_of

DIFFICULT_BELOW = 50  # a task done on average below half of its maximum is a "typical difficulty"
LOWERED_ATTENTION = 30  # percent of lowered marks that calls for a check of objectivity (a signal only)
TEXT_PARAMS = ("purpose", "basis", "checked_by", "recommendations")


def resolve(params: dict, user) -> Resolved:
    unit = overseen_unit(user, params.get("unit", ""))
    year = year_of(unit, params.get("year", ""))
    subject = subject_of(params.get("subject", ""))
    works = works_of(unit, year, subject, params.get("work", ""))
    if not works:
        raise Http404
    compare = params.get("compare") or previous_work(works)
    against = period_of(year, params.get("against")) or term_of(works, subject)
    resolved = {**params, "compare": compare or "", "against": against.code if against else ""}
    objects = {"year": year, "subject": subject, "works": works, "against": against}
    return Resolved(unit=unit, objects=objects, params=resolved)


@unscoped("the earlier works of classes the note's resolve() reached through the scope")
def previous_work(works: list[ControlWork]) -> str | None:
    """The code of the latest other work of the same subject written by these classes before this one."""
    first = min(work.written_on for work in works)
    earlier = ControlWork.objects.filter(
        school_class__in=[w.school_class_id for w in works], subject_id=works[0].subject_id, written_on__lt=first
    ).exclude(code=works[0].code)
    latest = earlier.order_by("-written_on").values_list("code", flat=True).first()
    return latest


def term_of(works: list[ControlWork], subject) -> Period | None:
    """The term whose marks the work is compared with: a half-year, else a quarter, holding the work's date
    and having marks of the subject in these classes."""
    written = max(work.written_on for work in works)
    periods = Period.objects.filter(year_id=works[0].year_id, starts_on__lte=written, ends_on__gte=written)
    classes = [work.school_class_id for work in works]
    for kind in (Period.Kind.HALF_YEAR, Period.Kind.QUARTER, Period.Kind.SEMESTER):
        for period in periods.filter(kind=kind):
            if PeriodMark.objects.filter(period=period, subject=subject, school_class__in=classes).exists():
                return period
    return None


def build(resolved: Resolved, language: str, progress: Progress) -> Document:
    with override(language):
        return _build(resolved, language, progress)


def _build(resolved: Resolved, language: str, progress: Progress) -> Document:
    unit, objects, params = resolved.unit, resolved.objects, resolved.params
    against = objects["against"]
    analysis = control_analysis(
        unit=unit, year=objects["year"], subject=objects["subject"], work=params["work"],
        compare=params["compare"] or None, against=against,
    )  # fmt: skip
    progress(50)
    several_schools = len({row["school"] for row in analysis["classes"]}) > 1
    label = _class_label(several_schools, language)
    words = words_for([work.school_class for work in objects["works"]])  # a college's groups: a college's words
    sections = [_results_section(analysis, label, words)]
    if params["compare"]:
        sections.append(_comparison_section(analysis, params["compare"], label, words))
    if against is not None:
        sections.append(_objectivity_section(analysis, against, label, words))
    if analysis["tasks"]:
        sections.append(_tasks_section(analysis, label, words))
    sections.append(_conclusions_section(analysis, params, language, label, words))
    sections.append(_recommendations_section(analysis, params, label, words))
    progress(80)
    return Document(
        language=language,
        title=_("Analytic reference note on the results of the administrative control work"),
        subtitle=f"{objects['subject'].name_in(language)} · {unit.name_in(language)} · {objects['year'].code}",
        facts=_facts(resolved, analysis, language, words),
        sections=numbered(sections),
        signatures=_signatures(unit, objects["subject"], objects["works"]),
        as_of=timezone.now(),
        data={"analysis": analysis},
    )


def _class_label(several_schools: bool, language: str):
    def label(row: dict) -> str:
        if row["class"] is None:
            return _("Total")
        if several_schools:
            return f"{row['school_name'] or row['school']}: {row['class']}"
        return row["class"]

    return label


def _facts(resolved: Resolved, analysis: dict, language: str, words: Words) -> tuple:
    works, params = resolved.objects["works"], resolved.params
    dates = sorted({work.written_on for work in works})
    when = format_date(dates[0], language)
    if len(dates) > 1:
        when = f"{when} – {format_date(dates[-1], language)}"
    topic = next((work.topic for work in works if work.topic), "")
    facts = [
        (words["subject"], resolved.objects["subject"].name_in(language)),
        (_("Topic"), topic or "—"),
        (_("Purpose"), params.get("purpose") or words["purpose"]),
        (_("Basis"), params.get("basis") or words["monitoring_plan"]),
        (_("Written on"), when),
        (words["classes"], ", ".join(row["class"] for row in analysis["classes"])),
    ]
    if params.get("checked_by"):
        facts.append((_("Checked by"), params["checked_by"]))
    return tuple(facts)


def _results_section(analysis: dict, label, words: Words) -> Section:
    columns = (
        Column(words["class"]), Column(words["teacher"]), Column(_("On roll"), COUNT), Column(_("Wrote"), COUNT),
        Column("5", COUNT), Column("4", COUNT), Column("3", COUNT), Column("2", COUNT),
        indicator_column(_("Success, %"), "success_pct"), indicator_column(_("Quality, %"), "quality_pct"),
        indicator_column(_("SOU, %"), "sou_pct"),
        indicator_column(_("Average mark"), "average_mark", MARK),
    )  # fmt: skip
    rows = [*analysis["classes"], analysis["total"]]
    body = tuple(
        (label(r), r["teacher"] or "", r["on_roll"], r["wrote"], r["n5"], r["n4"], r["n3"], r["n2"],
         r["success_pct"], r["quality_pct"], r["sou_pct"], r["average_mark"])
        for r in rows
    )  # fmt: skip
    table = Table(words["results_by_class"], columns, body, frozenset({len(body) - 1}), sheet=_("Results"))
    chart = Chart(
        kind="bar",
        title=words["success_quality_by_class"],
        categories=tuple(label(r) for r in rows),
        series=(
            Series(_("Success, %"), tuple(r["success_pct"] for r in rows), registry.precision("success_pct")),
            Series(_("Quality, %"), tuple(r["quality_pct"] for r in rows), registry.precision("quality_pct")),
        ),
    )
    return Section(_("Results of the work"), (table, Figure(chart)))


def _comparison_section(analysis: dict, compare: str, label, words: Words) -> Section:
    columns = [Column(words["class"])]
    measures = (("quality_pct", _("Quality, %"), PERCENT, CHANGE), ("success_pct", _("Success, %"), PERCENT, CHANGE),
                ("average_mark", _("Average mark"), MARK, CHANGE_MARK))  # fmt: skip
    for code, name, kind, change in measures:
        columns += [indicator_column(_("%(measure)s: before") % {"measure": name}, code, kind),
                    indicator_column(_("%(measure)s: now") % {"measure": name}, code, kind),
                    indicator_column(_("%(measure)s: change") % {"measure": name}, code, change)]  # fmt: skip
    rows = []
    for row in [*analysis["classes"], analysis["total"]]:
        before, change = row.get("compare") or {}, row.get("change") or {}
        cells = [label(row)]
        for key in ("quality_pct", "success_pct", "average_mark"):
            cells += [before.get(key), row[key], change.get(key)]
        rows.append(tuple(cells))
    note = words["same_classes_note"]
    title = _("Comparison with the previous work (%(work)s)") % {"work": compare}
    table = Table(title, tuple(columns), tuple(rows), frozenset({len(rows) - 1}), note=note, sheet=_("Comparison"))
    return Section(_("Comparison with the previous work"), (table,))


def _objectivity_section(analysis: dict, against: Period, label, words: Words) -> Section:
    columns = (
        Column(words["class"]), Column(_("Compared"), COUNT), Column(_("Confirmed"), COUNT),
        Column(_("Higher than the term mark"), COUNT), Column(_("Lower than the term mark"), COUNT),
        Column(_("Confirmed, %"), PERCENT), Column(_("Lower, %"), PERCENT), Column(_("No term mark"), COUNT),
    )  # fmt: skip
    rows = tuple(
        (label(r), a["compared"], a["confirmed"], a["raised"], a["lowered"], a["confirmed_pct"], a["lowered_pct"],
         a["no_journal_mark"])
        for r in [*analysis["classes"], analysis["total"]]
        for a in [r["against"]]
    )  # fmt: skip
    title = _("Control marks against the term marks (%(period)s)") % {"period": against.label}
    note = _("A signal for attention, not a verdict: read it with the size of each group.")
    table = Table(title, columns, rows, frozenset({len(rows) - 1}), note=note, sheet=_("Term marks"))
    return Section(_("Comparison with the term marks"), (table,))


def _tasks_section(analysis: dict, label, words: Words) -> Section:
    """The tasks with their overall share, then the classes as rows and the tasks as columns (any number of
    classes fits the page that way)."""
    tasks = analysis["tasks"]
    described = any(t["description"] for t in tasks)
    columns = [
        Column(_("Task")), *([Column(_("What it checks"))] if described else []), Column(_("Maximum"), POINTS),
        Column(_("Answered"), COUNT), Column(_("Done (percent of the maximum)"), PERCENT),
    ]  # fmt: skip
    rows = tuple(
        (str(t["number"]), *([t["description"]] if described else []), t["max"], t["answered"], t["share_pct"])
        for t in tasks
    )
    overall = Table(_("Tasks: share of the maximum achieved"), tuple(columns), rows, sheet=_("Tasks"))
    numbers = [t["number"] for t in tasks]
    by_class = {}
    for task in tasks:
        for row in task["classes"]:
            by_class.setdefault(row["class"], {})[task["number"]] = row["share_pct"]
    class_columns = (Column(words["class"]), *(Column(_("Task %(number)s") % {"number": n}, PERCENT) for n in numbers))
    class_rows = tuple((name, *(shares.get(n) for n in numbers)) for name, shares in by_class.items())
    per_class = Table(words["done_by_class"], class_columns, class_rows, sheet=words["tasks_by_class"])
    return Section(_("Typical difficulties by task"), (overall, per_class))


def difficult_tasks(analysis: dict) -> list[dict]:
    return [t for t in analysis["tasks"] if t["share_pct"] is not None and t["share_pct"] < DIFFICULT_BELOW]


def _conclusions_section(analysis: dict, params: dict, language: str, label, words: Words) -> Section:
    total = analysis["total"]
    sentences = [say.wrote_sentence(total["wrote"], total["on_roll"], words),
                 say.results_sentence(total, language, words),
                 say.extremes_sentence(analysis["classes"], language, words)]  # fmt: skip
    if params["compare"]:
        sentences += _change_sentences(total, language)
        for row in analysis["classes"]:
            sentences += [_("%(class)s — %(sentence)s") % {"class": label(row), "sentence": s}
                          for s in _change_sentences(row, language, clear_only=True)]  # fmt: skip
    sentences.append(say.objectivity_sentence(total.get("against"), language, words))
    if analysis["tasks"]:
        sentences.append(say.difficult_tasks_sentence(difficult_tasks(analysis), language))
    blocks = tuple(Paragraph(s) for s in sentences if s)
    return Section(_("Conclusions"), blocks)


def _change_sentences(row: dict, language: str, *, clear_only: bool = False) -> list[str]:
    before = row.get("compare")
    if not before:
        return []
    n = min(row["wrote"], before["wrote"])
    quality = say.proportion_change(before["n5"] + before["n4"], before["wrote"], row["n5"] + row["n4"], row["wrote"])
    success = say.proportion_change(
        before["wrote"] - before["n2"], before["wrote"], row["wrote"] - row["n2"], row["wrote"]
    )
    average = say.mean_change(before, row)
    found = [
        (quality, say.quality_sentence(quality, before["quality_pct"], row["quality_pct"], n, language)),
        (success, say.success_sentence(success, before["success_pct"], row["success_pct"], n, language)),
        (average, say.average_sentence(average, before["average_mark"], row["average_mark"], n, language)),
    ]
    return [text for direction, text in found if text and not (clear_only and direction == say.FLAT)]


def _recommendations_section(analysis: dict, params: dict, label, words: Words) -> Section:
    items = []
    hard = difficult_tasks(analysis)
    if hard:
        numbers = ", ".join(str(t["number"]) for t in hard)
        items.append(_("Plan a review of the material of tasks %(tasks)s in the lessons of the next term.")
                     % {"tasks": numbers})  # fmt: skip
    if analysis["total"]["n2"]:
        items.append(words("failing_item", n=analysis["total"]["n2"]))
    items += _objectivity_items(analysis, label, words)
    if analysis["total"].get("compare") and _quality_fell(analysis["total"]):
        items.append(
            _("Discuss the fall in quality at the meeting of the methodical association and agree on measures.")
        )
    items += [line.strip() for line in (params.get("recommendations") or "").splitlines() if line.strip()]
    if not items:
        items.append(_("Keep the present organisation of teaching; repeat the control at the end of the next term."))
    return Section(_("Recommendations"), tuple(Paragraph(text, "item") for text in items))


def _quality_fell(row: dict) -> bool:
    before = row["compare"]
    return (
        say.proportion_change(before["n5"] + before["n4"], before["wrote"], row["n5"] + row["n4"], row["wrote"])
        == say.DOWN
    )


def _objectivity_items(analysis: dict, label, words: Words) -> list[str]:
    flagged = [
        label(row) for row in analysis["classes"]
        if row.get("against") and (row["against"]["lowered_pct"] or 0) >= LOWERED_ATTENTION
    ]  # fmt: skip
    if not flagged:
        return []
    return [words("check_objectivity", classes=", ".join(flagged))]


@unscoped("the heads who sign a note: the unit's academic deputy and the head of the methodical association")
def _signatures(unit, subject, works) -> tuple[Signature, ...]:
    if not unit.is_school:
        return (Signature(_("Responsible specialist")),)
    deputy = Staff.objects.filter(school=unit, position=Position.DEPUTY_ACADEMIC).order_by("last_name").first()
    academic = Signature(_("Deputy director for academic work"), deputy.full_name if deputy else "")
    if is_college(unit):  # a college's groups answer to their department, not to a methodical association
        department = department_of_classes([work.school_class_id for work in works])
        head = department.head if department else None
        return academic, Signature(_("Head of department"), head.full_name if head else "")
    association = MethodicalAssociation.objects.filter(school=unit, subjects=subject).select_related("head").first()
    head = association.head if association else None
    return academic, Signature(_("Head of the methodical association"), head.full_name if head else "")


KIND = ReportKind(
    code="control-note",
    name=gettext_lazy("Analytic reference note on a control work"),
    resolve=resolve,
    build=build,
)
