"""Academic years and their periods (quarters, half-years, semesters, the year), per country."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .units import Country

YEAR_CODE = re.compile(r"^(\d{4})-(\d{4})$")


class AcademicYear(models.Model):
    """One country's school year, e.g. "2024-2025", with its dates as set by the ministry's order."""

    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    code = models.CharField(_("code"), max_length=9, help_text=_("Like 2024-2025"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    class Meta:
        verbose_name = _("academic year")
        verbose_name_plural = _("academic years")
        ordering = ["country", "code"]
        constraints = [models.UniqueConstraint(fields=["country", "code"], name="unique_year_per_country")]

    def __str__(self) -> str:
        return self.code

    @property
    def first_calendar_year(self) -> int:
        return int(self.code[:4])

    def clean(self):
        match = YEAR_CODE.match(self.code or "")
        if not match or int(match[2]) != int(match[1]) + 1:
            raise ValidationError({"code": _("Write the academic year as two consecutive years, like 2024-2025.")})
        if self.starts_on and self.ends_on and self.starts_on >= self.ends_on:
            raise ValidationError({"ends_on": _("The year must end after it starts.")})


class Period(models.Model):
    """A reporting period of an academic year: a quarter, a half-year, a semester or the whole year."""

    class Kind(models.TextChoices):
        QUARTER = "quarter", _("quarter")
        HALF_YEAR = "half", _("half-year")
        SEMESTER = "semester", _("semester")
        YEAR = "year", _("year")

    CODES = {
        "q1": Kind.QUARTER, "q2": Kind.QUARTER, "q3": Kind.QUARTER, "q4": Kind.QUARTER,
        "h1": Kind.HALF_YEAR, "h2": Kind.HALF_YEAR,
        "s1": Kind.SEMESTER, "s2": Kind.SEMESTER,
        "year": Kind.YEAR,
    }  # fmt: skip
    ORDER = ["q1", "q2", "h1", "s1", "q3", "q4", "h2", "s2", "year"]  # the same order, for codes without dates
    # Calendar order, the one order of periods in every list: by the day a period ends, and of periods ending
    # together the shorter first (q1, q2, h1, q3, q4, h2, year): a period comes after the periods it holds.
    CALENDAR = ("ends_on", "-starts_on")

    year = models.ForeignKey(AcademicYear, models.CASCADE, related_name="periods", verbose_name=_("academic year"))
    code = models.CharField(_("code"), max_length=8)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, editable=False)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    locked = models.BooleanField(_("closed"), default=False, help_text=_("Marks of a closed period cannot change."))

    class Meta:
        verbose_name = _("period")
        verbose_name_plural = _("periods")
        ordering = ["year", "ends_on", "-starts_on"]  # calendar order (CALENDAR)
        constraints = [models.UniqueConstraint(fields=["year", "code"], name="unique_period_code_per_year")]

    def __str__(self) -> str:
        return f"{self.year} {self.label}"

    def save(self, *args, **kwargs):
        self.kind = self.CODES.get(self.code, self.kind)
        super().save(*args, **kwargs)

    @property
    def calendar_key(self) -> tuple:
        """The sort key of calendar order (CALENDAR) for periods already read: sorted(..., key=...)."""
        return (self.ends_on, -self.starts_on.toordinal())

    @property
    def label(self) -> str:
        return str(PERIOD_LABELS.get(self.code, self.code))

    def clean(self):
        if self.code not in self.CODES:
            raise ValidationError({"code": _("Unknown period code: use q1–q4, h1, h2, s1, s2 or year.")})
        self.kind = self.CODES[self.code]
        if self.starts_on and self.ends_on and self.starts_on > self.ends_on:
            raise ValidationError({"ends_on": _("A period must end after it starts.")})
        if self.year_id and self.starts_on and self.ends_on:
            self._check_fits_year()
            self._check_no_overlap()

    def _check_fits_year(self):
        if self.starts_on < self.year.starts_on or self.ends_on > self.year.ends_on:
            raise ValidationError({"starts_on": _("A period must lie within the dates of its academic year.")})

    def _check_no_overlap(self):
        overlapping = (
            Period.objects.filter(year_id=self.year_id, kind=self.kind)
            .exclude(pk=self.pk)
            .filter(starts_on__lte=self.ends_on, ends_on__gte=self.starts_on)
        )
        clash = overlapping.first()
        if clash:
            raise ValidationError(
                {"starts_on": _("This period overlaps %(other)s of the same year.") % {"other": clash.label}}
            )


PERIOD_LABELS = {
    "q1": _("1st quarter"),
    "q2": _("2nd quarter"),
    "q3": _("3rd quarter"),
    "q4": _("4th quarter"),
    "h1": _("1st half-year"),
    "h2": _("2nd half-year"),
    "s1": _("1st semester"),
    "s2": _("2nd semester"),
    "year": _("year"),
}
