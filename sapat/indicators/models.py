"""Summary tables: additive counts per class × subject × period and per class × period, by gender, and the same
counts rolled up per school.

Every indicator is a ratio of these counts; a school, district or region figure is a sum of rows, never an
average of percentages. The engine (engine.py) moves the rows of a class and period by what changed whenever
a mark in them changes, and the rows of that class's school and period by the same amounts, in the same
transaction (INSERT … ON CONFLICT DO UPDATE adding the differences). The school rows
exist for speed only: a region's figure sums a few hundred school rows instead of a few hundred thousand
class rows; each is by definition the sum of its school's class rows (`sapat recompute --verify` checks).
"""

from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sapat.core.multilingual import MultilingualName
from sapat.core.querysets import ScopedQuerySet, ScopeRule
from sapat.structure.models import AcademicYear, OrgUnit, Period, SchoolClass, Subject


class SummaryBase(models.Model):
    """Abstract: where a row of counts belongs; school and year are carried for roll-ups and partitioning."""

    school_class = models.ForeignKey(SchoolClass, models.CASCADE, related_name="+")
    period = models.ForeignKey(Period, models.CASCADE, related_name="+")
    school = models.ForeignKey(OrgUnit, models.CASCADE, related_name="+")
    year = models.ForeignKey(AcademicYear, models.CASCADE, related_name="+")
    grade = models.PositiveSmallIntegerField()
    gender = models.CharField(max_length=1, blank=True)
    students = models.PositiveIntegerField(_("students (N)"), default=0)
    missing = models.PositiveIntegerField(_("missing"), default=0)
    as_of = models.DateTimeField(_("data as of"))

    objects = ScopedQuerySet.as_manager()
    scope_rule = ScopeRule(path="school__path", school_class="school_class_id")

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.school_class_id}/{self.period_id}/{self.gender or '-'}"


class MarkCounts(models.Model):
    """Abstract: how many of each mark (exempt: how many exemptions, outside N)."""

    n5 = models.PositiveIntegerField(default=0)
    n4 = models.PositiveIntegerField(default=0)
    n3 = models.PositiveIntegerField(default=0)
    n2 = models.PositiveIntegerField(default=0)
    n_na = models.PositiveIntegerField(default=0)
    exempt = models.PositiveIntegerField(default=0)
    # A college's pass/fail credits (зачёт): in N, successful or failing, outside the quality's five-point marks.
    n_pass = models.PositiveIntegerField(default=0)
    n_fail = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True


class StudentCounts(models.Model):
    """Abstract: the across-subject categories of students (GLOSSARY.md)."""

    excellent = models.PositiveIntegerField(_("excellent students"), default=0)
    good = models.PositiveIntegerField(_("good students"), default=0)
    one_three = models.PositiveIntegerField(_("with one 3"), default=0)
    failing = models.PositiveIntegerField(_("failing"), default=0)

    class Meta:
        abstract = True


class SubjectSummary(SummaryBase, MarkCounts):
    """Counts of one class's marks in one subject and period (students = N: assessed, н/а included)."""

    subject = models.ForeignKey(Subject, models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("subject summary")
        verbose_name_plural = _("subject summaries")
        constraints = [
            models.UniqueConstraint(
                fields=["school_class", "period", "subject", "gender"], name="unique_subject_summary"
            ),
        ]
        indexes = [
            models.Index(fields=["period", "school"], name="subjsum_period_school_idx"),
            models.Index(fields=["period", "subject", "school"], name="subjsum_period_subject_idx"),
        ]


class ClassSummary(SummaryBase, StudentCounts):
    """Counts of one class's students across all their subjects in a period (excellent, good, failing…)."""

    exempt = models.PositiveIntegerField(_("exempt from every subject"), default=0)

    class Meta:
        verbose_name = _("class summary")
        verbose_name_plural = _("class summaries")
        constraints = [
            models.UniqueConstraint(fields=["school_class", "period", "gender"], name="unique_class_summary"),
        ]
        indexes = [models.Index(fields=["period", "school"], name="classsum_period_school_idx")]


class SchoolRollupBase(models.Model):
    """Abstract: the sum of one school's class rows for a period and gender (no grade: a figure narrowed to a
    grade or to classes sums class rows)."""

    school = models.ForeignKey(OrgUnit, models.CASCADE, related_name="+")
    period = models.ForeignKey(Period, models.CASCADE, related_name="+")
    year = models.ForeignKey(AcademicYear, models.CASCADE, related_name="+")
    gender = models.CharField(max_length=1, blank=True)
    students = models.PositiveIntegerField(_("students (N)"), default=0)
    missing = models.PositiveIntegerField(_("missing"), default=0)
    as_of = models.DateTimeField(_("data as of"))

    objects = ScopedQuerySet.as_manager()
    scope_rule = ScopeRule(path="school__path")

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.school_id}/{self.period_id}/{self.gender or '-'}"


class SchoolSubjectSummary(SchoolRollupBase, MarkCounts):
    """The sum of a school's SubjectSummary rows of one subject and period."""

    subject = models.ForeignKey(Subject, models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("school subject summary")
        verbose_name_plural = _("school subject summaries")
        constraints = [
            models.UniqueConstraint(fields=["school", "period", "subject", "gender"], name="unique_school_subject_sum"),
        ]
        indexes = [models.Index(fields=["period", "subject"], name="schsubjsum_period_subject_idx")]


class SchoolSummary(SchoolRollupBase, StudentCounts, MarkCounts):
    """The sum of a school's ClassSummary rows of one period (students and their across-subject categories),
    beside the marks of all its subjects pooled from the SubjectSummary rows (n5 … exempt: what an
    across-subject figure's average mark and СОУ count)."""

    class Meta:
        verbose_name = _("school summary")
        verbose_name_plural = _("school summaries")
        constraints = [models.UniqueConstraint(fields=["school", "period", "gender"], name="unique_school_summary")]


# The registry ---------------------------------------------------------------------------------------------

indicator_code = RegexValidator(
    r"^[a-z][a-z0-9_]*$", _("Use small Latin letters, digits and underscores in an indicator's code.")
)


class Direction(MultilingualName):
    """A heading the regulations read monitoring by: a parameter of seed 000 (quality of conditions, content,
    process, results), a direction of seed 001 2.16 (results, achievements, innovation, health and safety…), a
    subject of seed 004 (health, upbringing, readiness to continue education…) or an object of a college's
    monitoring (seed 003). Indicators and data sets are tagged with directions so that a dashboard or a report
    can be read by them."""

    class Framework(models.TextChoices):
        PARAMETER = "parameter", _("parameter of education quality")
        DIRECTION = "direction", _("direction of monitoring")
        SUBJECT = "subject", _("subject of monitoring")
        COLLEGE = "college", _("object of a college's monitoring")

    code = models.CharField(_("code"), max_length=32, unique=True, validators=[indicator_code])
    framework = models.CharField(_("framework"), max_length=16, choices=Framework.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("direction")
        verbose_name_plural = _("directions")
        ordering = ["framework", "order", "code"]


class Indicator(MultilingualName):
    """One version of an indicator of the registry: a ratio of additive counts, defined as data.

    value = numerator × factor / denominator, where the numerator and the denominator are formulas over the
    counts of count sources (`marks.n5 + marks.n4`, `health.g1`, `upbringing.level.high`; see expressions.py);
    without a denominator the value is numerator × factor. Within one subject the marks' indicators may use
    other formulas (quality: (n5 + n4) per subject, excellent and good students across subjects).

    owner empty: the invariant part, the same for everyone (GLOSSARY.md); otherwise a variative indicator of a
    school, district or region, usable for that unit and the units under it. A revision is a new row of the same
    owner and code with a later `effective_from`: a period is computed by the version in force on its last day.
    """

    class Measure(models.TextChoices):
        COUNT = "count", _("count")
        PERCENT = "percent", _("percent")
        MARK = "mark", _("mark")
        SCORE = "score", _("score")
        PER_100 = "per_100", _("per 100")
        RATIO = "ratio", _("ratio")

    class Better(models.TextChoices):
        HIGHER = "higher", _("higher is better")
        LOWER = "lower", _("lower is better")
        NEITHER = "neither", _("neither")

    code = models.CharField(_("code"), max_length=64, validators=[indicator_code])
    owner = models.ForeignKey(
        OrgUnit,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("defined by"),
        help_text=_("Empty for the invariant part, the same for everyone."),
    )
    measure = models.CharField(_("unit of measure"), max_length=16, choices=Measure.choices)
    better = models.CharField(_("which way is better"), max_length=8, choices=Better.choices, default=Better.HIGHER)
    precision = models.PositiveSmallIntegerField(_("decimals shown"), default=1, validators=[MaxValueValidator(4)])
    numerator = models.TextField(_("numerator"))
    denominator = models.TextField(_("denominator"), blank=True)
    factor = models.PositiveIntegerField(_("factor"), default=1, validators=[MaxValueValidator(1_000_000)])
    numerator_in_subject = models.TextField(_("numerator within one subject"), blank=True)
    denominator_in_subject = models.TextField(_("denominator within one subject"), blank=True)
    directions = models.ManyToManyField(Direction, blank=True, related_name="indicators", verbose_name=_("directions"))
    headline = models.BooleanField(_("among the headline figures"), default=False)
    compared = models.BooleanField(
        _("compared and rated"), default=False, help_text=_("Offered for comparisons, ratings and dynamics.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    effective_from = models.DateField(_("effective from"))
    changed_at = models.DateTimeField(_("changed at"), auto_now=True)

    objects = ScopedQuerySet.as_manager()
    scope_rule = ScopeRule(path="owner__path")

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["order", "code", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "effective_from"], condition=Q(owner__isnull=True), name="unique_invariant_version"
            ),
            models.UniqueConstraint(fields=["owner", "code", "effective_from"], name="unique_indicator_version"),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.name}"

    @property
    def invariant(self) -> bool:
        return self.owner_id is None
