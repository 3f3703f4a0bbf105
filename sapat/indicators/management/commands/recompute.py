from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sapat.datasets.models import DataSummary
from sapat.datasets.services import summaries_rebuild
from sapat.indicators import engine
from sapat.indicators.models import ClassSummary, SchoolSubjectSummary, SchoolSummary, SubjectSummary

IGNORED = {"id", "as_of"}


class Command(BaseCommand):
    help = "Rebuild every summary from the raw marks; with --verify, only compare and report differences."

    def add_arguments(self, parser):
        parser.add_argument("--verify", action="store_true", help="Change nothing; fail if a summary is stale.")

    def handle(self, *args, verify, **options):
        if not verify:
            rebuild_all()
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


SUMMARIES = (SubjectSummary, ClassSummary, SchoolSubjectSummary, SchoolSummary, DataSummary)


@transaction.atomic
def rebuild_all() -> None:
    """Every summary rebuilt from what it sums: the marks' (the engine) and the data sets' values."""
    engine.recompute_all()
    summaries_rebuild()


def stale_summaries() -> int:
    """How many summary rows differ from a fresh computation; the database is left as it was.

    The comparison runs in the database (a copy of each table before, EXCEPT both ways after a recompute
    inside a transaction that is rolled back), not in Python: at region size the summaries are 1.6 million
    rows, which as Python tuples would take gigabytes."""
    with transaction.atomic(), connection.cursor() as cursor:
        engine.lock_summaries()  # the copies and the recompute see the same marks, whoever saves meanwhile
        for number, model in enumerate(SUMMARIES):
            copy = f"SELECT {_columns(model)} FROM {_table(model)}"  # noqa: S608 - names from the models
            cursor.execute(f"CREATE TEMPORARY TABLE sapat_before_{number} AS {copy}")
        rebuild_all()
        differences = sum(_differing(cursor, number, model) for number, model in enumerate(SUMMARIES))
        transaction.set_rollback(True)  # the recompute and the copies go
    return differences


def _differing(cursor, number: int, model) -> int:
    """Rows in the copy and not in the table, plus rows in the table and not in the copy."""
    columns, table, before = _columns(model), _table(model), f"sapat_before_{number}"
    total = 0
    for first, second in ((before, table), (table, before)):
        only_first = f"SELECT {columns} FROM {first} EXCEPT SELECT {columns} FROM {second}"  # noqa: S608
        cursor.execute(f"SELECT COUNT(*) FROM ({only_first}) only_first")  # noqa: S608
        total += cursor.fetchone()[0]
    return total


def _columns(model) -> str:
    quote = connection.ops.quote_name
    return ", ".join(quote(f.column) for f in model._meta.concrete_fields if f.attname not in IGNORED)


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)
