"""Projects (seed 004: a regional department's experimental project): the order that set one up, its years and
head, the schools that take part with the dates they joined and left, the district coordinators, and the tutor
school of each district with the schools attached to it. A project is a unit of comparison: the breakdown
`project` groups the schools that were members on the last day of a period (structure.selectors)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from sapat.core.multilingual import MultilingualName
from sapat.core.querysets import ScopedQuerySet, ScopeRule
from sapat.structure.models import OrgUnit
from sapat.structure.models.units import code_validator


class Project(MultilingualName):
    """A project run by a unit (a region's department, a district, a school), set up by an order."""

    code = models.CharField(_("code"), max_length=32, unique=True, validators=[code_validator])
    owner = models.ForeignKey(OrgUnit, models.CASCADE, related_name="projects", verbose_name=_("run by"))
    order_number = models.CharField(_("order number"), max_length=100, blank=True)
    order_date = models.DateField(_("order date"), null=True, blank=True)
    order_signed_by = models.CharField(_("order signed by"), max_length=200, blank=True)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    head = models.CharField(_("head of the project"), max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_rule = ScopeRule(path="owner__path")

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["code"]

    def clean(self):
        errors = self.clean_names()
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("A project cannot end before it starts.")
        if errors:
            raise ValidationError(errors)


class ProjectSchool(models.Model):
    """A school's membership of a project, from a date until the date it left (seed 004 item 5)."""

    project = models.ForeignKey(Project, models.CASCADE, related_name="members", verbose_name=_("project"))
    school = models.ForeignKey(
        OrgUnit,
        models.CASCADE,
        related_name="project_memberships",
        verbose_name=_("school"),
        limit_choices_to={"kind": OrgUnit.Kind.SCHOOL},
    )
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
    reason = models.CharField(_("reason for leaving"), max_length=300, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_rule = ScopeRule(path="school__path")

    class Meta:
        verbose_name = _("member school")
        verbose_name_plural = _("member schools")
        ordering = ["project", "school__path", "joined_on"]
        constraints = [
            models.UniqueConstraint(fields=["project", "school", "joined_on"], name="one_membership_per_date")
        ]

    def __str__(self) -> str:
        return f"{self.school} — {self.project} ({self.joined_on} – {self.left_on or '…'})"

    def clean(self):
        errors = {}
        if self.left_on and self.joined_on and self.left_on < self.joined_on:
            errors["left_on"] = _("A school cannot leave before joining.")
        if self.school_id and self.project_id and not self.school.path.startswith(self.project.owner.path):
            errors["school"] = _("The school lies outside the unit that runs the project.")
        if errors:
            raise ValidationError(errors)


class ProjectCoordinator(models.Model):
    """The person responsible for the project in a district (seed 004, appendix 1)."""

    project = models.ForeignKey(Project, models.CASCADE, related_name="coordinators", verbose_name=_("project"))
    district = models.ForeignKey(
        OrgUnit,
        models.CASCADE,
        related_name="project_coordinators",
        verbose_name=_("district"),
        limit_choices_to={"kind": OrgUnit.Kind.DISTRICT},
    )
    name = models.CharField(_("name"), max_length=200)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("login")
    )

    objects = ScopedQuerySet.as_manager()
    scope_rule = ScopeRule(path="district__path")

    class Meta:
        verbose_name = _("district coordinator")
        verbose_name_plural = _("district coordinators")
        ordering = ["project", "district__path"]

    def __str__(self) -> str:
        return f"{self.name} — {self.district}"


class ProjectTutor(models.Model):
    """A rural school attached to a district's tutor school within the project, for a time (seed 004,
    appendices 2 and 3)."""

    project = models.ForeignKey(Project, models.CASCADE, related_name="tutors", verbose_name=_("project"))
    tutor = models.ForeignKey(
        OrgUnit, models.CASCADE, related_name="project_tutored", verbose_name=_("tutor school"),
        limit_choices_to={"kind": OrgUnit.Kind.SCHOOL},
    )  # fmt: skip
    school = models.ForeignKey(
        OrgUnit, models.CASCADE, related_name="project_tutors", verbose_name=_("attached school"),
        limit_choices_to={"kind": OrgUnit.Kind.SCHOOL},
    )  # fmt: skip
    from_on = models.DateField(_("from"))
    until_on = models.DateField(_("until"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_rule = ScopeRule(path="school__path")

    class Meta:
        verbose_name = _("attached school")
        verbose_name_plural = _("attached schools")
        ordering = ["project", "tutor__path", "school__path"]

    def __str__(self) -> str:
        return f"{self.school} → {self.tutor}"

    def clean(self):
        if self.tutor_id and self.school_id and self.tutor.parent_id != self.school.parent_id:
            raise ValidationError({"school": _("A tutor school takes schools of its own district.")})
