"""Dynamics over the periods of a year and over years, hand-computed.

School C, class 8в of 2024-2025, students s1..s4, mathematics and literature:

    period  math         literature   across subjects
    q1      5 4 3 2      5 5 5 5      s1 excellent, s2 good, s3 one 3, s4 failing → quality 2/4 = 50, success 3/4 = 75
    q2      5 5 4 3      5 4 3 3      s1 excellent, s2 good, s3 one 3, s4 two 3s → quality 50, success 100
    year    5 4 4 3      5 5 4 3      s1 excellent, s2 good, s3 good, s4 two 3s → quality 75, success 100

Mathematics alone: quality q1 2/4 = 50, q2 3/4 = 75, year 3/4 = 75. Average mark q1 across subjects: marks
5 4 3 2 5 5 5 5 → 34/8 = 4.25. The year before (2023-2024), C's 8а had two students with year marks 5 and 3
in mathematics: quality 1/2 = 50.
"""

import json

import pytest

from sapat.analysis.counts import figures_by_period
from sapat.analysis.dynamics import period_dynamics, year_dynamics
from sapat.indicators.selectors import Filter, figures
from sapat.testing import factories as f
from sapat.testing.marks import add_periods

from .helpers import enrol, marks

pytestmark = pytest.mark.django_db

MARKS = {
    "q1": {"math": "5432", "lit": "5555"},
    "q2": {"math": "5543", "lit": "5433"},
    "year": {"math": "5443", "lit": "5543"},
}


@pytest.fixture
def case(world):
    periods = add_periods(world.year)
    lit = f.SubjectFactory(code="lit", name_en="Literature")
    school_class = f.SchoolClassFactory(school=world.school_c, year=world.year, grade=8, letter="в")
    students = enrol(school_class, ["s1", "s2", "s3", "s4"])
    subjects = {"math": world.math, "lit": lit}
    for code, by_subject in MARKS.items():
        for subject, values in by_subject.items():
            marks(school_class, periods[code], subjects[subject], students, list(values))
    before = f.AcademicYearFactory(code="2023-2024")
    earlier = add_periods(before)
    old_class = f.SchoolClassFactory(school=world.school_c, year=before, grade=8, letter="а")
    marks(old_class, earlier["year"], world.math, enrol(old_class, ["o1", "o2"]), ["5", "3"])
    return {"world": world, "periods": periods, "class": school_class, "lit": lit}


def _values(series):
    return [(p.period, p.value, p.n) for p in series.points]


def test_quality_over_the_quarters_and_the_year(case):
    world = case["world"]
    series = period_dynamics(world.school_c, world.year, "quality_pct", codes=("q1", "q2", "q3", "q4", "year"))
    assert _values(series) == [("q1", 50, 4), ("q2", 50, 4), ("q3", None, 0), ("q4", None, 0), ("year", 75, 4)]
    assert series.points[0].label == "2024-2025 1st quarter"
    assert json.loads(json.dumps(series.as_dict()))["points"][4]["value"] == 75


def test_every_period_of_the_year_in_school_order(case):
    world = case["world"]
    series = period_dynamics(world.school_c, world.year, "success_pct", class_ids=(case["class"].pk,))
    assert [p.period for p in series.points] == ["q1", "q2", "h1", "q3", "q4", "h2", "year"]
    assert [p.value for p in series.points if p.value is not None] == [75, 100, 100]


def test_one_subject_over_the_periods(case):
    world = case["world"]
    series = period_dynamics(world.school_c, world.year, "quality_pct", subject_id=world.math.pk,
                             codes=("q1", "q2", "year"))  # fmt: skip
    assert _values(series) == [("q1", 50, 4), ("q2", 75, 4), ("year", 75, 4)]


def test_average_mark_pools_the_marks_of_all_subjects(case):
    world = case["world"]
    series = period_dynamics(world.school_c, world.year, "average_mark", codes=("q1",))
    assert series.points[0].value == 4.25
    assert series.points[0].figures["assessed"] == 8


def test_each_point_is_judged_against_the_previous_of_its_kind(case):
    world = case["world"]
    series = period_dynamics(world.school_c, world.year, "quality_pct", subject_id=world.math.pk,
                             codes=("q1", "q2", "year"))  # fmt: skip
    q1, q2, year = series.points
    assert q1.change is None
    assert q2.change.verdict == "too_small"  # 4 students: below the minimum of 5
    assert q2.change.delta == 25
    assert year.change is None  # no earlier year in this series


def test_the_same_period_across_years(case):
    world = case["world"]
    series = year_dynamics(world.school_c, "year", "quality_pct", subject_id=world.math.pk)
    assert [(p.year, p.value, p.n) for p in series.points] == [("2023-2024", 50, 2), ("2024-2025", 75, 4)]
    only = year_dynamics(world.school_c, "year", "quality_pct", grade=8, years=("2024-2025",))
    assert [(p.year, p.value) for p in only.points] == [("2024-2025", 75)]


def test_dynamics_make_a_fixed_number_of_queries(case, django_assert_max_num_queries):
    world = case["world"]
    with django_assert_max_num_queries(3):
        period_dynamics(world.school_c, world.year, "quality_pct")
    with django_assert_max_num_queries(3):
        year_dynamics(world.region, "year", "quality_pct")


@pytest.mark.parametrize("subject", [None, "math", "lit"])
@pytest.mark.parametrize("grade", [None, 8])
def test_grouped_sums_equal_the_engine_figures_of_each_period(case, subject, grade):
    world = case["world"]
    subject_id = {"math": world.math.pk, "lit": case["lit"].pk}.get(subject)
    periods = list(case["periods"].values())
    grouped = figures_by_period(world.region, periods, subject_id=subject_id, grade=grade)
    for period in periods:
        one = figures(Filter(world.region, period, subject_id=subject_id, grade=grade))[None]
        if period.pk in grouped:
            assert grouped[period.pk] == one
        else:
            assert one["students"] == 0 and one["assessed"] == 0
