from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from sapat.core.csvfiles import RowErrors
from sapat.structure.loaders import load_units


class Command(BaseCommand):
    help = "Load regions, districts and schools: code,kind,parent,name_ky,name_kk,name_ru,name_en (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            counts = load_units(file)
        except RowErrors as errors:
            raise errors.as_command_error() from None
        self.stdout.write(_("Units: %(created)s created, %(changed)s changed, %(unchanged)s unchanged.") % counts)
