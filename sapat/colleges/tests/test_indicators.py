"""Hand-computed indicators of a college's groups, specialities, departments and the college, in semester 1:

    group (course, speciality)     student   anatomy (exam)  pe (pass/fail)  across disciplines
    ВЕТ-24 (1, 36.02.01, VET)      Ainura    5               pass            excellent
                                   Bekzat    4               осв.            good (exempt from pe)
                                   Cholpon   4               fail            failing (a failed credit)
    ВЕТ-23 (2, 36.02.01, VET)      Daniyar   3               —               with one 3
                                   Elmira    5               —               excellent
    БУХ-24 (1, 38.02.01, ECO)      Farida    2               pass            failing
                                   Gulzat    4               pass            good

A passed credit is neither a five-point mark nor a spoiler of "excellent"; a failed one fails like a 2.
"""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from sapat.indicators.selectors import Filter, figures
from sapat.testing.marks import put_marks

pytestmark = pytest.mark.django_db

TABLE = {
    "ainura": ("5", "p"), "bekzat": ("4", "ex"), "cholpon": ("4", "f"),
    "daniyar": ("3", None), "elmira": ("5", None),
    "farida": ("2", "p"), "gulzat": ("4", "p"),
}  # fmt: skip
GROUP_OF = {"ainura": "vet24", "bekzat": "vet24", "cholpon": "vet24", "daniyar": "vet23", "elmira": "vet23"}


@pytest.fixture
def marked(college):
    for group in ("vet24", "vet23", "buh24"):
        klass = getattr(college, f"{group}_class")
        marks = {}
        for name, (anatomy, pe) in TABLE.items():
            if GROUP_OF.get(name, "buh24") != group:
                continue
            student = college.students[name]
            marks[(student, college.anatomy)] = anatomy
            if pe:
                marks[(student, college.pe)] = pe
        put_marks(klass, college.s1, marks)
    return college


def approx(value):
    return pytest.approx(value, abs=1e-9)


def test_a_group_with_a_pass_fail_discipline_and_an_exempt_student(marked):
    row = figures(Filter(marked.unit, marked.s1, class_ids=(marked.vet24_class.pk,)))[None]
    assert (row["students"], row["excellent"], row["good"], row["failing"]) == (3, 1, 1, 1)
    assert row["quality_pct"] == approx(200 / 3)  # Ainura and Bekzat of 3
    assert row["success_pct"] == approx(200 / 3)  # Cholpon failed pe
    assert row["average_mark"] == approx(13 / 3)  # (5 + 4 + 4) / 3: credits are not marks
    assert row["sou_pct"] == approx((100 + 64 + 64) / 3)
    assert (row["n_pass"], row["n_fail"], row["exempt"]) == (1, 1, 1)
    assert row["pass_pct"] == approx(50)


def test_a_pass_fail_discipline_has_success_and_no_quality(marked):
    row = figures(Filter(marked.unit, marked.s1, subject_id=marked.pe.pk, class_ids=(marked.vet24_class.pk,)))[None]
    assert (row["students"], row["exempt"], row["failing"]) == (2, 1, 1)  # Bekzat is exempt: outside N
    assert row["success_pct"] == approx(50)
    assert row["quality_pct"] is None  # no five-point marks to count quality over
    anatomy = figures(Filter(marked.unit, marked.s1, subject_id=marked.anatomy.pk, class_ids=(marked.vet24_class.pk,)))
    assert anatomy[None]["quality_pct"] == approx(100)  # 5, 4, 4


def test_a_speciality_sums_its_groups(marked):
    rows = figures(Filter(marked.unit, marked.s1), by="speciality")
    vet = rows[marked.veterinary.pk]
    # ВЕТ-24 and ВЕТ-23: 5 students; excellent Ainura, Elmira; good Bekzat; one 3 Daniyar; failing Cholpon.
    assert (vet["students"], vet["excellent"], vet["good"], vet["one_three"], vet["failing"]) == (5, 2, 1, 1, 1)
    assert vet["quality_pct"] == approx(60)
    assert vet["success_pct"] == approx(80)
    assert vet["average_mark"] == approx(21 / 5)  # 5 + 4 + 4 + 3 + 5
    assert vet["sou_pct"] == approx(364 / 5)  # 100 + 64 + 64 + 36 + 100
    assert rows[marked.accounting.pk]["quality_pct"] == approx(50)  # Gulzat of Farida and Gulzat


def test_the_college_and_its_region(marked, world):
    college = figures(Filter(marked.unit, marked.s1))[None]
    assert (college["students"], college["excellent"], college["good"], college["failing"]) == (7, 2, 2, 2)
    assert college["quality_pct"] == approx(400 / 7)
    assert college["success_pct"] == approx(500 / 7)
    assert college["average_mark"] == approx(27 / 7)  # 5 + 4 + 4 + 3 + 5 + 2 + 4
    assert college["sou_pct"] == approx(444 / 7)  # 100 + 64 + 64 + 36 + 100 + 16 + 64
    assert college["pass_pct"] == approx(75)  # Ainura, Farida, Gulzat passed; Cholpon failed
    region = figures(Filter(world.region, marked.s1))[None]  # the college belongs to region North
    assert {k: region[k] for k in ("students", "quality_pct", "pass_pct")} == {
        k: college[k] for k in ("students", "quality_pct", "pass_pct")
    }


def test_by_course_and_department(marked):
    courses = figures(Filter(marked.unit, marked.s1), by="course")
    assert (courses[1]["students"], courses[1]["quality_pct"], courses[1]["success_pct"]) == (5, approx(60), approx(60))
    assert (courses[2]["students"], courses[2]["quality_pct"], courses[2]["success_pct"]) == (
        2,
        approx(50),
        approx(100),
    )
    departments = figures(Filter(marked.unit, marked.s1), by="department")
    assert departments[marked.vet.pk]["quality_pct"] == approx(60)
    assert (departments[marked.eco.pk]["success_pct"], departments[marked.eco.pk]["pass_pct"]) == (
        approx(50),
        approx(100),
    )


def test_college_breakdowns_leave_school_classes_out(marked, world, periods):
    put_marks(world.a8a, periods["q1"], {(world.aibek, world.math): "5"})
    assert figures(Filter(world.region, periods["q1"]), by="group") == {}  # school A's 8а is no group
    assert figures(Filter(world.region, periods["q1"]), by="class") != {}


def test_the_indicators_command_by_speciality(marked, english):
    out = StringIO()
    call_command(
        "indicators", "--unit", "NATEC", "--year", "2024-2025", "--period", "s1", "--by", "speciality", stdout=out
    )
    rows = {row["key"]: row for row in json.loads(out.getvalue())}
    assert set(rows) == {"36.02.01", "38.02.01"}
    assert rows["36.02.01"]["key_name"] == "Veterinary medicine"
    assert rows["36.02.01"]["quality_pct"] == approx(60)
    out = StringIO()
    call_command("indicators", "--unit", "NATEC", "--year", "2024-2025", "--period", "s1", "--by", "group", stdout=out)
    assert {row["key"]: row["students"] for row in json.loads(out.getvalue())} == {
        "ВЕТ-24": 3,
        "ВЕТ-23": 2,
        "БУХ-24": 2,
    }


def test_credits_saved_and_cleared_one_by_one_keep_the_summaries_equal_to_a_recompute(marked):
    """The incremental engine moves n_pass and n_fail, and the categories they decide, like every other count."""
    from sapat.assessment.services import period_mark_clear, period_mark_set
    from sapat.indicators.management.commands.recompute import stale_summaries

    cholpon, farida = marked.students["cholpon"], marked.students["farida"]
    vet24, buh24, s1, pe = marked.vet24_class, marked.buh24_class, marked.s1, marked.pe
    period_mark_set(student=cholpon, school_class=vet24, subject=pe, period=s1, value="p")  # failing → good
    period_mark_set(student=farida, school_class=buh24, subject=pe, period=s1, value="f")
    period_mark_clear(student=marked.students["ainura"], school_class=vet24, subject=pe, period=s1)
    assert stale_summaries() == 0
    row = figures(Filter(marked.unit, s1, class_ids=(vet24.pk,)))[None]
    # Ainura's pe is missing now (outside N); Bekzat good; Cholpon good with her pass.
    assert (row["students"], row["missing"], row["good"], row["failing"], row["n_pass"], row["n_fail"]) == (
        2,
        1,
        2,
        0,
        1,
        0,
    )
