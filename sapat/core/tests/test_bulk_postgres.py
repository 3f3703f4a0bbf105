"""core.bulk on PostgreSQL: the per-row foreign-key triggers are skipped only when the batch check covers all
they would check and the role may skip them, and the referenced rows are locked as the triggers lock them."""

import os

import psycopg
import pytest
from django.db import IntegrityError, connection, transaction

from sapat.assessment.models import PeriodMark
from sapat.core.bulk import _triggers_redundant, insert_rows
from sapat.testing.marks import add_periods

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's triggers and row locks")
TABLE = PeriodMark._meta.db_table
REFERENCES = ["student_id", "school_class_id", "subject_id", "period_id", "school_id", "year_id"]


def _row(world, period, **changes) -> dict:
    row = {"student_id": world.aibek.pk, "school_class_id": world.a8a.pk, "subject_id": world.math.pk,
           "period_id": period.pk, "school_id": world.school_a.pk, "year_id": world.year.pk, "value": "5"}  # fmt: skip
    return row | changes


@pytest.mark.django_db
def test_the_triggers_are_skipped_only_when_every_reference_is_checked():
    assert _triggers_redundant(connection, TABLE, REFERENCES)
    assert not _triggers_redundant(connection, TABLE, REFERENCES[:-1])


def test_a_trigger_of_the_tables_own_always_runs(world):
    """Anything but a covered foreign-key check keeps the triggers on: here one that rewrites the mark."""
    with connection.cursor() as cursor:
        cursor.execute("CREATE FUNCTION bulk_test_four() RETURNS trigger LANGUAGE plpgsql AS "
                       "$$ BEGIN NEW.value := '4'; RETURN NEW; END $$")  # fmt: skip
        cursor.execute(
            f"CREATE TRIGGER bulk_test BEFORE INSERT ON {TABLE} FOR EACH ROW EXECUTE FUNCTION bulk_test_four()"
        )
    assert not _triggers_redundant(connection, TABLE, REFERENCES)
    insert_rows(PeriodMark, [_row(world, add_periods(world.year)["q1"])])
    assert PeriodMark.objects.get().value == "4"


def test_without_the_privilege_the_triggers_run_and_the_batch_is_still_checked(world):
    """A role that may not set session_replication_role (neither superuser nor granted it) keeps the triggers;
    the batch check refuses a missing reference all the same. The role lives only in this test's transaction."""
    role = f"sapat_bulk_test_{os.getpid()}"
    periods = add_periods(world.year)
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {role} NOLOGIN")
        cursor.execute(f"GRANT ALL ON ALL TABLES IN SCHEMA public TO {role}")
        cursor.execute(f"GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO {role}")
        cursor.execute(f"SET LOCAL ROLE {role}")
    try:
        assert not _triggers_redundant(connection, TABLE, REFERENCES)
        insert_rows(PeriodMark, [_row(world, periods["q1"])])
        with pytest.raises(IntegrityError, match="period_id"):
            insert_rows(PeriodMark, [_row(world, periods["q2"], period_id=987654)])
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")
    assert list(PeriodMark.objects.values_list("period", flat=True)) == [periods["q1"].pk]


# Committed for real (another connection must see it). Not serialized_rollback: that flush leaves no content
# types behind, and the next transactional test's audit entries would refer to none.
@pytest.mark.django_db(transaction=True)
def test_the_referenced_rows_stay_locked_until_the_batch_commits(world):
    """What the skipped triggers guaranteed: no other transaction deletes a referenced row before the batch's
    transaction ends (after it, the foreign key refuses the delete, the marks being there)."""
    period = add_periods(world.year)["q1"]
    settings = connection.settings_dict
    other = psycopg.connect(dbname=settings["NAME"], user=settings["USER"], host=settings["HOST"],
                            port=settings["PORT"], autocommit=True)  # fmt: skip
    try:
        other.execute("SET lock_timeout = '200ms'")
        with transaction.atomic():
            insert_rows(PeriodMark, [_row(world, period)])
            with pytest.raises(psycopg.errors.LockNotAvailable):
                other.execute("DELETE FROM structure_period WHERE id = %s", [period.pk])
        with pytest.raises(psycopg.errors.ForeignKeyViolation):
            other.execute("DELETE FROM structure_period WHERE id = %s", [period.pk])
    finally:
        other.close()
    assert PeriodMark.objects.get().period == period


def test_a_few_rows_take_four_statements_and_a_missing_one_writes_nothing(world):
    """A cell of the journal: every reference checked and locked in one statement, then one INSERT in its own
    savepoint; the savepoint-free check comes first, so a missing reference leaves nothing to undo."""
    from django.test.utils import CaptureQueriesContext

    periods = add_periods(world.year)
    with CaptureQueriesContext(connection) as queries:
        insert_rows(PeriodMark, [_row(world, periods["q1"])])
    statements = [q["sql"].removeprefix("1 times: ").split()[0].upper() for q in queries.captured_queries]
    assert statements == ["WITH", "SAVEPOINT", "INSERT", "RELEASE"], statements
    assert "FOR KEY SHARE" in queries.captured_queries[0]["sql"]
    with CaptureQueriesContext(connection) as queries, pytest.raises(IntegrityError, match="987654"):
        insert_rows(PeriodMark, [_row(world, periods["q2"], student_id=987654)])
    assert len(queries.captured_queries) == 1 and PeriodMark.objects.count() == 1
