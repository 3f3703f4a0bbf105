"""The school rows (SchoolSubjectSummary, SchoolSummary): always the sums of their class rows, refreshed with
them, checked and repaired by `sapat recompute`."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis.extra.django import TestCase

from sapat.indicators import engine
from sapat.indicators.management.commands.recompute import stale_summaries
from sapat.indicators.models import SchoolSubjectSummary, SchoolSummary, SubjectSummary
from sapat.indicators.selectors import Filter, figures
from sapat.structure.models import SchoolClass
from sapat.testing import factories as f
from sapat.testing.marks import add_periods, put_marks

from .test_properties import CLASSES, load_classes

# Breakdowns summed from school rows; the same figure narrowed to every class of the unit sums class rows.
SCHOOL_LEVEL = (None, "school", "district", "school_kind", "settlement", "gender", "subject")


class SchoolRowsEqualClassRows(TestCase):
    @settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(CLASSES)
    def test_every_breakdown_equals_the_sum_of_class_rows(self, classes_marks):
        world, q1, rus = load_classes(classes_marks)
        every_class = tuple(SchoolClass.objects.values_list("pk", flat=True))
        for subject_id in (None, world.math.pk, rus.pk):
            for by in SCHOOL_LEVEL:
                schools = figures(Filter(world.region, q1, subject_id=subject_id), by=by)
                classes = figures(Filter(world.region, q1, subject_id=subject_id, class_ids=every_class), by=by)
                self.assertEqual(schools, classes, f"subject {subject_id}, by {by}")


@pytest.fixture
def marked(world):
    """Marks of two classes of school A and one of school B in the first quarter."""
    q1 = add_periods(world.year)["q1"]
    extra = f.EnrolmentFactory(school_class=world.a8a, student__gender="F").student
    put_marks(world.a8a, q1, {(world.aibek, world.math): "5", (extra, world.math): "3"})
    put_marks(world.a8b, q1, {(world.bolot, world.math): "4"})
    put_marks(world.b8a, q1, {(world.camila, world.math): "2"})
    return q1, extra


def _school_counts(school, period) -> dict:
    rows = SchoolSubjectSummary.objects.filter(school=school, period=period)
    return {(row.gender, row.subject_id): (row.students, row.n5, row.n4, row.n3, row.n2) for row in rows}


@pytest.mark.django_db
def test_a_saved_mark_refreshes_its_school_row_at_once(world, marked):
    q1, extra = marked
    assert sum(row.n3 for row in SchoolSubjectSummary.objects.filter(school=world.school_a, period=q1)) == 1
    put_marks(world.a8a, q1, {(extra, world.math): "5"})
    rows = SchoolSubjectSummary.objects.filter(school=world.school_a, period=q1)
    assert sum(row.n5 for row in rows) == 2
    assert sum(row.n3 for row in rows) == 0
    whole = SchoolSummary.objects.filter(school=world.school_a, period=q1)
    assert sum(row.excellent for row in whole) == 2
    assert figures(Filter(world.region, q1))[None]["excellent"] == 2


@pytest.mark.django_db
def test_a_student_leaving_refreshes_the_school_row(world, marked):
    q1, extra = marked
    enrolment = extra.enrolments.get()
    enrolment.ends_on = datetime.date(2024, 10, 1)  # before the end of the quarter: off the list
    enrolment.save()
    engine.refresh_classes([world.a8a.pk])
    assert sum(row.students for row in SchoolSummary.objects.filter(school=world.school_a, period=q1)) == 2


@pytest.mark.django_db
def test_deleting_a_class_takes_its_counts_out_of_the_school_row(world, marked):
    q1, _extra = marked
    world.a8b.delete()
    assert sum(row.n4 for row in SchoolSubjectSummary.objects.filter(school=world.school_a, period=q1)) == 0
    call_command("recompute", verify=True)


@pytest.mark.django_db
def test_other_schools_rows_are_left_alone(world, marked):
    q1, _extra = marked
    before = _school_counts(world.school_b, q1)
    stamps = set(SchoolSubjectSummary.objects.filter(school=world.school_b).values_list("as_of", flat=True))
    put_marks(world.a8b, q1, {(world.bolot, world.math): "5"})
    assert _school_counts(world.school_b, q1) == before
    assert set(SchoolSubjectSummary.objects.filter(school=world.school_b).values_list("as_of", flat=True)) == stamps


@pytest.mark.django_db
def test_recompute_verify_finds_a_stale_school_row_and_recompute_repairs_it(world, marked):
    q1, _extra = marked
    call_command("recompute", verify=True)
    SchoolSummary.objects.filter(school=world.school_a, period=q1).update(failing=7)
    with pytest.raises(CommandError):
        call_command("recompute", verify=True)
    call_command("recompute")
    call_command("recompute", verify=True)
    assert sum(row.failing for row in SchoolSummary.objects.filter(school=world.school_a, period=q1)) == 0


@pytest.mark.django_db
def test_school_rows_rebuilt_from_class_rows_equal_a_recompute(world, marked):
    """What migration 0002 does for an existing database: fill the school rows from the class rows."""
    snapshot = sorted(SchoolSummary.objects.values_list("school_id", "period_id", "gender", "students", "n5", "n3"))
    SchoolSummary.objects.all().delete()
    SchoolSubjectSummary.objects.all().delete()
    engine.rebuild_school_rows()
    rebuilt = SchoolSummary.objects.values_list("school_id", "period_id", "gender", "students", "n5", "n3")
    assert sorted(rebuilt) == snapshot
    assert SchoolSubjectSummary.objects.count() > 0


@pytest.mark.django_db
def test_verify_counts_each_stale_row_both_ways_and_changes_nothing(world, marked):
    q1, _extra = marked
    tampered = SubjectSummary.objects.filter(school_class=world.a8a, period=q1).update(n5=9)
    assert tampered > 0
    assert stale_summaries() == 2 * tampered  # each stale row: as stored, and as it should be
    assert set(SubjectSummary.objects.filter(school_class=world.a8a).values_list("n5", flat=True)) == {9}
