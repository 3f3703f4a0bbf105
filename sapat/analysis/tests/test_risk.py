"""Students at risk, hand-computed: failing (2), not assessed (н/а), a drop of a mark or more against the
previous period of the same kind; each with the class teacher.

School A's 8а (class teacher Gulnara), 2024-2025, q1 then q2:

    student  math q1 → q2   lit q1 → q2   at risk in q2
    aibek    5 → 3          5 → 5         drop in math (by two marks)
    r1       3 → 2          4 → 4         failing in math, and a drop
    r2       4 → 4          4 → н/а       not assessed in literature
    r3       5 → 4          —  → 5        drop in math (5 → 4)
    r4       3 → 3          3 → 4         no (a rise is no risk)
    r5       н/а → 5        5 → 5         no (н/а before is not a mark to drop from)

School B's 8а (class teacher Bakyt): Camila has 2 in math in q2 (nothing in q1).
"""

import datetime
import json

import pytest

from sapat.analysis.risk import by_urgency, previous_period, students_at_risk
from sapat.structure.models import SchoolClass
from sapat.testing import factories as f
from sapat.testing.marks import add_periods, put_marks

from .helpers import enrol

pytestmark = pytest.mark.django_db

GRID = {
    "aibek": (("5", "3"), ("5", "5")),
    "r1": (("3", "2"), ("4", "4")),
    "r2": (("4", "4"), ("4", "na")),
    "r3": (("5", "4"), (None, "5")),
    "r4": (("3", "3"), ("3", "4")),
    "r5": (("na", "5"), ("5", "5")),
}


@pytest.fixture
def case(world):
    periods = add_periods(world.year)
    lit = f.SubjectFactory(code="lit", name_en="Literature")
    gulnara = f.StaffFactory(school=world.school_a, last_name="Asanova", first_name="Gulnara")
    SchoolClass.objects.filter(pk=world.a8a.pk).update(class_teacher=gulnara)
    people = {"aibek": world.aibek, **dict(zip(GRID, [None, *enrol(world.a8a, list(GRID)[1:])], strict=True))}
    people["aibek"] = world.aibek
    for index, code in enumerate(("q1", "q2")):
        grid = {}
        for name, (math, literature) in GRID.items():
            grid[(people[name], world.math)] = math[index]
            grid[(people[name], lit)] = literature[index]
        put_marks(world.a8a, periods[code], {key: value for key, value in grid.items() if value})
    put_marks(world.b8a, periods["q2"], {(world.camila, world.math): "2"})
    return {"world": world, "periods": periods, "lit": lit, "gulnara": gulnara}


def _summary(rows):
    return [(r.student_name.split()[0], r.class_name, r.class_teacher_name, r.reasons) for r in rows]


def test_failing_not_assessed_and_drops_in_a_school(case):
    world = case["world"]
    rows = students_at_risk(user=world.aigul, unit=world.school_a, period=case["periods"]["q2"])
    assert _summary(rows) == [
        ("Asanov", "8а", "Asanova Gulnara", ("drop",)),
        ("r1", "8а", "Asanova Gulnara", ("failing", "drop")),
        ("r2", "8а", "Asanova Gulnara", ("not_assessed",)),
        ("r3", "8а", "Asanova Gulnara", ("drop",)),
    ]
    aibek = rows[0]
    assert [(c.subject, c.mark, c.previous, c.reasons) for c in aibek.concerns] == [("math", "3", "5", ("drop",))]
    assert (aibek.previous_year, aibek.previous_period) == ("2024-2025", "q1")
    assert (aibek.class_teacher_id, aibek.school) == (case["gulnara"].pk, "A")
    r2 = rows[2]
    assert [(c.subject, c.mark, c.previous) for c in r2.concerns] == [("lit", "na", "4")]
    assert r2.concerns[0].reason_labels == ["not assessed (n/a)"]
    assert json.loads(json.dumps(r2.as_dict()))["reasons"] == ["not_assessed"]


def test_the_most_urgent_come_first(case):
    """Urgency = (subjects failed or н/а, marks lost in drops, subjects of concern): r1 (1, 1, 1), r2 (1, 0, 1),
    aibek (0, 2, 1), r3 (0, 1, 1)."""
    world = case["world"]
    rows = students_at_risk(user=world.aigul, unit=world.school_a, period=case["periods"]["q2"])
    assert [(r.student_name.split()[0], r.urgency) for r in by_urgency(rows)] == [
        ("r1", (1, 1, 1)),
        ("r2", (1, 0, 1)),
        ("Asanov", (0, 2, 1)),
        ("r3", (0, 1, 1)),
    ]


def test_one_class_and_one_subject(case):
    world = case["world"]
    rows = students_at_risk(user=world.rita, unit=world.b8a, period=case["periods"]["q2"])
    assert _summary(rows) == [("Kadyrova", "8а", "Bakytov Bakyt", ("failing",))]
    rows = students_at_risk(user=world.rita, unit=world.school_a, period=case["periods"]["q2"],
                            subject_id=case["lit"].pk)  # fmt: skip
    assert [r.student_name for r in rows] == ["r2 Aibek"]


def test_first_quarter_has_no_drop_without_a_previous_year(case):
    world = case["world"]
    rows = students_at_risk(user=world.aigul, unit=world.school_a, period=case["periods"]["q1"])
    assert [(r.student_name, r.reasons) for r in rows] == [("r5 Aibek", ("not_assessed",))]
    assert rows[0].previous_period is None


def test_at_risk_makes_a_fixed_number_of_queries(case, django_assert_max_num_queries):
    world, period = case["world"], case["periods"]["q2"]
    students_at_risk(user=world.aigul, unit=world.school_a, period=period)  # the scope is computed once per request
    period = type(period).objects.select_related("year").get(pk=period.pk)
    with django_assert_max_num_queries(8):
        students_at_risk(user=world.aigul, unit=world.school_a, period=period)


def test_previous_period_of_the_same_kind(world):
    periods = add_periods(world.year)
    before = add_periods(f.AcademicYearFactory(code="2023-2024"))
    expected = {"q2": periods["q1"], "q4": periods["q3"], "h2": periods["h1"], "q1": before["q4"],
                "h1": before["h2"], "year": before["year"]}  # fmt: skip
    for code, previous in expected.items():
        assert previous_period(periods[code]) == previous, code


def test_year_against_the_previous_years_year(world):
    periods = add_periods(world.year)
    old = f.AcademicYearFactory(code="2023-2024")
    before = add_periods(old)
    c7 = f.SchoolClassFactory(school=world.school_a, year=old, grade=7, letter="а")
    f.EnrolmentFactory(school_class=c7, student=world.aibek)
    put_marks(c7, before["year"], {(world.aibek, world.math): "5"})
    put_marks(world.a8a, periods["year"], {(world.aibek, world.math): "4"})
    rows = students_at_risk(user=world.aigul, unit=world.school_a, period=periods["year"])
    assert [(r.student_name, r.previous_year, r.concerns[0].previous) for r in rows] == [
        ("Asanov Aibek", "2023-2024", "5"),
    ]
    assert previous_period(periods["year"]).starts_on == datetime.date(2023, 9, 2)
