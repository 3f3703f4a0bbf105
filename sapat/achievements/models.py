"""Events (olympiads, contests, scientific projects, conferences, competitions) and who took part in them;
teachers' attestations and professional activities (open lessons, publications, courses …).

A participation belongs to a school and an academic year and names one person, a student or a staff member; the
members of a team each have a participation with the same `team` label, so that a team is counted once by
entries and each member once by persons (sources.py). The evidence file is kept outside every public path
(settings.SAPAT_EVIDENCE_ROOT) and only served through the scoped view.
"""

import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.translation import gettext_lazy as _

from sapat.core.querysets import ScopedQuerySet, ScopeRule
from sapat.structure.models import AcademicYear, OrgUnit, Staff, Student, Subject
from sapat.structure.models.staff import CATEGORIES_BY_COUNTRY, Category


class Level(models.TextChoices):
    SCHOOL = "school", _("school level")
    DISTRICT = "district", _("district level")
    REGIONAL = "regional", _("regional level")
    REPUBLICAN = "republican", _("republican level")
    INTERNATIONAL = "international", _("international level")


class Result(models.TextChoices):
    PARTICIPANT = "participant", _("participant")
    WINNER = "winner", _("winner")
    PLACE1 = "place1", _("1st place")
    PLACE2 = "place2", _("2nd place")
    PLACE3 = "place3", _("3rd place")
    GRAND_PRIX = "grand_prix", _("grand prix")
    CERTIFICATE = "certificate", _("certificate")


# Winners (победители) take the first place; prize-winners (призёры) the second and third (GLOSSARY.md).
WINNING = frozenset({Result.WINNER, Result.PLACE1, Result.GRAND_PRIX})
PRIZED = frozenset({Result.PLACE2, Result.PLACE3})


# The files' codes of the categories (load-categories, sapat table) and the codes they are kept under.
KZ_CATEGORIES = {
    "pedagog_trainee": Category.KZ_TRAINEE,
    "pedagog": Category.KZ_TEACHER,
    "pedagog_moderator": Category.KZ_MODERATOR,
    "pedagog_expert": Category.KZ_EXPERT,
    "pedagog_researcher": Category.KZ_RESEARCHER,
    "pedagog_master": Category.KZ_MASTER,
}
OLD_CATEGORIES = {"second": Category.SECOND, "first": Category.FIRST, "highest": Category.HIGHEST}


class EvidenceStorage(FileSystemStorage):
    """Files under SAPAT_EVIDENCE_ROOT (read at each use, so tests can move it), with no URL: nothing but the
    scoped view (views.evidence) can serve them."""

    @property
    def base_location(self):
        return str(settings.SAPAT_EVIDENCE_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Evidence files have no public URL; use the view achievements:evidence.")


_evidence = EvidenceStorage()


def evidence_storage() -> EvidenceStorage:
    return _evidence


class Event(models.Model):
    """An olympiad, contest, scientific project, conference or competition of one level on one date."""

    class Kind(models.TextChoices):
        OLYMPIAD = "olympiad", _("olympiad")
        CONTEST = "contest", _("contest")
        PROJECT = "project", _("scientific project")
        CONFERENCE = "conference", _("conference")
        SPORT = "sport", _("sport competition")
        CREATIVE = "creative", _("creative competition")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=300)
    subject = models.ForeignKey(
        Subject, models.PROTECT, null=True, blank=True, related_name="events", verbose_name=_("subject")
    )
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    date = models.DateField(_("date"))
    organiser = models.CharField(_("organiser"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-date", "name"]
        constraints = [models.UniqueConstraint(fields=["name", "level", "date"], name="one_event_per_name_level_date")]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_level_display()}, {self.date})"


class Participation(models.Model):
    """A student or a staff member of a school took part in an event in an academic year, with a result."""

    school = models.ForeignKey(
        OrgUnit,
        models.PROTECT,
        related_name="participations",
        verbose_name=_("school"),
        limit_choices_to={"kind": OrgUnit.Kind.SCHOOL},
    )
    year = models.ForeignKey(AcademicYear, models.PROTECT, related_name="+", verbose_name=_("academic year"))
    event = models.ForeignKey(Event, models.PROTECT, related_name="participations", verbose_name=_("event"))
    student = models.ForeignKey(
        Student, models.CASCADE, null=True, blank=True, related_name="participations", verbose_name=_("student")
    )
    staff = models.ForeignKey(
        Staff, models.CASCADE, null=True, blank=True, related_name="participations", verbose_name=_("staff member")
    )
    team = models.CharField(
        _("team"), max_length=200, blank=True, help_text=_("The same label for every member of one team.")
    )
    result = models.CharField(_("result"), max_length=16, choices=Result.choices)
    evidence = models.FileField(
        _("evidence"), storage=evidence_storage, upload_to="participations/%Y/", blank=True, max_length=300
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    changed_at = models.DateTimeField(_("changed at"), auto_now=True)

    objects = ScopedQuerySet.as_manager()
    # A teacher sees the participations of the students of their classes and their own.
    scope_rule = ScopeRule(
        path="school__path",
        school_class="student__enrolments__school_class_id",
        student="student_id",
        staff="staff_id",
        multi_valued=True,
    )

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["-event__date", "school"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(student__isnull=True, staff__isnull=False)
                | models.Q(student__isnull=False, staff__isnull=True),
                name="participation_one_person",
            ),
            models.UniqueConstraint(
                fields=["event", "student"], condition=models.Q(student__isnull=False), name="one_entry_per_student"
            ),
            models.UniqueConstraint(
                fields=["event", "staff"], condition=models.Q(staff__isnull=False), name="one_entry_per_staff"
            ),
        ]
        indexes = [models.Index(fields=["year", "school"], name="participation_year_school_idx")]

    def __str__(self) -> str:
        return f"{self.person} — {self.event}: {self.get_result_display()}"

    @property
    def person(self):
        return self.student or self.staff

    @property
    def person_kind(self) -> str:
        return "student" if self.student_id else "staff"

    def clean(self):
        errors = {}
        if bool(self.student_id) == bool(self.staff_id):
            errors["student"] = _("A participation names either a student or a staff member.")
        person = self.student if self.student_id else self.staff if self.staff_id else None
        errors.update(school_year_errors(self, person, "school"))
        if errors:
            raise ValidationError(errors)


def school_year_errors(record, person, field: str) -> dict:
    """A record of a school's year must name a person of that school and a year of the school's country."""
    errors = {}
    if person is not None and record.school_id and person.school_id != record.school_id:
        errors[field] = _("The person belongs to another school.")
    if record.school_id and record.year_id and record.year.country != record.school.country:
        errors["year"] = _("The academic year belongs to another country than the school.")
    return errors


class Attestation(models.Model):
    """A teacher's attestation: planned for a date, for a category; its result and the order that settled it.
    An awarded category also goes into the category history (structure.CategoryRecord)."""

    class Outcome(models.TextChoices):
        PLANNED = "planned", _("planned")
        AWARDED = "awarded", _("category awarded")
        CONFIRMED = "confirmed", _("category confirmed")
        REFUSED = "refused", _("not awarded")

    staff = models.ForeignKey(Staff, models.CASCADE, related_name="attestations", verbose_name=_("staff member"))
    planned_on = models.DateField(_("planned for"))
    category_sought = models.CharField(_("category sought"), max_length=16, choices=Category.choices)
    outcome = models.CharField(_("result"), max_length=16, choices=Outcome.choices, default=Outcome.PLANNED)
    order_number = models.CharField(_("order number"), max_length=100, blank=True)
    order_date = models.DateField(_("order date"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_rule = ScopeRule(path="staff__school__path", staff="staff_id")

    class Meta:
        verbose_name = _("attestation")
        verbose_name_plural = _("attestations")
        ordering = ["staff", "planned_on"]

    def __str__(self) -> str:
        return f"{self.staff} — {self.get_category_sought_display()} ({self.planned_on})"

    def clean(self):
        if self.staff_id and self.category_sought not in CATEGORIES_BY_COUNTRY[self.staff.school.country]:
            raise ValidationError({"category_sought": _("This category does not exist in the school's country.")})


class Activity(models.Model):
    """A piece of a teacher's professional growth in an academic year: an open lesson, shared practice, a
    publication, a course, mentoring or a conference talk, with its level where it has one."""

    class Kind(models.TextChoices):
        OPEN_LESSON = "open_lesson", _("open lesson")
        SHARED_PRACTICE = "shared_practice", _("shared practice")
        PUBLICATION = "publication", _("publication")
        COURSE = "course", _("professional development course")
        MENTORING = "mentoring", _("mentoring")
        CONFERENCE = "conference", _("conference talk")

    school = models.ForeignKey(
        OrgUnit,
        models.PROTECT,
        related_name="activities",
        verbose_name=_("school"),
        limit_choices_to={"kind": OrgUnit.Kind.SCHOOL},
    )
    year = models.ForeignKey(AcademicYear, models.PROTECT, related_name="+", verbose_name=_("academic year"))
    staff = models.ForeignKey(Staff, models.CASCADE, related_name="activities", verbose_name=_("staff member"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices, blank=True)
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=500)
    hours = models.PositiveIntegerField(_("hours"), null=True, blank=True)
    provider = models.CharField(_("provider"), max_length=300, blank=True)
    changed_at = models.DateTimeField(_("changed at"), auto_now=True)

    objects = ScopedQuerySet.as_manager()
    scope_rule = ScopeRule(path="school__path", staff="staff_id")

    class Meta:
        verbose_name = _("professional activity")
        verbose_name_plural = _("professional activities")
        ordering = ["-date", "staff"]
        constraints = [
            models.UniqueConstraint(fields=["staff", "kind", "date", "title"], name="one_activity_per_title_date")
        ]
        indexes = [models.Index(fields=["year", "school"], name="activity_year_school_idx")]

    def __str__(self) -> str:
        return f"{self.staff} — {self.get_kind_display()}: {self.title}"

    def clean(self):
        errors = school_year_errors(self, self.staff if self.staff_id else None, "staff")
        if errors:
            raise ValidationError(errors)
