"""Aggregate data sets: the forms for what is not a mark (health groups, upbringing levels, diagnostics,
equipment, safety, innovation…), their values, validation rules, and completeness and approval by level.

The model follows DHIS2's aggregate data (data sets, data elements, category options, validation rules,
data approval), adapted to schools: a data set is reported at one level (region, district, school, class or
student) for periods of one kind, by the units it is assigned to. Its values are counted into summary rows
(`DataSummary`) that the count source (sources.py) sums, so that "share of students at a high level" is a
ratio of additive counts like every other indicator.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sapat.core.multilingual import MultilingualName
from sapat.core.querysets import ScopedQuerySet, ScopeRule
from sapat.indicators.models import Direction
from sapat.structure.models import AcademicYear, Country, OrgUnit, Period, SchoolClass, Student

code_validator = RegexValidator(r"^[a-z][a-z0-9_]*$", _("Use small Latin letters, digits and underscores in a code."))
# Codes a data set cannot take: they name the fixed count sources in formulas.
RESERVED_CODES = {"marks", "control", "external", "achievements", "activities", "surveys", "students"}


class DataSet(MultilingualName):
    """A form of aggregate data: its elements, the level it is reported at, its period kind and entry window."""

    class Level(models.TextChoices):
        REGION = "region", _("region")
        DISTRICT = "district", _("district")
        SCHOOL = "school", _("school")
        CLASS = "class", _("class")
        STUDENT = "student", _("student")

    class UnitKind(models.TextChoices):
        ANY = "", _("schools and colleges")
        SCHOOLS = "schools", _("schools only")
        COLLEGES = "colleges", _("colleges only")

    code = models.CharField(_("code"), max_length=32, unique=True, validators=[code_validator])
    level = models.CharField(_("reported by"), max_length=16, choices=Level.choices)
    unit_kind = models.CharField(
        _("kept by"),
        max_length=8,
        choices=UnitKind.choices,
        blank=True,
        default="",
        help_text=_("Which schools report it when it is reported by a school, its classes or its students."),
    )
    period_kind = models.CharField(_("kind of period"), max_length=16, choices=Period.Kind.choices)
    owner = models.ForeignKey(
        OrgUnit,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="datasets",
        verbose_name=_("defined by"),
        help_text=_("Empty for a data set shipped for everyone."),
    )
    country = models.CharField(
        _("country"), max_length=2, choices=Country.choices, blank=True, help_text=_("Empty: both countries.")
    )
    grade_from = models.PositiveSmallIntegerField(_("from grade"), null=True, blank=True)
    grade_to = models.PositiveSmallIntegerField(_("to grade"), null=True, blank=True)
    entry_roles = models.JSONField(
        _("entered by"),
        default=list,
        blank=True,
        help_text=_("Roles that enter the values; empty: the unit's director and deputies."),
    )
    opens_days_before_end = models.PositiveSmallIntegerField(
        _("entry opens (days before the period ends)"), null=True, blank=True, help_text=_("Empty: when it starts.")
    )
    closes_days_after_end = models.PositiveSmallIntegerField(
        _("entry closes (days after the period ends)"), null=True, blank=True, help_text=_("Empty: never.")
    )
    directions = models.ManyToManyField(Direction, blank=True, related_name="datasets", verbose_name=_("directions"))
    changed_at = models.DateTimeField(_("changed at"), auto_now=True)

    objects = ScopedQuerySet.as_manager()
    scope_rule = ScopeRule(path="owner__path")

    class Meta:
        verbose_name = _("data set")
        verbose_name_plural = _("data sets")
        ordering = ["code"]

    def clean(self):
        errors = self.clean_names()
        if self.code in RESERVED_CODES:
            errors["code"] = _("The code %(code)s names a source of counts; choose another.") % {"code": self.code}
        if (self.grade_from is not None or self.grade_to is not None) and self.level not in ("class", "student"):
            errors["grade_from"] = _("Only a data set of classes or students is limited to grades.")
        if self.unit_kind and self.level in (self.Level.REGION, self.Level.DISTRICT):
            errors["unit_kind"] = _("Only a data set of schools, classes or students is kept by schools or colleges.")
        if self.grade_from is not None and self.grade_to is not None and self.grade_from > self.grade_to:
            errors["grade_to"] = _("The last grade must not be below the first.")
        if errors:
            raise ValidationError(errors)

    @property
    def per_school(self) -> bool:
        """Whether the values belong to classes or students of a school (the school submits them)."""
        return self.level in (self.Level.CLASS, self.Level.STUDENT)

    def fits(self, unit: OrgUnit) -> bool:
        """Whether a school (or college) `unit` may report the data set: a data set kept by colleges only is
        never expected of a school, and one kept by schools only never of a college. Other units always fit."""
        if not self.unit_kind or unit.kind != OrgUnit.Kind.SCHOOL:
            return True
        college = unit.school_kind == OrgUnit.SchoolKind.COLLEGE
        return college == (self.unit_kind == self.UnitKind.COLLEGES)

    def fitting(self, units):
        """`units` (a queryset of units) without the schools that do not keep the data set."""
        if self.unit_kind == self.UnitKind.COLLEGES:
            return units.filter(Q(~Q(kind=OrgUnit.Kind.SCHOOL)) | Q(school_kind=OrgUnit.SchoolKind.COLLEGE))
        if self.unit_kind == self.UnitKind.SCHOOLS:
            return units.exclude(kind=OrgUnit.Kind.SCHOOL, school_kind=OrgUnit.SchoolKind.COLLEGE)
        return units

    @property
    def reporting_kind(self) -> str:
        """The kind of unit that submits the data set."""
        return OrgUnit.Kind.SCHOOL if self.per_school else self.level

    @property
    def reporting_kind_label(self) -> str:
        return OrgUnit.Kind(self.reporting_kind).label


class DataElement(MultilingualName):
    """One field of a data set: a whole number, a decimal, yes/no, or one of a list of options."""

    class Type(models.TextChoices):
        INTEGER = "integer", _("whole number")
        DECIMAL = "decimal", _("decimal number")
        YES_NO = "yes_no", _("yes or no")
        OPTION = "option", _("one of a list")

    dataset = models.ForeignKey(DataSet, models.CASCADE, related_name="elements", verbose_name=_("data set"))
    code = models.CharField(_("code"), max_length=32, validators=[code_validator])
    value_type = models.CharField(_("type"), max_length=8, choices=Type.choices)
    min_value = models.DecimalField(_("minimum"), max_digits=18, decimal_places=4, null=True, blank=True)
    max_value = models.DecimalField(_("maximum"), max_digits=18, decimal_places=4, null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("data element")
        verbose_name_plural = _("data elements")
        ordering = ["dataset", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["dataset", "code"], name="unique_element_code")]

    def clean(self):
        errors = self.clean_names()
        if self.min_value is not None and self.max_value is not None and self.min_value > self.max_value:
            errors["max_value"] = _("The maximum must not be below the minimum.")
        if errors:
            raise ValidationError(errors)

    @property
    def numeric(self) -> bool:
        return self.value_type != self.Type.OPTION


class ElementOption(MultilingualName):
    """One answer an option element offers, e.g. the "high" level of upbringing."""

    element = models.ForeignKey(DataElement, models.CASCADE, related_name="options", verbose_name=_("element"))
    code = models.CharField(_("code"), max_length=32, validators=[code_validator])
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("option")
        verbose_name_plural = _("options")
        ordering = ["element", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["element", "code"], name="unique_option_code")]


class ValidationRule(MultilingualName):
    """left op right over the data set's values of one unit (class, student) and period, e.g. "g1 + g2 + g3 <=
    students": a hard rule refuses the save, a soft rule flags the values for follow-up. The name is the
    message shown; without one the rule's own text is."""

    class Op(models.TextChoices):
        EQ = "==", "="
        NE = "!=", "≠"
        LT = "<", "<"
        LE = "<=", "≤"
        GT = ">", ">"
        GE = ">=", "≥"

    class Importance(models.TextChoices):
        HARD = "hard", _("refuses the save")
        SOFT = "soft", _("flags the value")

    dataset = models.ForeignKey(DataSet, models.CASCADE, related_name="rules", verbose_name=_("data set"))
    left = models.CharField(_("left side"), max_length=1000)
    op = models.CharField(_("comparison"), max_length=2, choices=Op.choices)
    right = models.CharField(_("right side"), max_length=1000)
    importance = models.CharField(_("importance"), max_length=4, choices=Importance.choices, default=Importance.HARD)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("validation rule")
        verbose_name_plural = _("validation rules")
        ordering = ["dataset", "order", "pk"]

    def __str__(self) -> str:
        return self.name or self.text

    @property
    def text(self) -> str:
        return f"{self.left} {self.get_op_display()} {self.right}"


class Assignment(models.Model):
    """The data set is reported by every unit of its level under `unit` (a region, a district or a school)."""

    dataset = models.ForeignKey(DataSet, models.CASCADE, related_name="assignments", verbose_name=_("data set"))
    unit = models.ForeignKey(OrgUnit, models.CASCADE, related_name="dataset_assignments", verbose_name=_("unit"))

    objects = ScopedQuerySet.as_manager()
    scope_rule = ScopeRule(path="unit__path")

    class Meta:
        verbose_name = _("assignment of a data set")
        verbose_name_plural = _("assignments of data sets")
        constraints = [models.UniqueConstraint(fields=["dataset", "unit"], name="unique_dataset_assignment")]

    def __str__(self) -> str:
        return f"{self.dataset.code} → {self.unit.code}"


class DataValue(models.Model):
    """One value of a data set's element for a period: of a unit (region, district, school), of a class, or of a
    student. `unit` is always the unit that submits it (a class's or student's school), and carries with the
    academic year the partitioning key every fact table has."""

    dataset = models.ForeignKey(DataSet, models.CASCADE, related_name="+")
    element = models.ForeignKey(DataElement, models.CASCADE, related_name="values", verbose_name=_("element"))
    period = models.ForeignKey(Period, models.PROTECT, related_name="+", verbose_name=_("period"))
    unit = models.ForeignKey(OrgUnit, models.CASCADE, related_name="+", verbose_name=_("unit"))
    school_class = models.ForeignKey(
        SchoolClass, models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("class")
    )
    student = models.ForeignKey(Student, models.CASCADE, null=True, blank=True, related_name="+")
    year = models.ForeignKey(AcademicYear, models.PROTECT, related_name="+")
    number = models.DecimalField(_("value"), max_digits=18, decimal_places=4, null=True, blank=True)
    option = models.ForeignKey(ElementOption, models.PROTECT, null=True, blank=True, related_name="+")
    flagged = models.BooleanField(_("flagged for follow-up"), default=False)
    changed_at = models.DateTimeField(_("changed at"))
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")

    objects = ScopedQuerySet.as_manager()
    scope_rule = ScopeRule(path="unit__path", school_class="school_class_id", student="student_id")

    class Meta:
        verbose_name = _("data value")
        verbose_name_plural = _("data values")
        constraints = [
            models.UniqueConstraint(
                fields=["element", "period", "unit"],
                condition=Q(school_class__isnull=True, student__isnull=True),
                name="one_value_per_unit",
            ),
            models.UniqueConstraint(
                fields=["element", "period", "school_class"],
                condition=Q(school_class__isnull=False, student__isnull=True),
                name="one_value_per_class",
            ),
            models.UniqueConstraint(
                fields=["element", "period", "student"],
                condition=Q(student__isnull=False),
                name="one_value_per_student",
            ),
        ]
        indexes = [models.Index(fields=["dataset", "period", "unit"], name="datavalue_form_idx")]

    def __str__(self) -> str:
        return f"{self.element.code}: {self.option.code if self.option_id else self.number}"


class DataSummary(models.Model):
    """The additive counts of a data set's values, per period, submitting unit and class (0: none), element (0:
    the row counting who reported) and option (0: none): `answers` values given, `total` their sum. Kept in the
    same transaction as the values (services.py), rebuilt by `sapat recompute`."""

    dataset = models.ForeignKey(DataSet, models.CASCADE, related_name="+")
    period = models.ForeignKey(Period, models.CASCADE, related_name="+")
    unit = models.ForeignKey(OrgUnit, models.CASCADE, related_name="+")
    class_key = models.PositiveIntegerField(default=0)
    grade = models.PositiveSmallIntegerField(default=0)
    element_key = models.PositiveIntegerField(default=0)
    option_key = models.PositiveIntegerField(default=0)
    answers = models.IntegerField(default=0)
    total = models.DecimalField(max_digits=24, decimal_places=4, default=0)
    as_of = models.DateTimeField()

    objects = ScopedQuerySet.as_manager()
    scope_rule = ScopeRule(path="unit__path")

    class Meta:
        verbose_name = _("data set summary")
        verbose_name_plural = _("data set summaries")
        constraints = [
            models.UniqueConstraint(
                fields=["dataset", "period", "unit", "class_key", "element_key", "option_key"],
                name="unique_data_summary",
            )
        ]
        indexes = [models.Index(fields=["period", "dataset", "unit"], name="datasummary_period_idx")]

    def __str__(self) -> str:
        return f"{self.dataset_id}/{self.period_id}/{self.unit_id}/{self.class_key}/{self.element_key}"


class Submission(models.Model):
    """Where one unit's values of a data set for a period stand: entered, submitted by the person responsible,
    approved by the level above (then locked), or returned with a reason. Its events keep who did what when."""

    class State(models.TextChoices):
        DRAFT = "draft", _("being entered")
        SUBMITTED = "submitted", _("submitted")
        APPROVED = "approved", _("approved")
        RETURNED = "returned", _("returned")

    dataset = models.ForeignKey(DataSet, models.CASCADE, related_name="submissions", verbose_name=_("data set"))
    period = models.ForeignKey(Period, models.PROTECT, related_name="+", verbose_name=_("period"))
    unit = models.ForeignKey(OrgUnit, models.CASCADE, related_name="+", verbose_name=_("unit"))
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.DRAFT)
    responsible = models.CharField(
        _("responsible for the data"), max_length=200, blank=True, help_text=_("Who answers for the accuracy.")
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now=True)

    objects = ScopedQuerySet.as_manager()
    scope_rule = ScopeRule(path="unit__path")

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        constraints = [models.UniqueConstraint(fields=["dataset", "period", "unit"], name="one_submission")]

    def __str__(self) -> str:
        return f"{self.dataset.code} {self.period} {self.unit.code}: {self.get_state_display()}"

    @property
    def locked(self) -> bool:
        return self.state == self.State.APPROVED


class SubmissionEvent(models.Model):
    """One step of a submission: submitted, approved, returned or reopened, by whom, when, and why."""

    class Action(models.TextChoices):
        SUBMIT = "submit", _("submitted")
        APPROVE = "approve", _("approved")
        RETURN = "return", _("returned")
        REOPEN = "reopen", _("reopened")

    submission = models.ForeignKey(Submission, models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=8, choices=Action.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(_("when"))
    reason = models.TextField(_("reason"), blank=True)
    responsible = models.CharField(_("responsible for the data"), max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_rule = ScopeRule(path="submission__unit__path")

    class Meta:
        verbose_name = _("step of a submission")
        verbose_name_plural = _("steps of submissions")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"


MAX_VALUE = 10**13  # DataValue.number holds 18 digits, 4 of them decimals
