"""`sapat export KIND CODE [--year Y] --out DIR [--format xlsx|csv] [--user USERNAME]`; KIND `school` writes
every kind of one school's data into DIR in the shape of the import templates."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from sapat.access.scope import restrict
from sapat.structure.models import AcademicYear, OrgUnit
from sapat.transfer.commandline import user_named
from sapat.transfer.kinds import KINDS, ExportContext
from sapat.transfer.templates import export_folder


class Command(BaseCommand):
    help = "Export a unit's data as XLSX or CSV files in the shape of the import templates."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=[*KINDS, "school"])
        parser.add_argument("code", help="The code of the school (or unit) whose data to export.")
        parser.add_argument("--year", help="Only this academic year, like 2024-2025 (default: every year).")
        parser.add_argument("--out", required=True, help="The folder to write into.")
        parser.add_argument("--format", choices=["xlsx", "csv"], default="xlsx")
        parser.add_argument("--user", help="Export what this user may see (default: everything).")

    def handle(self, *args, kind, code, year, out, format, user, **options):
        person = user_named(user)
        with translation.override(getattr(person, "language", "") or translation.get_language()):
            units = OrgUnit.objects.filter(code=code)
            unit = (restrict(units, person) if person else units).first()
            if unit is None:
                raise CommandError(_("No unit with the code %(code)s.") % {"code": code})
            academic_year = None
            if year:
                academic_year = AcademicYear.objects.filter(code=year, country=unit.country).first()
                if academic_year is None:
                    raise CommandError(_("No academic year %(code)s.") % {"code": year})
            ectx = ExportContext(user=person, unit=unit, year=academic_year)
            kinds = None if kind == "school" else [kind]
            for path in export_folder(ectx, Path(out), form=format, kinds=kinds):
                self.stdout.write(str(path))
