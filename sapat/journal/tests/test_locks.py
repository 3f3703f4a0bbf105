"""Closing a period at one school: every write path refuses its marks and scores; reopening needs a role, a reason."""

from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from sapat.assessment.models import PeriodMark
from sapat.assessment.services import BatchRefused, MarkEntry, period_mark_clear, period_mark_set, period_marks_save
from sapat.journal.models import PeriodLock
from sapat.journal.services import period_close, period_reopen
from sapat.testing import factories as f
from sapat.testing.marks import add_periods, put_marks

pytestmark = pytest.mark.django_db

CLOSED = "The period 2nd quarter is closed; ask the deputy director to reopen it."


def set_mark(world, periods, student, school_class, value="5", code="q2"):
    return period_mark_set(
        student=student, school_class=school_class, subject=world.math, period=periods[code], value=value
    )


def test_deputy_closes_her_schools_quarter_and_marks_are_refused(world, periods):
    period_close(school=world.school_a, period=periods["q2"], actor=world.aigul)
    with pytest.raises(BatchRefused) as refused:
        set_mark(world, periods, world.aibek, world.a8a)
    assert refused.value.errors == [(0, CLOSED)]
    assert not PeriodMark.objects.exists()


def test_a_closed_quarter_at_one_school_leaves_other_schools_and_periods_open(world, periods):
    period_close(school=world.school_a, period=periods["q2"], actor=world.aigul)
    set_mark(world, periods, world.camila, world.b8a)  # school B
    set_mark(world, periods, world.aibek, world.a8a, code="q1")
    assert PeriodMark.objects.count() == 2


def test_one_closed_cell_refuses_the_whole_batch(world, periods):
    period_close(school=world.school_a, period=periods["q2"], actor=world.aigul)
    entries = [
        MarkEntry(world.camila, world.b8a, world.math, periods["q2"], "4", row=1),
        MarkEntry(world.aibek, world.a8a, world.math, periods["q2"], "5", row=2),
    ]
    with pytest.raises(BatchRefused) as refused:
        period_marks_save(entries=entries)
    assert refused.value.errors == [(2, CLOSED)]
    assert not PeriodMark.objects.exists()


def test_clearing_a_mark_of_a_closed_period_is_refused(world, periods):
    set_mark(world, periods, world.aibek, world.a8a)
    period_close(school=world.school_a, period=periods["q2"], actor=world.aigul)
    with pytest.raises(BatchRefused):
        period_mark_clear(student=world.aibek, school_class=world.a8a, subject=world.math, period=periods["q2"])
    assert PeriodMark.objects.get().value == "5"


def test_the_country_wide_closing_still_holds(world, periods):
    periods["q2"].locked = True
    periods["q2"].save()
    with pytest.raises(BatchRefused):
        set_mark(world, periods, world.camila, world.b8a)


def test_reopening_with_a_reason_lets_marks_in_again_and_is_audited(world, periods):
    period_close(school=world.school_a, period=periods["q2"], actor=world.aigul)
    lock = period_reopen(school=world.school_a, period=periods["q2"], actor=world.aigul, reason="Late medical note")
    set_mark(world, periods, world.aibek, world.a8a)
    assert (lock.reopened_by, lock.reason) == (world.aigul, "Late medical note")
    entries = LogEntry.objects.get_for_object(lock).order_by("timestamp")
    assert [entry.action for entry in entries] == [LogEntry.Action.CREATE, LogEntry.Action.UPDATE]
    assert all(entry.actor == world.aigul for entry in entries)
    assert entries[1].changes_dict["reason"] == ["", "Late medical note"]


def test_reopening_needs_a_reason(world, periods):
    period_close(school=world.school_a, period=periods["q2"], actor=world.aigul)
    with pytest.raises(ValidationError) as refused:
        period_reopen(school=world.school_a, period=periods["q2"], actor=world.aigul, reason="  ")
    assert refused.value.message_dict == {"reason": ["Say why the period is reopened."]}
    assert PeriodLock.objects.closed().count() == 1


@pytest.mark.parametrize("person", ["timur", "bakyt", "dana", "rita", "charlie"])
def test_only_the_schools_head_closes_and_reopens(world, periods, person):
    with pytest.raises(ValidationError):
        period_close(school=world.school_a, period=periods["q2"], actor=getattr(world, person))
    period_close(school=world.school_a, period=periods["q2"], actor=world.aigul)
    with pytest.raises(ValidationError):
        period_reopen(school=world.school_a, period=periods["q2"], actor=getattr(world, person), reason="why not")
    assert PeriodLock.objects.closed().count() == 1


def test_the_director_closes_and_reopens_too(world, periods):
    director = f.MembershipFactory(unit=world.school_a, role="director").user
    period_close(school=world.school_a, period=periods["q1"], actor=director)
    period_reopen(school=world.school_a, period=periods["q1"], actor=director, reason="Correction")
    assert PeriodLock.objects.get().reopened_by == director


def test_closing_twice_is_refused_and_the_history_keeps_every_closing(world, periods):
    period_close(school=world.school_a, period=periods["q2"], actor=world.aigul)
    with pytest.raises(ValidationError):
        period_close(school=world.school_a, period=periods["q2"], actor=world.aigul)
    period_reopen(school=world.school_a, period=periods["q2"], actor=world.aigul, reason="Typo in 8а")
    period_close(school=world.school_a, period=periods["q2"], actor=world.aigul)
    assert PeriodLock.objects.filter(school=world.school_a).count() == 2
    assert PeriodLock.objects.closed().count() == 1


def test_kz_scores_respect_a_closed_quarter(world):
    from sapat.assessment.scores import ScoreEntry, scores_save

    region = f.RegionFactory(code="KZR", country="KZ")
    school = f.SchoolFactory(code="KZS", parent=f.DistrictFactory(code="KZD", parent=region))
    year = f.AcademicYearFactory(country="KZ", code="2024-2025")
    periods = add_periods(year)
    klass = f.SchoolClassFactory(school=school, year=year, grade=5)
    student = f.EnrolmentFactory(school_class=klass).student
    head = f.MembershipFactory(unit=school, role="deputy_academic").user
    period_close(school=school, period=periods["q1"], actor=head)
    entry = ScoreEntry(student, klass, world.math, periods["q1"], "soch", Decimal(15), Decimal(20), row=3)
    with pytest.raises(BatchRefused) as refused:
        scores_save(entries=[entry])
    assert refused.value.errors == [(3, "The period 1st quarter is closed; ask the deputy director to reopen it.")]


def test_clearing_a_mark_refreshes_the_summaries_and_is_audited(world, periods):
    from sapat.indicators.models import SubjectSummary

    put_marks(world.a8a, periods["q2"], {(world.aibek, world.math): "4"})
    assert SubjectSummary.objects.get(period=periods["q2"]).n4 == 1
    report = period_mark_clear(
        student=world.aibek, school_class=world.a8a, subject=world.math, period=periods["q2"], actor=world.timur
    )
    assert report.removed == 1
    assert not PeriodMark.objects.exists()
    assert not SubjectSummary.objects.filter(period=periods["q2"]).exists()  # no mark: no subject expected
    deleted = LogEntry.objects.get(action=LogEntry.Action.DELETE)
    assert (deleted.actor, deleted.changes_dict) == (world.timur, {"value": ["4", None]})


# The periods page of a school


def periods_url(world, period=None, action=""):
    base = f"/journal/schools/{world.school_a.code}/periods/"
    return f"{base}{period.pk}/{action}/" if period else base


def test_the_deputy_closes_and_reopens_from_the_periods_page(world, periods, login):
    client = login(world.aigul)
    assert client.post(periods_url(world, periods["q2"], "close")).status_code == 302
    page = client.get(periods_url(world)).text
    assert "closed by Aigul" in page
    refused = client.post(periods_url(world, periods["q2"], "reopen"), {"reason": ""})
    assert refused.status_code == 400
    assert "This field is required." in refused.text
    assert PeriodLock.objects.closed().count() == 1
    reopened = client.post(periods_url(world, periods["q2"], "reopen"), {"reason": "Exam retake"}, follow=True)
    assert "2024-2025 2nd quarter is open again at School A." in reopened.text
    assert "Exam retake" in reopened.text  # in the history
    assert not PeriodLock.objects.closed().exists()


def test_closing_a_closed_period_says_so(world, periods, login):
    client = login(world.aigul)
    client.post(periods_url(world, periods["q2"], "close"))
    page = client.post(periods_url(world, periods["q2"], "close"), follow=True).text
    assert "The period 2nd quarter is already closed." in page
