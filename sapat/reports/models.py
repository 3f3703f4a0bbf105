"""Reports that were asked for (kept with their parameters, language, format and "data as of") and the
school's or district's decision to publish its open report."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sapat.core.querysets import ScopedQuerySet, ScopeRule
from sapat.structure.models import AcademicYear, OrgUnit, Period


class ReportRun(models.Model):
    """One report asked for by someone: what, with which parameters, in which language and format; its
    progress while it is built (inline, or by the worker through Django's tasks API: `task_id` is the task
    that builds it) and the finished file.

    The file is kept in the database: reports are small, and every application server (and the worker)
    then sees the same file without a shared disk. `data_as_of` is when the data behind the figures last
    changed, so the same report can be opened again and read for what it was.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting in the queue")
        RUNNING = "running", _("Being built")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("report"), max_length=32)
    unit = models.ForeignKey(OrgUnit, models.CASCADE, related_name="+", verbose_name=_("unit"))
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    language = models.CharField(_("report language"), max_length=2, choices=settings.LANGUAGES)
    format = models.CharField(_("format"), max_length=8)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("requested by")
    )
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress, %"), default=0)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("asked for at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    data_as_of = models.DateTimeField(_("data as of"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=255, blank=True)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    file_data = models.BinaryField(_("file"), null=True, blank=True, editable=False)
    task_id = models.CharField(_("background task"), max_length=64, blank=True, editable=False)

    objects = ScopedQuerySet.as_manager()
    scope_rule = ScopeRule(path="unit__path", unit="unit_id")

    class Meta:
        verbose_name = _("report run")
        verbose_name_plural = _("report runs")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"], name="reportrun_status_idx")]

    def __str__(self) -> str:
        return f"{self.kind} {self.format} {self.language} #{self.pk}"

    @property
    def kind_name(self) -> str:
        """The report's name in the interface's language: a Kyrgyz note is listed as "Аналитическая справка…"
        to a Russian reader (its stored title is in the report's own language)."""
        from .builders import REPORTS  # the builders import this module

        kind = REPORTS.get(self.kind)
        return str(kind.name) if kind else (self.title or self.kind)

    @property
    def language_name(self) -> str:
        """The report's language named in the interface's language ("Kyrgyz", "кыргызский")."""
        return str(settings.LANGUAGE_NAMES.get(self.language, self.language))

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class Publication(models.Model):
    """A school or district has chosen to publish its open report for a year and period: only units with a
    publication are visible to anonymous visitors, and only their aggregates, with small groups hidden."""

    unit = models.ForeignKey(OrgUnit, models.CASCADE, related_name="publications", verbose_name=_("unit"))
    year = models.ForeignKey(AcademicYear, models.CASCADE, related_name="+", verbose_name=_("academic year"))
    period = models.ForeignKey(Period, models.CASCADE, related_name="+", verbose_name=_("period"))
    min_group = models.PositiveSmallIntegerField(
        _("smallest group shown"),
        default=5,
        help_text=_("Groups with fewer students than this are hidden, so nobody can be recognised."),
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("published by")
    )
    published_at = models.DateTimeField(_("published at"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_rule = ScopeRule(path="unit__path")

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["unit__path", "-year__code", "period__ends_on", "-period__starts_on"]  # periods in calendar order
        constraints = [models.UniqueConstraint(fields=["unit", "period"], name="one_publication_per_period")]

    def __str__(self) -> str:
        return f"{self.unit} {self.period}"
