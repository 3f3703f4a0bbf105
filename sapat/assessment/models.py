"""Assessment data: grading schemes, period marks, KZ criteria scores, control works and external tests."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from sapat.core.querysets import ScopedQuerySet, ScopeRule
from sapat.structure.models import AcademicYear, Country, OrgUnit, Period, SchoolClass, Student, Subject


class GradingScheme(models.Model):
    """How marks are given in some grades of a country from a date on: configuration, not constants.

    five_point: the teacher gives 5/4/3/2 (KG). criteria: the mark is derived from ФО/СОр/СОч scores by
    the weights and thresholds below (KZ). no_marks: feedback only; such classes are outside mark indicators.
    """

    class Kind(models.TextChoices):
        FIVE_POINT = "five_point", _("five-point marks")
        CRITERIA = "criteria", _("criteria-based assessment")
        NO_MARKS = "no_marks", _("no marks")

    code = models.CharField(_("code"), max_length=32, unique=True)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    grade_from = models.PositiveSmallIntegerField(_("from grade"))
    grade_to = models.PositiveSmallIntegerField(_("to grade"))
    effective_from = models.DateField(_("effective from"))
    for_colleges = models.BooleanField(
        _("for colleges"), default=False, help_text=_("A college's scheme: its grades are the courses of its groups.")
    )
    period_kinds = models.CharField(
        _("periods with marks"),
        max_length=64,
        default="quarter,half,year",
        help_text=_("Kinds of period separated by commas: quarter, half, semester, year."),
    )
    pass_fail = models.BooleanField(
        _("pass/fail credits"),
        default=False,
        help_text=_("Disciplines graded pass/fail take the values pass and fail."),
    )
    weight_fo = models.DecimalField(_("weight of ФО"), max_digits=4, decimal_places=3, default=Decimal("0.25"))
    weight_sor = models.DecimalField(_("weight of СОр"), max_digits=4, decimal_places=3, default=Decimal("0.25"))
    weight_soch = models.DecimalField(_("weight of СОч"), max_digits=4, decimal_places=3, default=Decimal("0.50"))
    thresholds = models.JSONField(
        _("percent to mark"),
        default=list,
        blank=True,
        help_text=_("Lowest percent for each mark, highest first, e.g. [[85, 5], [65, 4], [40, 3], [0, 2]]."),
    )

    class Meta:
        verbose_name = _("grading scheme")
        verbose_name_plural = _("grading schemes")
        ordering = ["country", "grade_from", "-effective_from"]

    def __str__(self) -> str:
        return f"{self.code}: {self.get_kind_display()} ({self.grade_from}–{self.grade_to})"

    def clean(self):
        if self.grade_from > self.grade_to:
            raise ValidationError({"grade_to": _("The last grade must not be below the first.")})
        if self.kind == self.Kind.CRITERIA:
            self._check_criteria()
        known = {kind for kind, _label in Period.Kind.choices}
        if not self.period_kinds or not set(self.kinds_of_period) <= known:
            raise ValidationError({"period_kinds": _("Name the kinds of period: quarter, half, semester or year.")})

    @property
    def kinds_of_period(self) -> list[str]:
        return [kind.strip() for kind in self.period_kinds.split(",") if kind.strip()]

    def _check_criteria(self):
        if self.weight_fo + self.weight_sor + self.weight_soch != 1:
            raise ValidationError({"weight_soch": _("The three weights must add up to 1.")})
        lows = [row[0] for row in self.thresholds] if isinstance(self.thresholds, list) else []
        if not lows or lows != sorted(lows, reverse=True) or lows[-1] != 0:
            raise ValidationError({"thresholds": _("List the lowest percent of each mark from the highest down to 0.")})


class MarkValue(models.TextChoices):
    """What a student can get for a subject in a period."""

    FIVE = "5", "5"
    FOUR = "4", "4"
    THREE = "3", "3"
    TWO = "2", "2"
    NOT_ASSESSED = "na", _("not assessed (н/а)")  # the label is in migrations: the English pages say n/a elsewhere
    EXEMPT = "ex", _("exempt (осв.)")
    PASS = "p", _("pass (зачёт)")
    FAIL = "f", _("fail (незачёт)")


FIVE_POINT_MARKS = ("5", "4", "3", "2")
CREDIT_MARKS = (MarkValue.PASS, MarkValue.FAIL)


class FactQuerySet(ScopedQuerySet):
    """Facts carry their school and academic year so they can be partitioned or sharded without a redesign."""


class PeriodMark(models.Model):
    """A student's mark for a subject in a period (quarter, half-year, year), in the class they were in."""

    # Millions of rows: only the composite indexes below are kept (their leading columns serve the student
    # and class look-ups); one index per foreign key would multiply the cost of every insert.
    student = models.ForeignKey(
        Student, models.CASCADE, related_name="marks", verbose_name=_("student"), db_index=False
    )
    school_class = models.ForeignKey(
        SchoolClass, models.CASCADE, related_name="marks", verbose_name=_("class"), db_index=False
    )
    subject = models.ForeignKey(
        Subject, models.PROTECT, related_name="marks", verbose_name=_("subject"), db_index=False
    )
    period = models.ForeignKey(Period, models.PROTECT, related_name="marks", verbose_name=_("period"), db_index=False)
    school = models.ForeignKey(OrgUnit, models.PROTECT, related_name="+", editable=False, db_index=False)
    year = models.ForeignKey(AcademicYear, models.PROTECT, related_name="+", editable=False, db_index=False)
    value = models.CharField(_("mark"), max_length=2, choices=MarkValue.choices)
    derived = models.BooleanField(_("derived from scores"), default=False)
    changed_at = models.DateTimeField(_("changed at"), auto_now=True)

    objects = FactQuerySet.as_manager()
    scope_rule = ScopeRule(path="school__path", school_class="school_class_id", student="student_id")

    class Meta:
        verbose_name = _("period mark")
        verbose_name_plural = _("period marks")
        constraints = [
            models.UniqueConstraint(fields=["student", "subject", "period"], name="one_mark_per_subject_period"),
        ]
        indexes = [models.Index(fields=["school_class", "period", "subject"], name="mark_class_period_idx")]

    def __str__(self) -> str:
        return f"{self.student} {self.subject} {self.period.code}: {self.value}"


class Score(models.Model):
    """A KZ criteria-based result: one ФО (formative, 1–10), СОр (section) or СОч (quarter) score."""

    class Kind(models.TextChoices):
        FO = "fo", _("formative assessment (ФО)")
        SOR = "sor", _("summative assessment for a section (СОр)")
        SOCH = "soch", _("summative assessment for the quarter (СОч)")

    student = models.ForeignKey(Student, models.CASCADE, related_name="scores", verbose_name=_("student"))
    school_class = models.ForeignKey(SchoolClass, models.CASCADE, related_name="scores", verbose_name=_("class"))
    subject = models.ForeignKey(Subject, models.PROTECT, related_name="scores", verbose_name=_("subject"))
    period = models.ForeignKey(Period, models.PROTECT, related_name="scores", verbose_name=_("period"))
    school = models.ForeignKey(OrgUnit, models.PROTECT, related_name="+", editable=False)
    year = models.ForeignKey(AcademicYear, models.PROTECT, related_name="+", editable=False)
    kind = models.CharField(_("kind"), max_length=4, choices=Kind.choices)
    number = models.PositiveSmallIntegerField(_("number"), default=1)
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=2, validators=[MinValueValidator(0)])
    max_score = models.DecimalField(_("maximum"), max_digits=6, decimal_places=2, validators=[MinValueValidator(1)])

    objects = FactQuerySet.as_manager()
    scope_rule = ScopeRule(path="school__path", school_class="school_class_id", student="student_id")

    class Meta:
        verbose_name = _("criteria score")
        verbose_name_plural = _("criteria scores")
        constraints = [
            models.UniqueConstraint(
                fields=["student", "subject", "period", "kind", "number"], name="one_score_per_number"
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.student} {self.subject} {self.period.code} {self.kind}{self.number}: {self.score}/{self.max_score}"
        )


class ControlWork(models.Model):
    """An administrative control work written by a class in a subject (seed 002), optionally with tasks."""

    class Kind(models.TextChoices):
        ENTRY = "entry", _("entry control")
        FIRST_HALF = "h1", _("first half-year")
        SECOND_HALF = "h2", _("second half-year")
        FINAL = "final", _("final")
        OTHER = "other", _("other")

    school_class = models.ForeignKey(SchoolClass, models.CASCADE, related_name="control_works", verbose_name=_("class"))
    subject = models.ForeignKey(Subject, models.PROTECT, related_name="control_works", verbose_name=_("subject"))
    school = models.ForeignKey(OrgUnit, models.PROTECT, related_name="+", editable=False)
    year = models.ForeignKey(AcademicYear, models.PROTECT, related_name="+", editable=False)
    code = models.CharField(_("code"), max_length=32, help_text=_("Names the work across classes, e.g. h1."))
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.OTHER)
    written_on = models.DateField(_("date"))
    max_score = models.DecimalField(_("maximum score"), max_digits=6, decimal_places=2, null=True, blank=True)
    topic = models.CharField(_("topic"), max_length=255, blank=True)

    objects = FactQuerySet.as_manager()
    scope_rule = ScopeRule(path="school__path", school_class="school_class_id")

    class Meta:
        verbose_name = _("control work")
        verbose_name_plural = _("control works")
        ordering = ["written_on"]
        constraints = [
            models.UniqueConstraint(fields=["school_class", "subject", "code"], name="unique_control_work"),
        ]

    def __str__(self) -> str:
        return f"{self.school_class} {self.subject} {self.code}"

    def save(self, *args, **kwargs):
        self.school_id = self.school_class.school_id
        self.year_id = self.school_class.year_id
        super().save(*args, **kwargs)

    @property
    def label(self) -> str:
        return control_work_label(self.kind, self.written_on)


# Whole names, so that each language words them its own way ("контрольная работа за первое полугодие").
WORK_NAMES = {
    ControlWork.Kind.ENTRY: _("entry control work"),
    ControlWork.Kind.FIRST_HALF: _("first half-year control work"),
    ControlWork.Kind.SECOND_HALF: _("second half-year control work"),
    ControlWork.Kind.FINAL: _("final control work"),
    ControlWork.Kind.OTHER: _("control work"),
}


def control_work_label(kind: str, written_on=None) -> str:
    """A control work named as people name it, by its kind and date ("First half-year control work
    (12.12.2024)"), never by its code."""
    name = capfirst(str(WORK_NAMES.get(kind, WORK_NAMES[ControlWork.Kind.OTHER])))
    return f"{name} ({date_format(written_on, 'SHORT_DATE_FORMAT')})" if written_on else name


class ControlTask(models.Model):
    """One task of a control work, with its maximum score, for the analysis of typical errors."""

    work = models.ForeignKey(ControlWork, models.CASCADE, related_name="tasks", verbose_name=_("control work"))
    number = models.PositiveSmallIntegerField(_("number"))
    max_score = models.DecimalField(_("maximum score"), max_digits=6, decimal_places=2)
    description = models.CharField(_("what it checks"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["work", "number"]
        constraints = [models.UniqueConstraint(fields=["work", "number"], name="unique_task_number")]

    def __str__(self) -> str:
        return f"{self.work} №{self.number}"


class ControlResult(models.Model):
    """A student's result in a control work: score, per-task scores and the mark."""

    work = models.ForeignKey(ControlWork, models.CASCADE, related_name="results", verbose_name=_("control work"))
    student = models.ForeignKey(Student, models.CASCADE, related_name="control_results", verbose_name=_("student"))
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=2, null=True, blank=True)
    task_scores = models.JSONField(_("scores by task"), default=dict, blank=True)
    mark = models.CharField(_("mark"), max_length=2, choices=MarkValue.choices[:4])

    objects = FactQuerySet.as_manager()
    scope_rule = ScopeRule(path="work__school__path", school_class="work__school_class_id", student="student_id")

    class Meta:
        verbose_name = _("control work result")
        verbose_name_plural = _("control work results")
        constraints = [models.UniqueConstraint(fields=["work", "student"], name="one_result_per_work")]

    def __str__(self) -> str:
        return f"{self.work}: {self.student} {self.mark}"


class ExternalTest(models.Model):
    """An external assessment (ОРТ/ЖРТ, ЕНТ/ҰБТ, МОДО or another) with its components and thresholds."""

    class Kind(models.TextChoices):
        ORT = "ort", _("national testing (ОРТ/ЖРТ)")
        ENT = "ent", _("unified national testing (ЕНТ/ҰБТ)")
        MODO = "modo", _("monitoring of educational achievements (МОДО)")
        OTHER = "other", _("other external test")

    code = models.CharField(_("code"), max_length=32, unique=True)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    year = models.ForeignKey(AcademicYear, models.PROTECT, related_name="external_tests", verbose_name=_("year"))
    held_on = models.DateField(_("held on"))
    max_score = models.DecimalField(_("maximum score"), max_digits=6, decimal_places=1)
    threshold = models.DecimalField(_("threshold"), max_digits=6, decimal_places=1)
    subject = models.ForeignKey(
        Subject,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("subject"),
        help_text=_("The subject of a subject test (an ОРТ subject test, a МОДО subject); empty for a whole test."),
    )
    components = models.JSONField(
        _("components"),
        default=list,
        blank=True,
        help_text=_(
            'Each part with its maximum and threshold, and optionally the subject it examines, e.g. [{"code": '
            '"math_literacy", "max": 10, "threshold": 3, "subject": "algebra"}].'
        ),
    )

    class Meta:
        verbose_name = _("external test")
        verbose_name_plural = _("external tests")
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return self.code


class ExternalResult(models.Model):
    """A student's result in an external test: the total and the score of each component."""

    test = models.ForeignKey(ExternalTest, models.CASCADE, related_name="results", verbose_name=_("external test"))
    student = models.ForeignKey(Student, models.CASCADE, related_name="external_results", verbose_name=_("student"))
    school = models.ForeignKey(OrgUnit, models.PROTECT, related_name="+", editable=False)
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=1)
    component_scores = models.JSONField(_("scores by component"), default=dict, blank=True)

    objects = FactQuerySet.as_manager()
    scope_rule = ScopeRule(path="school__path", student="student_id")

    class Meta:
        verbose_name = _("external test result")
        verbose_name_plural = _("external test results")
        constraints = [models.UniqueConstraint(fields=["test", "student"], name="one_result_per_test")]

    def __str__(self) -> str:
        return f"{self.test}: {self.student} {self.score}"
