"""Periods are listed in calendar order everywhere: by the day they end, the shorter first of those ending
together (q1, q2, h1, q3, q4, h2, year), never "q1, h1, year, q2" as ordering by the first day gives."""

import pytest

from sapat.analysis.dynamics import period_dynamics
from sapat.dashboards.selection import select
from sapat.structure.models import Period
from sapat.testing.marks import add_periods

pytestmark = pytest.mark.django_db

CALENDAR = ["q1", "q2", "h1", "q3", "q4", "h2", "year"]


def test_the_default_order_of_periods_is_the_calendars(world):
    add_periods(world.year)
    assert [p.code for p in Period.objects.filter(year=world.year)] == CALENDAR


def test_sorting_periods_already_read_gives_the_same_order(world):
    periods = sorted(add_periods(world.year).values(), key=lambda p: p.code)  # h1, h2, q1, …: any other order
    assert [p.code for p in sorted(periods, key=lambda p: p.calendar_key)] == CALENDAR


def test_the_dashboards_and_the_dynamics_offer_periods_in_calendar_order(world):
    add_periods(world.year)
    selection = select({"year": "2024-2025"}, world.school_a.country)
    assert [p.code for p in selection.periods] == CALENDAR
    series = period_dynamics(world.school_a, world.year, "quality_pct")
    assert [point.period for point in series.points] == CALENDAR
