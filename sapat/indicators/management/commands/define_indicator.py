import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from sapat.datasets.management.commands.load_dataset import read_json
from sapat.indicators.models import Indicator
from sapat.indicators.services import Definition, indicator_define
from sapat.structure.models import OrgUnit


class Command(BaseCommand):
    help = "Define a variative indicator of a unit (or a new version of it) from a JSON file; see docs/cli.md."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        item = read_json(file)
        if not isinstance(item, dict):
            raise CommandError(_("The description must be a JSON object."))
        definition = definition_from(item)
        try:
            row = indicator_define(definition=definition)
        except ValidationError as error:
            lines = [f"{field}: {message}" for field, messages in error.message_dict.items() for message in messages]
            raise CommandError("\n".join([_("The indicator was refused, nothing was saved."), *lines])) from None
        self.stdout.write(
            _("Indicator %(code)s of %(unit)s, in force from %(date)s.")
            % {"code": row.code, "unit": row.owner.code, "date": row.effective_from}
        )


def definition_from(item: dict) -> Definition:
    unit = OrgUnit.objects.filter(code=str(item.get("unit", ""))).first()
    if unit is None:
        raise CommandError(_("No unit with the code %(code)s.") % {"code": item.get("unit", "")})
    denominator = str(item.get("denominator") or "")
    factor = item.get("factor", 1)
    if not isinstance(factor, int) or isinstance(factor, bool) or not 1 <= factor <= 1_000_000:
        raise CommandError(_("“factor” must be a whole number from 1 to 1000000."))
    precision = item.get("precision", 1)
    if not isinstance(precision, int) or isinstance(precision, bool) or not 0 <= precision <= 4:
        raise CommandError(_("“precision” must be a whole number from 0 to 4."))
    return Definition(
        code=str(item.get("code", "")),
        owner=unit,
        names=item.get("names") if isinstance(item.get("names"), dict) else {},
        numerator=str(item.get("numerator") or ""),
        denominator=denominator,
        factor=factor,
        measure=str(item.get("measure") or default_measure(denominator, factor)),
        better=str(item.get("better") or Indicator.Better.HIGHER),
        precision=precision,
        effective_from=_date(item.get("effective_from")),
        directions=tuple(item.get("directions") or ()),
    )


def default_measure(denominator: str, factor: int) -> str:
    if not denominator.strip():
        return Indicator.Measure.COUNT
    return Indicator.Measure.PERCENT if factor == 100 else Indicator.Measure.RATIO


def _date(text) -> datetime.date | None:
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(str(text))
    except ValueError as error:
        raise CommandError(_("“effective_from” must be a date like 2025-09-01.")) from error
