"""Classes of a school year, students, and each student's enrolment in a class for a year."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sapat.core.querysets import ScopedQuerySet, ScopeRule

from .calendar import AcademicYear
from .units import OrgUnit


class Gender(models.TextChoices):
    FEMALE = "F", _("female")
    MALE = "M", _("male")


class SchoolClass(models.Model):
    """A class of one academic year, e.g. 8б of 2024-2025; all classes of a grade form its parallel."""

    school = models.ForeignKey(
        OrgUnit,
        models.PROTECT,
        related_name="classes",
        verbose_name=_("school"),
        limit_choices_to={"kind": OrgUnit.Kind.SCHOOL},
    )
    year = models.ForeignKey(AcademicYear, models.PROTECT, related_name="classes", verbose_name=_("academic year"))
    grade = models.PositiveSmallIntegerField(
        _("grade"),
        validators=[MinValueValidator(0), MaxValueValidator(12)],
        help_text=_("0 for a pre-school class, 1–12 for school grades; colleges use the course."),
    )
    letter = models.CharField(_("letter"), max_length=8, blank=True)
    class_teacher = models.ForeignKey(
        "structure.Staff",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="homeroom_classes",
        verbose_name=_("class teacher"),
    )

    objects = ScopedQuerySet.as_manager()
    scope_rule = ScopeRule(path="school__path", school_class="id")

    class Meta:
        verbose_name = _("class")
        verbose_name_plural = _("classes")
        ordering = ["year", "grade", "letter"]
        constraints = [
            models.UniqueConstraint(fields=["school", "year", "grade", "letter"], name="unique_class_per_year"),
        ]
        indexes = [models.Index(fields=["school", "year", "grade"], name="class_parallel_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """8б for a school class; a college's study group keeps its code in the letter (ВЕТ-21: a dash, which no
        class letter has) and is named by it alone, its grade being the course (sapat.colleges)."""
        if "-" in self.letter:
            return self.letter
        return f"{self.grade}{self.letter}"

    def clean(self):
        errors = {}
        if self.school_id and self.school.kind != OrgUnit.Kind.SCHOOL:
            errors["school"] = _("A class belongs to a school, not to a district or region.")
        if self.school_id and self.year_id and self.year.country != self.school.country:
            errors["year"] = _("The academic year belongs to another country than the school.")
        if self.class_teacher_id and self.school_id and self.class_teacher.school_id != self.school_id:
            errors["class_teacher"] = _("The class teacher must work at the same school.")
        if errors:
            raise ValidationError(errors)


class Student(models.Model):
    """A learner, identified by a code unique within their school."""

    school = models.ForeignKey(
        OrgUnit,
        models.PROTECT,
        related_name="students",
        verbose_name=_("school"),
        limit_choices_to={"kind": OrgUnit.Kind.SCHOOL},
    )
    code = models.CharField(_("code"), max_length=32, help_text=_("The student's number within the school."))
    last_name = models.CharField(_("last name"), max_length=100)
    first_name = models.CharField(_("first name"), max_length=100)
    patronymic = models.CharField(_("patronymic"), max_length=100, blank=True)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_rule = ScopeRule(
        path="school__path", school_class="enrolments__school_class_id", student="id", multi_valued=True
    )

    class Meta:
        verbose_name = _("student")
        verbose_name_plural = _("students")
        ordering = ["last_name", "first_name"]
        constraints = [models.UniqueConstraint(fields=["school", "code"], name="unique_student_code_per_school")]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.last_name, self.first_name, self.patronymic) if part)


class Enrolment(models.Model):
    """A student on the list of a class for a year, from a date until an optional leaving date."""

    student = models.ForeignKey(Student, models.CASCADE, related_name="enrolments", verbose_name=_("student"))
    school_class = models.ForeignKey(SchoolClass, models.CASCADE, related_name="enrolments", verbose_name=_("class"))
    year = models.ForeignKey(AcademicYear, models.PROTECT, related_name="+", editable=False)
    starts_on = models.DateField(_("on the list from"))
    ends_on = models.DateField(_("left on"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_rule = ScopeRule(path="school_class__school__path", school_class="school_class_id", student="student_id")

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["school_class", "student"]
        indexes = [models.Index(fields=["student", "year"], name="enrolment_student_year_idx")]

    def __str__(self) -> str:
        return f"{self.student} — {self.school_class}"

    def save(self, *args, **kwargs):
        self.year_id = self.school_class.year_id
        super().save(*args, **kwargs)

    def clean(self):
        if not (self.school_class_id and self.student_id and self.starts_on):
            return
        self.year_id = self.school_class.year_id
        if self.student.school_id != self.school_class.school_id:
            raise ValidationError({"school_class": _("The class is at another school than the student.")})
        if self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("A student cannot leave before joining.")})
        year = self.school_class.year
        if not year.starts_on <= self.starts_on <= year.ends_on:
            raise ValidationError({"starts_on": _("The date lies outside the class's academic year.")})
        self._check_single_enrolment()

    def _check_single_enrolment(self):
        far_future = self.school_class.year.ends_on
        overlapping = (
            Enrolment.objects.filter(student_id=self.student_id, year_id=self.year_id)
            .exclude(pk=self.pk)
            .filter(starts_on__lte=self.ends_on or far_future)
            .filter(models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=self.starts_on))
        )
        if overlapping.exists():
            raise ValidationError(
                {"school_class": _("The student is already on a class list for these dates of the year.")}
            )
