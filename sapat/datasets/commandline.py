"""What the data set commands share: the data set, unit and period named on the command line."""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from sapat.indicators.selectors import period_for
from sapat.structure.models import OrgUnit, Period

from .models import DataSet


def named(dataset: str, unit: str, year: str, period: str) -> tuple[DataSet, OrgUnit, Period]:
    """The objects of the codes given, or a CommandError naming the first one not found."""
    found = DataSet.objects.filter(code=dataset).first()
    if found is None:
        raise CommandError(_("No data set with the code %(code)s.") % {"code": dataset})
    place = OrgUnit.objects.filter(code=unit).first()
    if place is None:
        raise CommandError(_("No unit with the code %(code)s.") % {"code": unit})
    when = period_for(place, year, period)
    if when is None:
        raise CommandError(_("No period %(period)s in %(year)s.") % {"period": period, "year": year})
    return found, place, when
