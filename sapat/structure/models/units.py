"""Regions, districts and schools as one tree, with tutor groups and named groups beside it."""

from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sapat.core.multilingual import MultilingualName
from sapat.core.querysets import ScopedQuerySet, ScopeRule

code_validator = RegexValidator(
    r"^[A-Za-z0-9_-]+$", _("Use only Latin letters, digits, dashes and underscores in a code.")
)
PATH_SEPARATOR = "/"


class Country(models.TextChoices):
    KYRGYZSTAN = "KG", _("Kyrgyzstan")
    KAZAKHSTAN = "KZ", _("Kazakhstan")


# A unit's time zone is its country's: Kyrgyzstan UTC+6; the whole of Kazakhstan UTC+5 since 2024-03-01
# (Asia/Almaty in tzdata 2024a and later; sapat/structure/tests/test_time_zones.py fails on older data).
TIME_ZONES = {Country.KYRGYZSTAN: "Asia/Bishkek", Country.KAZAKHSTAN: "Asia/Almaty"}


def time_zone_of(country: str) -> ZoneInfo | None:
    """The time zone of a country's units (None for an unknown country: the server's default applies)."""
    name = TIME_ZONES.get(country)
    return ZoneInfo(name) if name else None


class OrgUnitQuerySet(ScopedQuerySet):
    def subtree(self, unit: "OrgUnit"):
        """The unit and everything below it: one indexed prefix match on the materialized path."""
        return self.filter(path__startswith=unit.path)

    def schools(self):
        return self.filter(kind=OrgUnit.Kind.SCHOOL)

    def school_ids_under(self, unit: "OrgUnit"):
        """The ids of the schools in a unit's subtree, as a subquery: filter rows that carry a school id with
        `school_id__in=` this rather than joining on the path, so that an index starting (period, school) is
        searched per school instead of scanned for the whole period (20 ms → 0.2 ms for a school's rows
        among a region's)."""
        return self.subtree(unit).schools().values("pk")


class OrgUnit(MultilingualName):
    """A region, a district or a school (or college): one node of the administrative tree.

    `path` holds the codes from the root down ("/KG-CH/KG-CH-01/S0001/") so that a whole subtree is one
    prefix match; services keep it in step with `parent`.
    """

    class Kind(models.TextChoices):
        REGION = "region", _("region")
        DISTRICT = "district", _("district")
        SCHOOL = "school", _("school")

    class SchoolKind(models.TextChoices):
        GENERAL = "general", _("general school")
        GYMNASIUM = "gymnasium", _("gymnasium")
        LYCEUM = "lyceum", _("lyceum")
        COLLEGE = "college", _("college")

    class Settlement(models.TextChoices):
        URBAN = "urban", _("urban")
        RURAL = "rural", _("rural")

    LEVELS = {Kind.REGION: 0, Kind.DISTRICT: 1, Kind.SCHOOL: 2}

    code = models.CharField(_("code"), max_length=32, unique=True, validators=[code_validator])
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("parent unit")
    )
    path = models.CharField(_("path"), max_length=255, editable=False, db_index=True)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices, default=Country.KYRGYZSTAN)
    school_kind = models.CharField(_("kind of school"), max_length=16, choices=SchoolKind.choices, blank=True)
    settlement = models.CharField(_("settlement"), max_length=8, choices=Settlement.choices, blank=True)
    languages = models.CharField(
        _("languages of instruction"),
        max_length=32,
        blank=True,
        help_text=_("Codes separated by commas, e.g. ky,ru"),
    )
    tutor = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="attached_schools",
        verbose_name=_("tutor school"),
        help_text=_("For an attached (usually rural) school: the tutor school that supports it."),
    )
    groups = models.ManyToManyField("UnitGroup", blank=True, related_name="units", verbose_name=_("groups"))

    objects = OrgUnitQuerySet.as_manager()
    scope_rule = ScopeRule(path="path", unit="id")

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["path"]

    @property
    def time_zone(self) -> ZoneInfo | None:
        """Where the unit's times are shown: "data as of", report runs, publication dates."""
        return time_zone_of(self.country)

    @property
    def is_school(self) -> bool:
        return self.kind == self.Kind.SCHOOL

    def computed_path(self) -> str:
        prefix = self.parent.path if self.parent_id else PATH_SEPARATOR
        return f"{prefix}{self.code}{PATH_SEPARATOR}"

    def save(self, *args, **kwargs):
        """Keep the materialized path in step with the parent, for this unit and everything under it."""
        old_path = self.path
        self.path = self.computed_path()
        super().save(*args, **kwargs)
        if old_path and old_path != self.path:
            self._move_descendants(old_path)

    def _move_descendants(self, old_path: str) -> None:
        descendants = list(OrgUnit.objects.filter(path__startswith=old_path).exclude(pk=self.pk))
        for unit in descendants:
            unit.path = self.path + unit.path[len(old_path) :]
        OrgUnit.objects.bulk_update(descendants, ["path"])

    def ancestors(self):
        codes = [code for code in self.path.split(PATH_SEPARATOR) if code][:-1]
        return OrgUnit.objects.filter(code__in=codes).order_by("path")

    def clean(self):
        errors = self.clean_names()
        errors.update(self._parent_errors())
        errors.update(self._tutor_errors())
        if self.kind != self.Kind.SCHOOL and (self.school_kind or self.settlement):
            errors["school_kind"] = _("Only a school has a kind of school and a settlement.")
        if errors:
            raise ValidationError(errors)

    def _parent_errors(self) -> dict:
        if self.parent_id is None:
            return {} if self.kind == self.Kind.REGION else {"parent": _("A district or school needs a parent unit.")}
        parent = self.parent
        if self.pk and parent.path.startswith(self.path or "\0"):
            return {"parent": _("A unit cannot be placed inside itself or inside one of its own units.")}
        if self.LEVELS[parent.kind] >= self.LEVELS.get(self.kind, 0):
            return {"parent": _("A unit must sit under a unit of a higher level (region > district > school).")}
        if parent.country != self.country:
            return {"country": _("A unit must be in the same country as its parent.")}
        return {}

    def _tutor_errors(self) -> dict:
        if self.tutor_id is None:
            return {}
        if self.kind != self.Kind.SCHOOL or self.tutor.kind != self.Kind.SCHOOL:
            return {"tutor": _("Only a school can be attached, and only to a tutor school.")}
        if self.tutor_id == self.pk or self.tutor.tutor_id is not None:
            return {"tutor": _("The tutor school must be another school that is not attached itself.")}
        return {}


class UnitGroup(MultilingualName):
    """A named set of units compared together, e.g. "rural schools" or "pilot project"."""

    code = models.CharField(_("code"), max_length=32, unique=True, validators=[code_validator])
    owner = models.ForeignKey(
        OrgUnit,
        models.CASCADE,
        related_name="owned_groups",
        verbose_name=_("defined by"),
        help_text=_("The unit whose staff maintain this group."),
    )

    objects = ScopedQuerySet.as_manager()
    scope_rule = ScopeRule(path="owner__path")

    class Meta:
        verbose_name = _("unit group")
        verbose_name_plural = _("unit groups")
        ordering = ["code"]
