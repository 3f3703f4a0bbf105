"""A college's own structure: departments, specialities, study groups followed through their courses, disciplines.

A college is an OrgUnit of kind school with school_kind "college". Its study group in one academic year is a
SchoolClass (grade = the course, letter = the group's code) with its Enrolments, so that marks, summaries,
indicators, the journal and cohorts work for groups exactly as for classes; `GroupYear` ties each year's class
to the group that lasts from intake to graduation (docs/colleges.md).
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sapat.core.multilingual import MultilingualName
from sapat.core.querysets import ScopedQuerySet, ScopeRule
from sapat.structure.models import OrgUnit, SchoolClass, Staff, Subject

# A group's code is kept in its classes' `letter` (8 characters): letters, a dash, then digits, e.g. ВЕТ-21.
GROUP_CODE = re.compile(r"^[^\W\d_]{1,5}-\d{1,2}(-\d)?$")
MAX_COURSE = 5
SEMESTERS = ("s1", "s2")
COLLEGE_PERIODS = ("semester", "year")  # the kinds of period a college's pages offer


def is_college(unit: OrgUnit | None) -> bool:
    return bool(unit) and unit.kind == OrgUnit.Kind.SCHOOL and unit.school_kind == OrgUnit.SchoolKind.COLLEGE


def college_errors(college: OrgUnit | None) -> dict:
    if college is not None and not is_college(college):
        return {"college": _("%(unit)s is not a college.") % {"unit": college.code}}
    return {}


class Department(MultilingualName):
    """A department (бөлүм / бөлім / отделение) of a college: its head and its teachers."""

    college = models.ForeignKey(OrgUnit, models.CASCADE, related_name="departments", verbose_name=_("college"))
    code = models.CharField(_("code"), max_length=64, help_text=_("As the college writes it in its files."))
    head = models.ForeignKey(
        Staff, models.SET_NULL, null=True, blank=True, related_name="headed_departments", verbose_name=_("head")
    )
    teachers = models.ManyToManyField(Staff, blank=True, related_name="departments", verbose_name=_("teachers"))

    objects = ScopedQuerySet.as_manager()
    scope_rule = ScopeRule(path="college__path", unit="college_id", staff="head_id")

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["college", "code"]
        constraints = [models.UniqueConstraint(fields=["college", "code"], name="unique_department_code")]

    def clean(self):
        errors = {**self.clean_names(), **college_errors(self.college if self.college_id else None)}
        if self.head_id and self.college_id and self.head.school_id != self.college_id:
            errors["head"] = _("The head must work at the same college.")
        if errors:
            raise ValidationError(errors)


class Speciality(MultilingualName):
    """A speciality (адистик / мамандық / специальность) a college trains for, taught in one department."""

    college = models.ForeignKey(OrgUnit, models.CASCADE, related_name="specialities", verbose_name=_("college"))
    department = models.ForeignKey(
        Department, models.PROTECT, related_name="specialities", verbose_name=_("department")
    )
    code = models.CharField(_("code"), max_length=32, help_text=_("The speciality's code, e.g. 36.02.01."))

    objects = ScopedQuerySet.as_manager()
    scope_rule = ScopeRule(path="college__path", unit="college_id")

    class Meta:
        verbose_name = _("speciality")
        verbose_name_plural = _("specialities")
        ordering = ["college", "code"]
        constraints = [models.UniqueConstraint(fields=["college", "code"], name="unique_speciality_code")]

    def clean(self):
        errors = {**self.clean_names(), **college_errors(self.college if self.college_id else None)}
        if self.department_id and self.college_id and self.department.college_id != self.college_id:
            errors["department"] = _("The department belongs to another college.")
        if errors:
            raise ValidationError(errors)


class StudyGroup(models.Model):
    """A study group of a college (e.g. ВЕТ-21): one speciality, from its intake year to graduation.

    The group lasts; each academic year it is one SchoolClass (see GroupYear) whose grade is the course."""

    college = models.ForeignKey(OrgUnit, models.CASCADE, related_name="study_groups", verbose_name=_("college"))
    code = models.CharField(_("code"), max_length=8, help_text=_("Like ВЕТ-21."))
    speciality = models.ForeignKey(Speciality, models.PROTECT, related_name="groups", verbose_name=_("speciality"))
    intake_year = models.PositiveSmallIntegerField(
        _("intake year"), help_text=_("The calendar year in which the group began its first course.")
    )
    curator = models.ForeignKey(
        Staff, models.SET_NULL, null=True, blank=True, related_name="curated_groups", verbose_name=_("curator")
    )

    objects = ScopedQuerySet.as_manager()
    scope_rule = ScopeRule(path="college__path", unit="college_id", staff="curator_id")

    class Meta:
        verbose_name = _("study group")
        verbose_name_plural = _("study groups")
        ordering = ["college", "code"]
        constraints = [models.UniqueConstraint(fields=["college", "code"], name="unique_group_code")]

    def __str__(self) -> str:
        return self.code

    def course_in(self, first_calendar_year: int) -> int:
        """The course the group is in during the academic year beginning in that calendar year."""
        return first_calendar_year - self.intake_year + 1

    def clean(self):
        errors = college_errors(self.college if self.college_id else None)
        if not GROUP_CODE.match(self.code or ""):
            errors["code"] = _("“%(code)s” is not a group code like ВЕТ-21 (at most 8 characters).") % {
                "code": self.code
            }
        if self.speciality_id and self.college_id and self.speciality.college_id != self.college_id:
            errors["speciality"] = _("The speciality belongs to another college.")
        if self.curator_id and self.college_id and self.curator.school_id != self.college_id:
            errors["curator"] = _("The curator must work at the same college.")
        if errors:
            raise ValidationError(errors)


class GroupYear(models.Model):
    """A study group in one academic year: the SchoolClass that holds its list, marks and summaries that year."""

    group = models.ForeignKey(StudyGroup, models.CASCADE, related_name="years", verbose_name=_("study group"))
    school_class = models.OneToOneField(
        SchoolClass, models.CASCADE, related_name="group_year", verbose_name=_("group in the year")
    )

    objects = ScopedQuerySet.as_manager()
    scope_rule = ScopeRule(path="group__college__path", school_class="school_class_id")

    class Meta:
        verbose_name = _("group in a year")
        verbose_name_plural = _("groups in years")
        ordering = ["group", "school_class__year"]

    def __str__(self) -> str:
        return f"{self.group} {self.school_class.year}"

    @property
    def course(self) -> int:
        return self.school_class.grade

    def clean(self):
        if not (self.group_id and self.school_class_id):
            return
        klass, group = self.school_class, self.group
        if klass.school_id != group.college_id or klass.letter != group.code:
            raise ValidationError({"school_class": _("The class is not this group's class at its college.")})
        if klass.grade != group.course_in(klass.year.first_calendar_year):
            raise ValidationError(
                {"school_class": _("A group that entered in %(intake)s is not in course %(course)s in %(year)s.")
                 % {"intake": group.intake_year, "course": klass.grade, "year": klass.year.code}}
            )  # fmt: skip


class Discipline(models.Model):
    """A discipline taught to a speciality in one course and semester, and how it is assessed there.

    A student has one mark per subject and semester, so a course work or a practice that gets its own mark is
    its own subject (e.g. "course work in anatomy"), with the form course_work or practice."""

    class Form(models.TextChoices):
        EXAM = "exam", _("examination")
        GRADED = "graded", _("graded credit")
        PASS_FAIL = "pass_fail", _("pass/fail credit (зачёт)")
        COURSE_WORK = "course_work", _("course work")
        PRACTICE = "practice", _("practice")

    speciality = models.ForeignKey(Speciality, models.CASCADE, related_name="disciplines", verbose_name=_("speciality"))
    subject = models.ForeignKey(Subject, models.PROTECT, related_name="disciplines", verbose_name=_("discipline"))
    course = models.PositiveSmallIntegerField(
        _("course"), validators=[MinValueValidator(1), MaxValueValidator(MAX_COURSE)]
    )
    semester = models.CharField(_("semester"), max_length=2, choices=[(s, s) for s in SEMESTERS])
    form = models.CharField(_("form of assessment"), max_length=16, choices=Form.choices, default=Form.EXAM)
    hours = models.PositiveSmallIntegerField(_("hours"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_rule = ScopeRule(path="speciality__college__path", unit="speciality__college_id")

    class Meta:
        verbose_name = _("discipline of a speciality")
        verbose_name_plural = _("disciplines of specialities")
        ordering = ["speciality", "course", "semester", "subject"]
        constraints = [
            models.UniqueConstraint(fields=["speciality", "subject", "course", "semester"], name="unique_discipline"),
        ]

    def __str__(self) -> str:
        return f"{self.speciality.code} {self.subject} {self.course}/{self.semester}"
