"""core.bulk.insert_rows writes what bulk_create would: defaults, auto_now, JSON, on SQLite and PostgreSQL; every
reference of a batch is checked, and a batch with a missing one leaves nothing behind."""

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from sapat.assessment.models import PeriodMark
from sapat.assessment.services import MarkEntry, period_marks_save
from sapat.core.bulk import insert_rows, write_rows
from sapat.indicators.models import SubjectSummary
from sapat.structure.models import Subject
from sapat.testing.marks import add_periods

pytestmark = pytest.mark.django_db


def test_rows_keep_their_values_and_take_defaults(world):
    q1 = add_periods(world.year)["q1"]
    row = {"student_id": world.aibek.pk, "school_class_id": world.a8a.pk, "subject_id": world.math.pk,
           "period_id": q1.pk, "school_id": world.school_a.pk, "year_id": world.year.pk, "value": "na"}  # fmt: skip
    insert_rows(PeriodMark, [row])
    mark = PeriodMark.objects.get()
    assert (mark.value, mark.derived, mark.student) == ("na", False, world.aibek)
    assert mark.changed_at is not None


def test_json_and_shared_values_are_converted(world):
    kind = ContentType.objects.get_for_model(PeriodMark).pk
    rows = [{"content_type_id": kind, "object_pk": str(n), "object_id": n, "object_repr": f"mark {n}", "action": 0,
             "changes": {"value": [None, "5"]}} for n in (1, 2)]  # fmt: skip
    insert_rows(LogEntry, rows, same={"changes_text": "", "additional_data": {"note": "import #1"}})
    entries = LogEntry.objects.filter(object_repr__startswith="mark ").order_by("object_id")
    assert [entry.changes_dict for entry in entries] == [{"value": [None, "5"]}] * 2
    assert {entry.additional_data["note"] for entry in entries} == {"import #1"}
    assert all(entry.timestamp is not None for entry in entries)


# References: checked once per batch, on both engines; nothing of a refused batch stays.


def _mark_row(world, period, **changes) -> dict:
    row = {"student_id": world.aibek.pk, "school_class_id": world.a8a.pk, "subject_id": world.math.pk,
           "period_id": period.pk, "school_id": world.school_a.pk, "year_id": world.year.pk, "value": "5"}  # fmt: skip
    return row | changes


def test_a_missing_reference_refuses_the_whole_batch(world):
    periods = add_periods(world.year)
    rows = [_mark_row(world, periods["q1"]), _mark_row(world, periods["q2"], subject_id=987654)]
    with pytest.raises(IntegrityError, match=r"assessment_periodmark\.subject_id .* structure_subject .*987654"):
        insert_rows(PeriodMark, rows)
    assert not PeriodMark.objects.exists()
    insert_rows(PeriodMark, rows[:1])  # the transaction goes on: only the refused batch was undone
    assert PeriodMark.objects.get().period == periods["q1"]


def test_streamed_rows_are_checked_and_counted(world):
    periods = add_periods(world.year)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    names = [*_mark_row(world, periods["q1"]), "derived", "changed_at"]
    good = [(*_mark_row(world, periods[code]).values(), False, now) for code in ("q1", "q2")]
    assert write_rows(PeriodMark, names, iter(good)) == 2
    bad = ((*_mark_row(world, periods[code], student_id=987654).values(), False, now) for code in ("q3", "q4"))
    with pytest.raises(IntegrityError, match="student_id"):
        write_rows(PeriodMark, names, bad)
    assert PeriodMark.objects.count() == 2


def test_a_null_reference_is_not_checked(world):
    kind = ContentType.objects.get_for_model(PeriodMark).pk
    row = {"content_type_id": kind, "object_pk": "1", "object_id": 1, "object_repr": "mark", "action": 0,
           "changes": None, "actor_id": None}  # fmt: skip
    insert_rows(LogEntry, [row], same={"changes_text": ""})
    assert LogEntry.objects.get(object_repr="mark").changes is None


def test_a_batch_of_marks_with_a_deleted_subject_saves_nothing(world):
    """The service of marks through its bulk write: a reference gone since the entries were built (as when
    another user deletes it meanwhile) refuses the batch; no mark, no audit entry, no summary row."""
    periods = add_periods(world.year)
    gone = Subject.objects.create(code="gone", name_en="Gone")
    entries = [MarkEntry(world.aibek, world.a8a, subject, periods["q1"], "5") for subject in (world.math, gone)]
    Subject.objects.filter(pk=gone.pk).delete()  # the instance keeps its id, as one read earlier would
    audit = LogEntry.objects.count()
    with pytest.raises(IntegrityError, match="subject_id"), transaction.atomic():
        period_marks_save(entries=entries)
    assert not PeriodMark.objects.exists()
    assert LogEntry.objects.count() == audit
    assert not SubjectSummary.objects.exists()


def test_the_drivers_own_errors_come_as_djangos(world):
    """A constraint the batch check does not cover (here NOT NULL) still refuses the batch, as a Django error
    that the importer turns into a problem instead of a crash."""
    row = _mark_row(world, add_periods(world.year)["q1"], value=None)
    with pytest.raises(IntegrityError):
        insert_rows(PeriodMark, [row])
    assert not PeriodMark.objects.exists()
