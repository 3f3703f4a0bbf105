"""`sapat import KIND FILE [--dry-run] [--user USERNAME] [--unit CODE] [--year YEAR]`; KIND `school` takes the
folder written by `sapat export school`."""

from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sapat.transfer.commandline import unit_for, user_named, year_named
from sapat.transfer.kinds import KINDS
from sapat.transfer.models import ImportRecord
from sapat.transfer.outcome import count_rows, where
from sapat.transfer.services import bundle_files, import_apply, import_bundle, import_preview


class Command(BaseCommand):
    help = "Import an XLSX or CSV file of one kind (or a school's export folder), all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=[*KINDS, "school"])
        parser.add_argument("file", help="The file (for `school`, the folder written by `sapat export school`).")
        parser.add_argument("--dry-run", action="store_true", help="Check and count only; save nothing.")
        parser.add_argument("--user", help="Import as this user: their scope and language apply.")
        parser.add_argument("--unit", help="The code of the unit to import into (default: the user's, or any).")
        parser.add_argument("--year", help="The academic year of rows without one, like 2024-2025.")

    def handle(self, *args, kind, file, dry_run, user, unit, year, **options):
        person = user_named(user)
        with translation.override(getattr(person, "language", "") or translation.get_language()):
            target = unit_for(unit, person)
            try:
                record = self._run(kind, Path(file), person, target, year, dry_run)
            except PermissionDenied:
                message = _("%(user)s may not import into %(unit)s.") % {"user": person, "unit": target}
                raise CommandError(message) from None
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from None
            self._report(record, dry_run)

    def _run(self, kind, path: Path, person, target, year, dry_run) -> ImportRecord:
        if kind == "school":
            if not path.is_dir():
                raise CommandError(_("Give the folder written by `sapat export school`."))
            files = bundle_files(sorted(path.iterdir()))
            return import_bundle(user=person, unit=target, name=path.name, files=files, dry_run=dry_run)
        if not path.is_file():
            raise CommandError(_("File not found: %(path)s") % {"path": path})
        academic_year = year_named(year, target)
        record = import_preview(
            user=person, unit=target, kind=kind, file_name=path.name, content=path.read_bytes(), year=academic_year
        )
        if record.status == ImportRecord.Status.PREVIEWED and not dry_run:
            record = import_apply(record=record, user=person)
        return record

    def _report(self, record: ImportRecord, dry_run: bool) -> None:
        for row in count_rows(record.counts):
            self.stdout.write(
                _("%(thing)s: %(created)s created, %(changed)s changed, %(unchanged)s left alone") % row
                + (_(", %(removed)s removed") % row if row.get("removed") else "")
            )
        for warning in record.warnings:
            self.stdout.write(_("Warning: %(warning)s") % {"warning": warning})
        if record.status == ImportRecord.Status.REFUSED:
            lines = [f"{where(problem)}: {problem['message']}" if where(problem) else problem["message"]
                     for problem in record.problems]  # fmt: skip
            if record.problem_count > len(record.problems):
                more = record.problem_count - len(record.problems)
                lines.append(
                    ngettext("… and %(count)s more error.", "… and %(count)s more errors.", more) % {"count": more}
                )
            summary = _("The file was refused, nothing was saved. Errors: %(count)s") % {"count": record.problem_count}
            raise CommandError("\n".join([summary, *lines]))
        if dry_run:
            self.stdout.write(_("Dry run: nothing was saved."))
        else:
            self.stdout.write(_("Import #%(pk)s applied.") % {"pk": record.pk})
