"""School staff: positions, qualification categories over time, teaching assignments, methodical associations."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from sapat.core.multilingual import MultilingualName
from sapat.core.querysets import ScopedQuerySet, ScopeRule

from .classes import Gender, SchoolClass
from .subjects import Subject
from .units import Country, OrgUnit


class Position(models.TextChoices):
    DIRECTOR = "director", _("director")
    DEPUTY_ACADEMIC = "deputy_academic", _("deputy director for academic work")
    DEPUTY_UPBRINGING = "deputy_upbringing", _("deputy director for upbringing work")
    TEACHER = "teacher", _("teacher")
    PSYCHOLOGIST = "psychologist", _("psychologist")
    SOCIAL_PEDAGOGUE = "social_pedagogue", _("social pedagogue")
    LIBRARIAN = "librarian", _("librarian")


class Category(models.TextChoices):
    """Qualification categories: Kazakhstan's current scale, its older one, and Kyrgyzstan's."""

    KZ_TRAINEE = "kz_trainee", _("teacher-trainee")
    KZ_TEACHER = "kz_teacher", _("teacher (no category)")
    KZ_MODERATOR = "kz_moderator", _("teacher-moderator")
    KZ_EXPERT = "kz_expert", _("teacher-expert")
    KZ_RESEARCHER = "kz_researcher", _("teacher-researcher")
    KZ_MASTER = "kz_master", _("teacher-master")
    SECOND = "second", _("second category")
    FIRST = "first", _("first category")
    HIGHEST = "highest", _("highest category")


CATEGORIES_BY_COUNTRY = {
    Country.KAZAKHSTAN: {c for c in Category if c.value.startswith("kz_")} | {"second", "first", "highest"},
    Country.KYRGYZSTAN: {Category.SECOND, Category.FIRST, Category.HIGHEST},
}


class Staff(models.Model):
    """A member of a school's staff; `user` links them to a login when they have one."""

    school = models.ForeignKey(
        OrgUnit,
        models.PROTECT,
        related_name="staff",
        verbose_name=_("school"),
        limit_choices_to={"kind": OrgUnit.Kind.SCHOOL},
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("login"),
    )
    code = models.CharField(
        _("code"), max_length=32, blank=True, help_text=_("The staff member's number within the school (files).")
    )
    last_name = models.CharField(_("last name"), max_length=100)
    first_name = models.CharField(_("first name"), max_length=100)
    patronymic = models.CharField(_("patronymic"), max_length=100, blank=True)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True)
    position = models.CharField(_("position"), max_length=32, choices=Position.choices, default=Position.TEACHER)
    teaching_since = models.DateField(
        _("teaching since"), null=True, blank=True, help_text=_("Start of pedagogical experience.")
    )
    joined_on = models.DateField(
        _("joined the staff on"), null=True, blank=True, help_text=_("Empty when not known: on staff from the start.")
    )
    left_on = models.DateField(
        _("left the staff on"), null=True, blank=True, help_text=_("Empty while the person is on the school's staff.")
    )

    objects = ScopedQuerySet.as_manager()
    scope_rule = ScopeRule(path="school__path", staff="id")

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "code"], condition=~models.Q(code=""), name="unique_staff_code_per_school"
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.last_name, self.first_name, self.patronymic) if part)

    def clean(self):
        if self.joined_on and self.left_on and self.left_on < self.joined_on:
            raise ValidationError({"left_on": _("A person cannot leave the staff before joining it.")})

    def years_of_experience(self, on: datetime.date | None = None) -> int | None:
        if not self.teaching_since:
            return None
        on = on or datetime.date.today()
        before_anniversary = (on.month, on.day) < (self.teaching_since.month, self.teaching_since.day)
        return on.year - self.teaching_since.year - before_anniversary

    def category_on(self, on: datetime.date | None = None) -> "CategoryRecord | None":
        on = on or datetime.date.today()
        return self.categories.filter(awarded_on__lte=on).order_by("-awarded_on").first()


class CategoryRecord(models.Model):
    """One step of a teacher's qualification history: a category awarded on a date (attestation)."""

    staff = models.ForeignKey(Staff, models.CASCADE, related_name="categories", verbose_name=_("staff member"))
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    awarded_on = models.DateField(_("awarded on"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    order_reference = models.CharField(_("order"), max_length=100, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_rule = ScopeRule(path="staff__school__path", staff="staff_id")

    class Meta:
        verbose_name = _("qualification category")
        verbose_name_plural = _("qualification categories")
        ordering = ["staff", "awarded_on"]
        constraints = [models.UniqueConstraint(fields=["staff", "awarded_on"], name="one_category_per_date")]

    def __str__(self) -> str:
        return f"{self.get_category_display()} ({self.awarded_on})"

    def clean(self):
        if self.staff_id and self.category not in CATEGORIES_BY_COUNTRY[self.staff.school.country]:
            raise ValidationError({"category": _("This category does not exist in the school's country.")})
        if self.valid_until and self.awarded_on and self.valid_until <= self.awarded_on:
            raise ValidationError({"valid_until": _("A category must stay valid after the day it was awarded.")})


class TeachingAssignment(models.Model):
    """A teacher teaches a subject in a class (and so in that class's academic year)."""

    teacher = models.ForeignKey(Staff, models.CASCADE, related_name="assignments", verbose_name=_("teacher"))
    school_class = models.ForeignKey(SchoolClass, models.CASCADE, related_name="assignments", verbose_name=_("class"))
    subject = models.ForeignKey(Subject, models.PROTECT, related_name="assignments", verbose_name=_("subject"))

    objects = ScopedQuerySet.as_manager()
    scope_rule = ScopeRule(path="school_class__school__path", school_class="school_class_id", staff="teacher_id")

    class Meta:
        verbose_name = _("teaching assignment")
        verbose_name_plural = _("teaching assignments")
        constraints = [
            models.UniqueConstraint(fields=["school_class", "subject", "teacher"], name="unique_assignment"),
        ]

    def __str__(self) -> str:
        return f"{self.teacher} — {self.school_class} — {self.subject}"

    def clean(self):
        if self.teacher_id and self.school_class_id and self.teacher.school_id != self.school_class.school_id:
            raise ValidationError({"school_class": _("A teacher can only be assigned to classes of their own school.")})


class MethodicalAssociation(MultilingualName):
    """A school's subject department (МО / ӘБ): its head, its subjects and its teachers."""

    school = models.ForeignKey(
        OrgUnit,
        models.CASCADE,
        related_name="methodical_associations",
        verbose_name=_("school"),
        limit_choices_to={"kind": OrgUnit.Kind.SCHOOL},
    )
    head = models.ForeignKey(
        Staff,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="headed_associations",
        verbose_name=_("head"),
    )
    subjects = models.ManyToManyField(Subject, blank=True, related_name="associations", verbose_name=_("subjects"))
    members = models.ManyToManyField(Staff, blank=True, related_name="associations", verbose_name=_("teachers"))

    objects = ScopedQuerySet.as_manager()
    scope_rule = ScopeRule(path="school__path", staff="head_id")

    class Meta:
        verbose_name = _("methodical association")
        verbose_name_plural = _("methodical associations")
        ordering = ["school", "name_ru"]

    def clean(self):
        errors = self.clean_names()
        if self.head_id and self.school_id and self.head.school_id != self.school_id:
            errors["head"] = _("The head must work at the same school.")
        if errors:
            raise ValidationError(errors)
