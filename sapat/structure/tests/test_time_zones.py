"""Times are shown in the time zone of the unit's country: Kyrgyzstan UTC+6 (Asia/Bishkek), the whole of
Kazakhstan UTC+5 since 2024-03-01 (Asia/Almaty). A page is served in the zone of the user's units; a report
and the public report in the zone of the unit they are about, whoever asks.

A moment used below: 2025-01-01 20:30 UTC is 2 January 02:30 in Bishkek and 2 January 01:30 in Almaty.
"""

import datetime

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import timezone

from sapat.access.middleware import UnitTimeZoneMiddleware
from sapat.reports.document import format_date
from sapat.reports.models import Publication
from sapat.reports.services import publication_create
from sapat.structure.models import Country, time_zone_of
from sapat.testing import factories as f
from sapat.testing.marks import add_periods, put_marks

MOMENT = datetime.datetime(2025, 1, 1, 20, 30, tzinfo=datetime.UTC)


def offset(country: str, day: datetime.datetime) -> datetime.timedelta:
    return day.astimezone(time_zone_of(country)).utcoffset()


def test_kyrgyzstan_is_utc_plus_6_and_kazakhstan_utc_plus_5_since_march_2024():
    six, five = datetime.timedelta(hours=6), datetime.timedelta(hours=5)
    assert offset(Country.KYRGYZSTAN, MOMENT) == six
    assert offset(Country.KAZAKHSTAN, MOMENT) == five
    assert offset(Country.KAZAKHSTAN, datetime.datetime(2024, 2, 1, tzinfo=datetime.UTC)) == six  # before


def test_a_report_shows_a_moment_in_the_active_zone():
    with timezone.override(time_zone_of(Country.KYRGYZSTAN)):
        assert format_date(MOMENT, "ru") == "02.01.2025 02:30"
    with timezone.override(time_zone_of(Country.KAZAKHSTAN)):
        assert format_date(MOMENT, "ru") == "02.01.2025 01:30"


def _zone_seen(user):
    request = RequestFactory().get("/")
    request.user = user
    response = UnitTimeZoneMiddleware(lambda request: HttpResponse(timezone.get_current_timezone_name()))(request)
    return response.content.decode()


@pytest.mark.django_db
def test_a_page_is_served_in_the_zone_of_the_users_units(world):
    region = f.RegionFactory(code="KZR", country=Country.KAZAKHSTAN, name_en="Kazakh region")
    officer = f.UserFactory(username="kz-officer")
    f.MembershipFactory(user=officer, unit=region, role="regional_officer")
    assert _zone_seen(officer) == "Asia/Almaty"
    assert _zone_seen(world.aigul) == "Asia/Bishkek"
    assert _zone_seen(world.parvina) == "Asia/Bishkek"  # a parent: their child's school
    assert timezone.get_current_timezone_name() == timezone.get_default_timezone_name()  # and no leak after


@pytest.mark.django_db
def test_the_public_report_and_the_list_give_the_same_day_in_the_units_zone(world, client, login):
    period = add_periods(world.year)["q1"]
    put_marks(world.a8a, period, {(world.aibek, world.math): "5"})
    publication = publication_create(unit=world.school_a, period=period, user=world.aigul)
    Publication.objects.filter(pk=publication.pk).update(published_at=MOMENT)
    report = client.get("/reports/public/A/2024-2025/q1/?language=ru").text
    assert "02.01.2025 02:30" in report  # a reader anywhere sees the school's day
    listed = login(world.aigul).get("/reports/publications/").text
    assert "<td>2025-01-02</td>" in listed  # the English short date
