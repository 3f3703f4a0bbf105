"""The GET selection: sensible defaults for today, bookmarkable parameters, unknown values ignored."""

import datetime

import pytest

from sapat.dashboards.selection import select
from sapat.testing import factories as f
from sapat.testing.marks import add_periods

pytestmark = pytest.mark.django_db


@pytest.fixture
def calendar():
    years = {code: f.AcademicYearFactory(code=code) for code in ("2023-2024", "2024-2025")}
    for year in years.values():
        add_periods(year)
    return years


def test_default_is_the_running_year_and_its_last_ended_period(calendar):
    selection = select({}, "KG", today=datetime.date(2024, 12, 1))
    assert (selection.year.code, selection.period.code) == ("2024-2025", "q1")


def test_a_finished_year_opens_on_the_year_itself(calendar):
    selection = select({}, "KG", today=datetime.date(2025, 7, 1))
    assert (selection.year.code, selection.period.code) == ("2024-2025", "year")


def test_before_any_period_ends_the_first_one_is_shown(calendar):
    selection = select({}, "KG", today=datetime.date(2024, 9, 10))
    assert (selection.year.code, selection.period.code) == ("2024-2025", "q1")


def test_parameters_choose_year_period_subject_and_indicator(calendar):
    math = f.SubjectFactory(code="math")
    params = {"year": "2023-2024", "period": "h2", "subject": "math", "indicator": "sou_pct"}
    selection = select(params, "KG", today=datetime.date(2024, 12, 1))
    assert (selection.year.code, selection.period.code, selection.subject, selection.indicator) == (
        "2023-2024", "h2", math, "sou_pct",
    )  # fmt: skip
    assert selection.query() == "?year=2023-2024&period=h2&subject=math&indicator=sou_pct"
    assert selection.query(subject=None, grade=8) == "?year=2023-2024&period=h2&indicator=sou_pct&grade=8"


def test_periods_are_in_the_order_of_the_school_year(calendar):
    selection = select({"year": "2024-2025"}, "KG", today=datetime.date(2024, 12, 1))
    assert [p.code for p in selection.periods] == ["q1", "q2", "h1", "q3", "q4", "h2", "year"]
    assert [p.code for p in selection.same_kind()] == ["q1", "q2", "q3", "q4"]


def test_a_country_without_periods_has_no_selection(calendar):
    assert select({}, "KZ") is None
