from django.utils.translation import gettext as _

from sapat.core.csvfiles import LoadCommand
from sapat.structure.loaders import load_units


class Command(LoadCommand):
    help = "Load regions, districts and schools: code,kind,parent,name_ky,name_kk,name_ru,name_en (idempotent)."

    def load(self, path: str):
        return load_units(path)

    def summary(self, report) -> str:
        return _("Units: %(created)s created, %(changed)s changed, %(unchanged)s unchanged.") % report
