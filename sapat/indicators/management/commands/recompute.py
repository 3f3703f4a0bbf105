from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sapat.indicators import engine
from sapat.indicators.models import ClassSummary, SchoolSubjectSummary, SchoolSummary, SubjectSummary

IGNORED = {"id", "as_of"}


class Command(BaseCommand):
    help = "Rebuild every summary from the raw marks; with --verify, only compare and report differences."

    def add_arguments(self, parser):
        parser.add_argument("--verify", action="store_true", help="Change nothing; fail if a summary is stale.")

    def handle(self, *args, verify, **options):
        if not verify:
            engine.recompute_all()
            self.stdout.write(_("Summaries rebuilt from the raw marks."))
            return
        differences = stale_summaries()
        if differences:
            message = ngettext(
                "%(count)s summary row differs from the raw marks.",
                "%(count)s summary rows differ from the raw marks.",
                differences,
            )
            raise CommandError(message % {"count": differences})
        self.stdout.write(_("Every summary equals the raw marks."))


def _snapshot() -> set:
    rows = set()
    for model in (SubjectSummary, ClassSummary, SchoolSubjectSummary, SchoolSummary):
        fields = [f.attname for f in model._meta.concrete_fields if f.attname not in IGNORED]
        rows |= {(model.__name__, *row) for row in model.objects.values_list(*fields)}
    return rows


def stale_summaries() -> int:
    """How many summary rows differ from a fresh computation; the database is left as it was."""
    before = _snapshot()
    with transaction.atomic():
        engine.recompute_all()
        after = _snapshot()
        transaction.set_rollback(True)
    return len(before ^ after)
