"""The record of every import: the file between its preview and its application, and what came of it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sapat.core.querysets import ScopedQuerySet, ScopeRule
from sapat.structure.models import AcademicYear, OrgUnit


class ImportRecord(models.Model):
    """One uploaded file: who brought it into which unit, what it was (name, size, SHA-256), what its preview
    found, and whether it was applied. The file itself is kept only until it is applied or refused."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("previewed")
        APPLIED = "applied", _("applied")
        REFUSED = "refused", _("refused")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    unit = models.ForeignKey(
        OrgUnit, models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("imported into")
    )
    year = models.ForeignKey(
        AcademicYear, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("academic year")
    )
    kind = models.CharField(_("kind"), max_length=32)
    file_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    checksum = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    content = models.BinaryField(_("file"), editable=False, default=b"")
    language = models.CharField(_("language"), max_length=8, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PREVIEWED)
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    problems = models.JSONField(_("errors"), default=list, blank=True)
    problem_count = models.PositiveIntegerField(_("number of errors"), default=0)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_rule = ScopeRule(path="unit__path")

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.kind}: {self.file_name} ({self.checksum[:12]})"
