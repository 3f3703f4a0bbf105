"""Subjects, with the grades in which each is taught."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from sapat.core.multilingual import MultilingualName

from .units import Country, code_validator


class Subject(MultilingualName):
    """A school subject, e.g. mathematics; its name is kept in the four languages."""

    code = models.CharField(_("code"), max_length=32, unique=True, validators=[code_validator])

    class Meta:
        verbose_name = _("subject")
        verbose_name_plural = _("subjects")
        ordering = ["code"]

    def clean(self):
        errors = self.clean_names()
        if errors:
            raise ValidationError(errors)


class SubjectGrade(models.Model):
    """A subject taught in one grade of one country's curriculum, with its weekly hours."""

    subject = models.ForeignKey(Subject, models.CASCADE, related_name="grades", verbose_name=_("subject"))
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    grade = models.PositiveSmallIntegerField(_("grade"))
    hours_per_week = models.DecimalField(_("hours per week"), max_digits=4, decimal_places=1, default=1)

    class Meta:
        verbose_name = _("subject in a grade")
        verbose_name_plural = _("subjects in grades")
        ordering = ["country", "grade", "subject"]
        constraints = [
            models.UniqueConstraint(fields=["subject", "country", "grade"], name="unique_subject_grade"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} ({self.grade})"
