"""core.bulk.insert_rows writes what bulk_create would: defaults, auto_now, JSON, on SQLite and PostgreSQL."""

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from sapat.assessment.models import PeriodMark
from sapat.core.bulk import insert_rows
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
