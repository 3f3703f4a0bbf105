"""Summary tables: additive counts per class × subject × period and per class × period, by gender.

Every indicator is a ratio of these counts; a school, district or region figure is a sum of rows, never an
average of percentages. The engine (engine.py) rewrites the rows of a class and period whenever a mark in
them changes, in the same transaction.
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


class SubjectSummary(SummaryBase):
    """Counts of one class's marks in one subject and period (students = N: assessed, н/а included)."""

    subject = models.ForeignKey(Subject, models.CASCADE, related_name="+")
    n5 = models.PositiveIntegerField(default=0)
    n4 = models.PositiveIntegerField(default=0)
    n3 = models.PositiveIntegerField(default=0)
    n2 = models.PositiveIntegerField(default=0)
    n_na = models.PositiveIntegerField(default=0)
    exempt = models.PositiveIntegerField(default=0)

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


class ClassSummary(SummaryBase):
    """Counts of one class's students across all their subjects in a period (excellent, good, failing…)."""

    excellent = models.PositiveIntegerField(_("excellent students"), default=0)
    good = models.PositiveIntegerField(_("good students"), default=0)
    one_three = models.PositiveIntegerField(_("with one 3"), default=0)
    failing = models.PositiveIntegerField(_("failing"), default=0)
    exempt = models.PositiveIntegerField(_("exempt from every subject"), default=0)

    class Meta:
        verbose_name = _("class summary")
        verbose_name_plural = _("class summaries")
        constraints = [
            models.UniqueConstraint(fields=["school_class", "period", "gender"], name="unique_class_summary"),
        ]
        indexes = [models.Index(fields=["period", "school"], name="classsum_period_school_idx")]
