"""Kinds of results with a row per result: KZ criteria scores, control-work results, external test results.

Each row is resolved with the loaders' Resolver (through ScopedResolver) into the entry the batch service
takes (`scores_save`, `control_results_save`, `external_results_save`): the services validate and write.
"""

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sapat.assessment.control import ControlEntry, control_results_save
from sapat.assessment.control_loaders import parse_decimal
from sapat.assessment.external import ExternalEntry, external_results_save
from sapat.assessment.models import ControlResult, ExternalResult, ExternalTest, Score
from sapat.assessment.scores import ScoreEntry, scores_save
from sapat.core import values

from ..headers import Choices, column, is_part_column, is_task_column
from ..outcome import Outcome
from ..resolving import choice, day, optional_day
from ..tables import Record, resolved
from .base import ExportContext, SheetData, TableKind, extra_columns, period_of, place_columns, pupil

SCORE_KINDS = Choices(
    dict(Score.Kind.choices),
    {"fo": ("ФО", "ҚБ", "формативное", "formative"), "sor": ("СОр", "БЖБ", "суммативное за раздел"),
     "soch": ("СОч", "ТЖБ", "суммативное за четверть")},
)  # fmt: skip
SCORE_KIND_SHORT = {"fo": "ФО", "sor": "СОр", "soch": "СОч"}
TEST_KINDS = Choices(
    dict(ExternalTest.Kind.choices),
    {"ort": ("ОРТ", "ЖРТ", "ort", "national testing"), "ent": ("ЕНТ", "ҰБТ", "ЕГЭ", "unt"), "modo": ("МОДО", "МОДО")},
)


def _number(record: Record, key: str, *, needed: bool = False) -> Decimal | None:
    value = resolved(record, key, parse_decimal, record[key])
    if value is None and needed:
        resolved(record, key, _missing, key)
    return value


def _missing(key):
    raise ValueError(_("The cell is empty."))


def _plain(value) -> object:
    """A stored Decimal as a spreadsheet number: 17 rather than 17.00."""
    if value is None:
        return ""
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else value.normalize()


class ScoresKind(TableKind):
    code = "scores"
    title = gettext_lazy("KZ criteria scores (ФО, СОр, СОч)")
    help = gettext_lazy(
        "One row per score. The rows of one student, subject, period and kind are the complete list of those "
        "scores; the period marks are derived from them."
    )
    file_name = "scores"
    columns = (
        *place_columns(),
        column("subject", gettext_lazy("Subject")),
        column("period", gettext_lazy("Period")),
        column("kind", gettext_lazy("Kind of score")),
        column("score", gettext_lazy("Score")),
        column("max", gettext_lazy("Maximum")),
    )

    def entry(self, record, resolver, ctx) -> ScoreEntry:
        _school, year, school_class, student = pupil(record, resolver)
        subject = resolved(record, "subject", resolver.subject_named, record["subject"])
        period = resolved(record, "period", period_of, resolver, year, record["period"])
        kind = resolved(
            record,
            "kind",
            choice,
            SCORE_KINDS,
            record["kind"],
            _("“%(value)s” is not a kind of score: use ФО, СОр or СОч."),
        )
        score, maximum = _number(record, "score", needed=True), _number(record, "max", needed=True)
        return ScoreEntry(student, school_class, subject, period, kind, score, maximum, row=record.number)

    def save(self, entries, ctx, outcome: Outcome) -> None:
        report = scores_save(entries=entries, actor=ctx.actor, note=ctx.note)
        for name in ("created", "changed", "unchanged", "removed"):
            outcome.add("scores", name, getattr(report, name))
        for name in ("created", "changed", "unchanged"):
            outcome.add("derived_marks", name, getattr(report.marks, name))

    def export(self, ectx: ExportContext) -> list[SheetData]:
        rows = []
        if ectx.with_data:
            scores = ectx.scoped(Score.objects.filter(school__in=ectx.schools(), year__in=ectx.years()))
            scores = scores.select_related("school", "year", "school_class", "student", "subject", "period")
            for s in scores.order_by("school__code", "year__code", "student__code", "subject__code", "period_id",
                                     "kind", "number"):  # fmt: skip
                rows.append([s.school.code, s.year.code, s.school_class.name, s.student.code, s.student.full_name,
                             s.subject.code, s.period.code, SCORE_KIND_SHORT[s.kind], _plain(s.score),
                             _plain(s.max_score)])  # fmt: skip
        lists = {0: "schools", 2: "classes", 5: "subjects", 6: "periods", 7: "score_kinds"}
        return [SheetData(str(self.title)[:31], self.header(), rows, lists=lists)]


class ControlKind(TableKind):
    code = "control"
    title = gettext_lazy("Control-work results")
    help = gettext_lazy(
        "One row per student and work. Tasks are columns named task:<number>:<maximum>, e.g. task:1:4. An empty "
        "mark is derived from the score and the maximum."
    )
    file_name = "control"
    columns = (
        *place_columns(),
        column("subject", gettext_lazy("Subject")),
        column("work", gettext_lazy("Control work")),
        column("date", gettext_lazy("Date"), is_date=True),
        column("score", gettext_lazy("Score"), required=False),
        column("max", gettext_lazy("Maximum"), required=False),
        column("mark", gettext_lazy("Mark"), required=False),
    )

    def reads_extra(self, heading: str) -> bool:
        return bool(is_task_column(heading))

    def entry(self, record, resolver, ctx) -> ControlEntry:
        _school, _year, school_class, student = pupil(record, resolver)
        mark = resolved(record, "mark", values.mark, record["mark"])
        scores, maxima = self._tasks(record)
        return ControlEntry(
            student=student,
            school_class=school_class,
            subject=resolved(record, "subject", resolver.subject_named, record["subject"]),
            code=record["work"],
            written_on=resolved(record, "date", day, record["date"]),
            score=_number(record, "score"),
            max_score=_number(record, "max"),
            mark=mark,
            task_scores=scores,
            task_maxima=maxima,
            row=record.number,
        )

    def _tasks(self, record: Record) -> tuple[dict, dict]:
        scores, maxima = {}, {}
        for position, match in extra_columns(record.table, is_task_column).items():
            text = record.cell(position)
            if text:
                number = int(match[1])
                scores[number] = resolved(record, None, parse_decimal, text)
                maxima[number] = resolved(record, None, values.maximum, match[2])
        return scores, maxima

    def save(self, entries, ctx, outcome: Outcome) -> None:
        report = control_results_save(entries=entries, actor=ctx.actor, note=ctx.note)
        outcome.add("works", "created", report.works_created)
        for name in ("created", "changed", "unchanged"):
            outcome.add("results", name, getattr(report, name))

    def export(self, ectx: ExportContext) -> list[SheetData]:
        results = []
        if ectx.with_data:
            queryset = ControlResult.objects.filter(work__school__in=ectx.schools(), work__year__in=ectx.years())
            results = list(
                ectx.scoped(queryset)
                .select_related("work__school", "work__year", "work__school_class", "work__subject", "student")
                .prefetch_related("work__tasks")
                .order_by("work__school__code", "work__year__code", "work__written_on", "work__code", "student__code")
            )
        tasks = sorted({(t.number, _plain(t.max_score)) for r in results for t in r.work.tasks.all()})
        header = self.header() + [f"task:{number}:{maximum}" for number, maximum in tasks]
        rows = [self._row(result, tasks) for result in results]
        lists = {0: "schools", 2: "classes", 5: "subjects", 10: "control_marks"}
        return [SheetData(str(self.title)[:31], header, rows, lists=lists)]

    def _row(self, result: ControlResult, tasks: list) -> list:
        work = result.work
        own = {(t.number, _plain(t.max_score)) for t in work.tasks.all()}
        given = {int(number): score for number, score in result.task_scores.items()}
        cells = [_plain(Decimal(str(given[number]))) if (number, maximum) in own and number in given else ""
                 for number, maximum in tasks]  # fmt: skip
        return [work.school.code, work.year.code, work.school_class.name, result.student.code,
                result.student.full_name, work.subject.code, work.code, work.written_on, _plain(result.score),
                _plain(work.max_score), result.mark, *cells]  # fmt: skip


class ExternalKind(TableKind):
    code = "external"
    title = gettext_lazy("External test results")
    help = gettext_lazy(
        "One row per student and test (ОРТ/ЖРТ, ЕНТ/ҰБТ, МОДО). A new test is described by its first row: kind, "
        "date, maximum and threshold. Components are columns named part:<code>, e.g. part:math_literacy."
    )
    file_name = "external"
    columns = (
        *place_columns(class_required=False),
        column("test", gettext_lazy("Test")),
        column("kind", gettext_lazy("Kind of test"), required=False),
        column("date", gettext_lazy("Date"), required=False, is_date=True),
        column("score", gettext_lazy("Score")),
        column("max", gettext_lazy("Maximum"), required=False),
        column("threshold", gettext_lazy("Threshold"), required=False),
        column("subject", gettext_lazy("Subject"), required=False),
    )

    def reads_extra(self, heading: str) -> bool:
        return bool(is_part_column(heading))

    def entry(self, record, resolver, ctx) -> ExternalEntry:
        _school, year, school_class, student = pupil(record, resolver)
        kind = record["kind"]
        if kind:
            kind = resolved(record, "kind", choice, TEST_KINDS, kind, _("“%(value)s” is not a kind of test."))
        parts = {}
        for position, match in extra_columns(record.table, is_part_column).items():
            value = resolved(record, None, parse_decimal, record.cell(position))
            if value is not None:
                parts[match[1]] = value
        return ExternalEntry(
            student=student,
            year=year,
            test=record["test"],
            score=_number(record, "score", needed=True),
            held_on=resolved(record, "date", optional_day, record["date"]),
            kind=kind,
            max_score=_number(record, "max"),
            threshold=_number(record, "threshold"),
            component_scores=parts,
            school_class=school_class,
            subject=resolved(record, "subject", resolver.subject_named, record["subject"])
            if record["subject"]
            else None,
            row=record.number,
        )

    def save(self, entries, ctx, outcome: Outcome) -> None:
        report = external_results_save(entries=entries, actor=ctx.actor, note=ctx.note)
        outcome.add("tests", "created", report.tests_created)
        for name in ("created", "changed", "unchanged"):
            outcome.add("test_results", name, getattr(report, name))

    def export(self, ectx: ExportContext) -> list[SheetData]:
        results = []
        if ectx.with_data:
            queryset = ExternalResult.objects.filter(school__in=ectx.schools(), test__year__in=ectx.years())
            results = list(
                ectx.scoped(queryset)
                .select_related("school", "test__year", "test__subject", "student")
                .order_by("school__code", "test__held_on", "test__code", "student__code")
            )
        parts = sorted({code for result in results for code in result.component_scores})
        header = self.header() + [f"part:{code}" for code in parts]
        rows = [self._row(result, parts) for result in results]
        return [SheetData(str(self.title)[:31], header, rows, lists={0: "schools", 7: "test_kinds", 11: "subjects"})]

    def _row(self, result: ExternalResult, parts: list[str]) -> list:
        test, student = result.test, result.student
        cells = [_plain(Decimal(str(result.component_scores[code]))) if code in result.component_scores else ""
                 for code in parts]  # fmt: skip
        return [result.school.code, test.year.code, "", student.code, student.full_name, test.code,
                test.get_kind_display(), test.held_on, _plain(result.score), _plain(test.max_score),
                _plain(test.threshold), test.subject.code if test.subject else "", *cells]  # fmt: skip
