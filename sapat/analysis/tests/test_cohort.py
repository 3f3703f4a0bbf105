"""A class followed by its students, not by its name, hand-computed; and the per-student engine against the
summary tables.

School A, mathematics, year marks:

    2022-2023  7б   s1 5  s2 4  s3 3  s4 3  s5 2           cohort = s1..s5; quality 2/5 = 40
    2023-2024  8б   s1 5  s2 4  s3 4  s4 3  j1 5           s5 left the school, j1 joined (not counted);
                                                          cohort quality 3/4 = 75, whole class 4/5 = 80
               8а   o1 5                                  another class, none of the cohort
    2024-2025  9б   s1 5  s2 5  s3 3  s4 2  j1 2           cohort quality 2/4 = 50, whole class 2/5 = 40
"""

import datetime
import json
import random

import pytest

from sapat.analysis.cohorts import student_figures
from sapat.analysis.dynamics import cohort_dynamics
from sapat.indicators.selectors import Filter, figures
from sapat.structure.models import Enrolment
from sapat.structure.services import student_leave
from sapat.testing import factories as f
from sapat.testing.marks import add_periods, put_marks

from .helpers import enrol, marks

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort(world):
    y22, y23 = f.AcademicYearFactory(code="2022-2023"), f.AcademicYearFactory(code="2023-2024")
    periods = {year.code: add_periods(year) for year in (y22, y23, world.year)}
    school = world.school_a
    c7 = f.SchoolClassFactory(school=school, year=y22, grade=7, letter="б")
    students = enrol(c7, ["s1", "s2", "s3", "s4", "s5"])
    marks(c7, periods["2022-2023"]["year"], world.math, students, ["5", "4", "3", "3", "2"])
    c8 = f.SchoolClassFactory(school=school, year=y23, grade=8, letter="б")
    stayed = students[:4]
    joined = enrol(c8, ["j1"])[0]
    for student in stayed:
        f.EnrolmentFactory(school_class=c8, student=student)
    marks(c8, periods["2023-2024"]["year"], world.math, [*stayed, joined], ["5", "4", "4", "3", "5"])
    other = f.SchoolClassFactory(school=school, year=y23, grade=8, letter="а")
    marks(other, periods["2023-2024"]["year"], world.math, enrol(other, ["o1"]), ["5"])
    c9 = f.SchoolClassFactory(school=school, year=world.year, grade=9, letter="б")
    for student in [*stayed, joined]:
        f.EnrolmentFactory(school_class=c9, student=student)
    marks(c9, periods["2024-2025"]["year"], world.math, [*stayed, joined], ["5", "5", "3", "2", "2"])
    return {"world": world, "start": c7, "periods": periods, "classes": (c7, c8, c9)}


def _years(result):
    return [(y.year, y.class_name, y.followed, y.gone, y.joined, y.elsewhere, y.value, y.class_value) for y in
            result.years]  # fmt: skip


def test_a_class_is_followed_by_its_students_from_7b_to_9b(cohort):
    result = cohort_dynamics(cohort["start"], "quality_pct")
    assert result.students == 5
    assert _years(result) == [
        ("2022-2023", "7б", 5, 0, 0, 0, 40, 40),
        ("2023-2024", "8б", 4, 1, 1, 0, 75, 80),
        ("2024-2025", "9б", 4, 1, 1, 0, 50, 40),
    ]
    assert [y.n for y in result.years] == [5, 4, 4]
    assert json.loads(json.dumps(result.as_dict()))["years"][1]["joined"] == 1
    assert [y.class_id for y in result.years] == [c.pk for c in cohort["classes"]]


def test_cohort_of_one_subject_and_its_changes(cohort):
    world = cohort["world"]
    result = cohort_dynamics(cohort["start"], "success_pct", subject_id=world.math.pk)
    # success: 4/5 = 80, then s1..s4 all passed (100), then s4 has a 2 (75)
    assert [y.value for y in result.years] == [80, 100, 75]
    assert [y.change and y.change.verdict for y in result.years] == [None, "too_small", "too_small"]


def test_cohort_stops_at_the_last_year_asked(cohort):
    result = cohort_dynamics(cohort["start"], "quality_pct", last_year="2023-2024")
    assert [y.year for y in result.years] == ["2022-2023", "2023-2024"]


def test_the_class_holding_most_of_the_cohort_is_followed_whatever_its_name(world):
    y23 = f.AcademicYearFactory(code="2023-2024")
    add_periods(y23)
    add_periods(world.year)
    c7 = f.SchoolClassFactory(school=world.school_b, year=y23, grade=7, letter="а")
    x1, x2, x3 = enrol(c7, ["x1", "x2", "x3"])
    c8v = f.SchoolClassFactory(school=world.school_b, year=world.year, grade=8, letter="в")
    for student in (x1, x2):
        f.EnrolmentFactory(school_class=c8v, student=student)
    f.EnrolmentFactory(school_class=world.b8a, student=x3)  # B's 8а of the world, with Camila
    result = cohort_dynamics(c7, "quality_pct")
    later = result.years[1]
    assert (later.class_name, later.followed, later.elsewhere, later.gone, later.joined) == ("8в", 2, 1, 0, 0)
    assert later.value is None and later.n == 0  # no marks yet


def test_a_student_who_left_before_the_end_is_not_in_the_cohort(cohort):
    c7 = cohort["start"]
    student_leave(
        enrolment=Enrolment.objects.get(school_class=c7, student__code="s1"), ends_on=datetime.date(2023, 3, 1)
    )
    result = cohort_dynamics(c7, "quality_pct")
    assert result.students == 4
    assert (result.years[1].followed, result.years[1].joined) == (3, 2)  # s1 is back in 8б as a newcomer


def test_per_student_figures_of_a_whole_class_equal_its_summary(world):
    """The Python engine (cohorts.py) against the SQL engine, on random marks with gaps, н/а and exempt."""
    periods = add_periods(world.year)
    subjects = [world.math, f.SubjectFactory(code="lit"), f.SubjectFactory(code="bio")]
    school_class = f.SchoolClassFactory(school=world.school_c, year=world.year, grade=7, letter="г")
    students = enrol(school_class, [f"r{i}" for i in range(12)])
    rng = random.Random(4)
    for period in (periods["q1"], periods["q2"]):
        grid = {(s, subject): rng.choice(["5", "4", "3", "2", "na", "ex", None, "5", "4"])
                for s in students for subject in subjects}  # fmt: skip
        grid[(students[0], subjects[0])] = "5"  # every subject has a mark somewhere
        put_marks(school_class, period, {key: value for key, value in grid.items() if value})
    put_marks(school_class, periods["q2"], {(students[1], s): "ex" for s in subjects})
    student_leave(enrolment=Enrolment.objects.get(student=students[2]), ends_on=datetime.date(2024, 11, 1))
    for period in (periods["q1"], periods["q2"]):  # r2 is on the list at the end of q1, not of q2
        on_list = [s.pk for s in students if s != students[2] or period.code == "q1"]
        for subject_id in (None, *[s.pk for s in subjects]):
            mine = student_figures(school_class, period, on_list, subject_id=subject_id)
            engine = figures(Filter(world.school_c, period, subject_id=subject_id, class_ids=(school_class.pk,)))[None]
            assert {k: v for k, v in mine.items() if k != "as_of"} == {k: v for k, v in engine.items() if k != "as_of"}
