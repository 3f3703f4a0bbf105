"""Users, their roles in units (memberships) and parents' links to their children."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from sapat.core.querysets import ScopedQuerySet, ScopeRule
from sapat.structure.models import OrgUnit, Student


class Role(models.TextChoices):
    REGIONAL_OFFICER = "regional_officer", _("regional education officer")
    DISTRICT_COORDINATOR = "district_coordinator", _("district coordinator")
    DIRECTOR = "director", _("school director")
    DEPUTY_ACADEMIC = "deputy_academic", _("deputy director for academic work")
    DEPUTY_UPBRINGING = "deputy_upbringing", _("deputy director for upbringing work")
    MO_HEAD = "mo_head", _("head of a methodical association")
    CLASS_TEACHER = "class_teacher", _("class teacher")
    SUBJECT_TEACHER = "subject_teacher", _("subject teacher")
    PSYCHOLOGIST = "psychologist", _("psychologist")
    PARENT = "parent", _("parent")
    # A college's own roles (its director, deputy and teachers hold the roles above in the college).
    HEAD_OF_DEPARTMENT = "head_of_department", _("head of a college's department")
    METHODIST = "methodist", _("methodist of a college")
    CURATOR = "curator", _("curator of a study group")
    STUDENT = "student", _("student of a college")


COLLEGE_ROLES = {Role.HEAD_OF_DEPARTMENT, Role.METHODIST, Role.CURATOR, Role.STUDENT}


# The kind of unit each role is held in; the scope rule (access/scope.py) says what each role sees there.
ROLE_UNIT_KIND = {
    Role.REGIONAL_OFFICER: OrgUnit.Kind.REGION,
    Role.DISTRICT_COORDINATOR: OrgUnit.Kind.DISTRICT,
    Role.DIRECTOR: OrgUnit.Kind.SCHOOL,
    Role.DEPUTY_ACADEMIC: OrgUnit.Kind.SCHOOL,
    Role.DEPUTY_UPBRINGING: OrgUnit.Kind.SCHOOL,
    Role.MO_HEAD: OrgUnit.Kind.SCHOOL,
    Role.CLASS_TEACHER: OrgUnit.Kind.SCHOOL,
    Role.SUBJECT_TEACHER: OrgUnit.Kind.SCHOOL,
    Role.PSYCHOLOGIST: OrgUnit.Kind.SCHOOL,
    Role.PARENT: OrgUnit.Kind.SCHOOL,
    Role.HEAD_OF_DEPARTMENT: OrgUnit.Kind.SCHOOL,
    Role.METHODIST: OrgUnit.Kind.SCHOOL,
    Role.CURATOR: OrgUnit.Kind.SCHOOL,
    Role.STUDENT: OrgUnit.Kind.SCHOOL,
}


class User(AbstractUser):
    """A person who logs in; what they see comes from their memberships and parent links."""

    language = models.CharField(_("interface language"), max_length=2, choices=settings.LANGUAGES, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def scope(self):
        """What this user may reach (access.scope.Scope), built once and kept on this object: a request's user
        is loaded for that request, so the scope is the request's own."""
        from .scope import scope_of

        return scope_of(self)


class Membership(models.Model):
    """A user holds a role in a unit, e.g. deputy director for academic work at school 12."""

    user = models.ForeignKey(User, models.CASCADE, related_name="memberships", verbose_name=_("user"))
    unit = models.ForeignKey(OrgUnit, models.CASCADE, related_name="memberships", verbose_name=_("unit"))
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    association = models.ForeignKey(
        "structure.MethodicalAssociation",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("methodical association"),
        help_text=_("For the head of a methodical association."),
    )
    department = models.ForeignKey(
        "colleges.Department",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
        help_text=_("For the head of a college's department."),
    )
    student = models.ForeignKey(
        Student,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("student"),
        help_text=_("For a college's student: their own record."),
    )

    objects = ScopedQuerySet.as_manager()
    scope_rule = ScopeRule(path="unit__path")

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["user", "unit__path", "role"]
        constraints = [models.UniqueConstraint(fields=["user", "unit", "role"], name="unique_membership")]

    def __str__(self) -> str:
        return f"{self.get_role_display()} — {self.unit}"

    def clean(self):
        if self.unit_id and self.role and ROLE_UNIT_KIND[self.role] != self.unit.kind:
            raise ValidationError(
                {
                    "unit": _("The role %(role)s is held in a unit of the kind %(kind)s.")
                    % {"role": self.get_role_display(), "kind": OrgUnit.Kind(ROLE_UNIT_KIND[self.role]).label}
                }
            )
        if self.role == Role.MO_HEAD and not self.association_id:
            raise ValidationError({"association": _("Choose the methodical association this person heads.")})
        if self.association_id and self.association.school_id != self.unit_id:
            raise ValidationError({"association": _("The methodical association belongs to another school.")})
        self._check_college_role()

    def _check_college_role(self):
        from sapat.colleges.models import is_college

        if self.role in COLLEGE_ROLES and self.unit_id and not is_college(self.unit):
            raise ValidationError({"unit": _("This role is held in a college.")})
        if self.role == Role.HEAD_OF_DEPARTMENT and not self.department_id:
            raise ValidationError({"department": _("Choose the department this person heads.")})
        if self.department_id and self.department.college_id != self.unit_id:
            raise ValidationError({"department": _("The department belongs to another college.")})
        if self.role == Role.STUDENT and not self.student_id:
            raise ValidationError({"student": _("Choose the student's own record.")})
        if self.student_id and self.student.school_id != self.unit_id:
            raise ValidationError({"student": _("The student studies at another college.")})


class ParentLink(models.Model):
    """A parent's (or guardian's) login sees this child's results."""

    user = models.ForeignKey(User, models.CASCADE, related_name="children_links", verbose_name=_("parent"))
    student = models.ForeignKey(Student, models.CASCADE, related_name="parent_links", verbose_name=_("child"))

    objects = ScopedQuerySet.as_manager()
    scope_rule = ScopeRule(path="student__school__path", student="student_id")

    class Meta:
        verbose_name = _("parent link")
        verbose_name_plural = _("parent links")
        constraints = [models.UniqueConstraint(fields=["user", "student"], name="unique_parent_link")]

    def __str__(self) -> str:
        return f"{self.user} → {self.student}"
