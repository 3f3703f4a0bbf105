"""Summary tables: additive counts per class × subject × period and per class × period, by gender, and the same
counts rolled up per school.

Every indicator is a ratio of these counts; a school, district or region figure is a sum of rows, never an
average of percentages. The engine (engine.py) rewrites the rows of a class and period whenever a mark in
them changes, and then the rows of that class's school and period, in the same transaction. The school rows
exist for speed only: a region's figure sums a few hundred school rows instead of a few hundred thousand
class rows; each is by definition the sum of its school's class rows (`sapat recompute --verify` checks).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

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
