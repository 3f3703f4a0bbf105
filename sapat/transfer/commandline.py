"""What `sapat import` and `sapat export` share: finding the user, the unit and the year named on the line."""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from sapat.access.models import User
from sapat.access.scope import scope_of
from sapat.structure.models import AcademicYear, OrgUnit


def user_named(username: str | None):
    """The active user of that name, or None when no name is given (the server's administrator)."""
    if not username:
        return None
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(_("No active user %(name)s.") % {"name": username})
    return user


def unit_for(code: str | None, person) -> OrgUnit | None:
    """The unit named, else the one unit the user manages; None (anywhere) for the administrator."""
    if code:
        unit = OrgUnit.objects.filter(code=code).first()
        if unit is None:
            raise CommandError(_("No unit with the code %(code)s.") % {"code": code})
        return unit
    if person is None or person.is_superuser:
        return None
    tops = list(OrgUnit.objects.filter(path__in=scope_of(person).managed_paths))
    if len(tops) != 1:
        raise CommandError(_("Name the unit to import into with --unit."))
    return tops[0]


def year_named(code: str | None, unit: OrgUnit | None) -> AcademicYear | None:
    if not code:
        return None
    years = AcademicYear.objects.filter(code=code)
    if unit is not None:
        years = years.filter(country=unit.country)
    year = years.first()
    if year is None:
        raise CommandError(_("No academic year %(code)s.") % {"code": code})
    return year
