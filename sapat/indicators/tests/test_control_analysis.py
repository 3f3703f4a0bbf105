"""The analysis of a control work, hand-computed (GLOSSARY.md, "Administrative control works", "Objectivity").

School A, mathematics, 2024-2025. 8а is taught by Timur; 8б has no teacher assigned.

    8а: s1..s5 and the world's Aibek, who wrote neither work, on the list all year (6 on roll at h1); "gone"
        left on 30 November (not on roll at h1); "late" joined on 10 January (on roll at h2 only).
        h1 has 20 points, task 1 of 8 and task 2 of 12:

        student  h1 score (tasks)   h1 mark  h2 mark  journal h1
        s1       18 (8 + 10) 90 %   5        5        5   confirmed
        s2       14 (6 + 8)  70 %   4        5        5   lowered
        s3       13 (7 + 6)  65 %   4        4        4   confirmed
        s4        9 (4 + 5)  45 %   3        3        4   lowered
        s5        5 (3 + 2)  25 %   2        —        2   confirmed
        late     —                  —        3        —

    8б: t1..t4 and the world's Bolot, who wrote neither work (5 on roll), marks given directly:

        student  h1 mark  h2 mark  journal h1
        t1       5        5        4   raised
        t2       5        4        5   confirmed
        t3       3        4        3   confirmed
        t4       3        2        н/а (not compared)

h1: 8а n5=1 n4=2 n3=1 n2=1 → success 80, quality 60, СОУ (100 + 128 + 36 + 16) / 5 = 56, average 18/5 = 3.6;
    8б n5=2 n3=2 → success 100, quality 50, СОУ (200 + 72) / 4 = 68, average 16/4 = 4;
    total n5=3 n4=2 n3=3 n2=1 (9 wrote of 11) → success 800/9, quality 500/9, СОУ 552/9, average 34/9.
h2: 8а n5=2 n4=1 n3=2 → success 100, quality 60, СОУ 336/5 = 67.2, average 20/5 = 4;
    8б n5=1 n4=2 n2=1 → success 75, quality 75, СОУ 244/4 = 61, average 15/4 = 3.75;
    total n5=3 n4=3 n3=2 n2=1 → success 800/9, quality 600/9, СОУ 580/9, average 35/9.
Tasks of 8а's h1: task 1 (8+6+7+4+3) / (5 × 8) = 70 %; task 2 (10+8+6+5+2) / (5 × 12) = 31/60.
"""

import datetime
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from sapat.assessment.control import ControlEntry, control_results_save
from sapat.indicators.control import control_analysis, objectivity
from sapat.testing import factories as f
from sapat.testing.marks import add_periods, put_marks

pytestmark = pytest.mark.django_db

H1, H2 = datetime.date(2024, 12, 20), datetime.date(2025, 4, 25)
A_H1 = {"s1": (8, 10), "s2": (6, 8), "s3": (7, 6), "s4": (4, 5), "s5": (3, 2)}
A_H2 = {"s1": "5", "s2": "5", "s3": "4", "s4": "3", "late": "3"}
B_H1 = {"t1": "5", "t2": "5", "t3": "3", "t4": "3"}
B_H2 = {"t1": "5", "t2": "4", "t3": "4", "t4": "2"}
JOURNAL_H1 = {"s1": "5", "s2": "5", "s3": "4", "s4": "4", "s5": "2", "t1": "4", "t2": "5", "t3": "3", "t4": "na"}


@pytest.fixture
def case(world):
    periods = add_periods(world.year)
    people = {}
    for code in ("s1", "s2", "s3", "s4", "s5", "gone", "late"):
        people[code] = _enrol(world.a8a, code)
    _leave(people["gone"], datetime.date(2024, 11, 30))
    people["late"].enrolments.update(starts_on=datetime.date(2025, 1, 10))
    for code in ("t1", "t2", "t3", "t4"):
        people[code] = _enrol(world.a8b, code)
    control_results_save(entries=_h1_entries(world, people) + _marks(world, people, world.a8b, "h1", H1, B_H1))
    control_results_save(
        entries=_marks(world, people, world.a8a, "h2", H2, A_H2) + _marks(world, people, world.a8b, "h2", H2, B_H2)
    )
    _journal(world, people, periods["h1"])
    return {"world": world, "periods": periods, "people": people}


def _enrol(school_class, code):
    return f.EnrolmentFactory(school_class=school_class, student__code=code, student__last_name=code).student


def _leave(student, on):
    student.enrolments.update(ends_on=on)


def _h1_entries(world, people):
    return [
        ControlEntry(
            student=people[code],
            school_class=world.a8a,
            subject=world.math,
            code="h1",
            written_on=H1,
            max_score=Decimal(20),
            task_scores={1: Decimal(t1), 2: Decimal(t2)},
            task_maxima={1: Decimal(8), 2: Decimal(12)},
        )
        for code, (t1, t2) in A_H1.items()
    ]


def _marks(world, people, school_class, code, on, marks):
    return [
        ControlEntry(
            student=people[student], school_class=school_class, subject=world.math, code=code, written_on=on, mark=mark
        )
        for student, mark in marks.items()
    ]


def _journal(world, people, period):
    for school_class, prefix in ((world.a8a, "s"), (world.a8b, "t")):
        marks = {(people[code], world.math): value for code, value in JOURNAL_H1.items() if code[0] == prefix}
        put_marks(school_class, period, marks)


def analysis(case, **options):
    world = case["world"]
    return control_analysis(unit=world.school_a, year=world.year, subject=world.math, **options)


def pick(row, *keys):
    return {key: row[key] for key in keys}


COUNTS = ("on_roll", "wrote", "n5", "n4", "n3", "n2")
# works, results, teachers, the compared works and their results, journal marks, results against them, tasks
# and task scores
QUERIES = 9


def test_the_analysis_table_per_class_is_exact(case):
    eight_a, eight_b = analysis(case, work="h1")["classes"]
    assert pick(eight_a, "school", "class", "teacher", *COUNTS) == {
        "school": "A",
        "class": "8а",
        "teacher": "Timurov Timur",
        "on_roll": 6,
        "wrote": 5,
        "n5": 1,
        "n4": 2,
        "n3": 1,
        "n2": 1,
    }
    assert pick(eight_a, "success_pct", "quality_pct", "sou_pct") == {
        "success_pct": 80.0,
        "quality_pct": 60.0,
        "sou_pct": 56.0,
    }
    assert eight_a["average_mark"] == pytest.approx(3.6)
    assert pick(eight_b, "class", "teacher", "on_roll", "wrote", "success_pct", "quality_pct", "sou_pct") == {
        "class": "8б",
        "teacher": None,
        "on_roll": 5,
        "wrote": 4,
        "success_pct": 100.0,
        "quality_pct": 50.0,
        "sou_pct": 68.0,
    }
    assert eight_b["average_mark"] == 4.0


def test_the_total_sums_counts_and_never_averages_percentages(case):
    total = analysis(case, work="h1")["total"]
    assert pick(total, "school", "class", *COUNTS) == {
        "school": None,
        "class": None,
        "on_roll": 11,
        "wrote": 9,
        "n5": 3,
        "n4": 2,
        "n3": 3,
        "n2": 1,
    }
    assert total["success_pct"] == pytest.approx(800 / 9)
    assert total["quality_pct"] == pytest.approx(500 / 9)  # not (60 + 50) / 2 = 55
    assert total["sou_pct"] == pytest.approx(552 / 9)
    assert total["average_mark"] == pytest.approx(34 / 9)


def test_the_change_from_h1_to_h2_in_percentage_points(case):
    result = analysis(case, work="h2", compare="h1")
    eight_a, eight_b = result["classes"]
    assert eight_a["on_roll"] == 7  # "late" joined in January; Aibek did not write
    assert eight_a["compare"]["on_roll"] == 6  # on 20 December: "gone" had left, "late" not yet joined
    assert pick(eight_a["compare"], "work", "wrote", "quality_pct", "sou_pct") == {
        "work": "h1",
        "wrote": 5,
        "quality_pct": 60.0,
        "sou_pct": 56.0,
    }
    assert eight_a["change"]["success_pct"] == pytest.approx(20)
    assert eight_a["change"]["quality_pct"] == pytest.approx(0)
    assert eight_a["change"]["sou_pct"] == pytest.approx(11.2)
    assert eight_a["change"]["average_mark"] == pytest.approx(0.4)
    assert eight_b["change"]["success_pct"] == pytest.approx(-25)
    assert eight_b["change"]["quality_pct"] == pytest.approx(25)
    assert eight_b["change"]["sou_pct"] == pytest.approx(-7)
    assert eight_b["change"]["average_mark"] == pytest.approx(-0.25)
    change = result["total"]["change"]
    assert change["success_pct"] == pytest.approx(0)
    assert change["quality_pct"] == pytest.approx(100 / 9)
    assert change["sou_pct"] == pytest.approx(28 / 9)
    assert change["average_mark"] == pytest.approx(1 / 9)


def test_control_marks_against_journal_marks(case):
    result = analysis(case, work="h1", against=case["periods"]["h1"])
    eight_a, eight_b = (row["against"] for row in result["classes"])
    keys = ("period", "compared", "confirmed", "raised", "lowered", "no_journal_mark")
    assert pick(eight_a, *keys) == {
        "period": "h1",
        "compared": 5,
        "confirmed": 3,
        "raised": 0,
        "lowered": 2,
        "no_journal_mark": 0,
    }
    assert pick(eight_b, *keys) == {
        "period": "h1",
        "compared": 3,
        "confirmed": 2,
        "raised": 1,
        "lowered": 0,
        "no_journal_mark": 1,
    }
    total = result["total"]["against"]
    assert pick(total, *keys) == {
        "period": "h1",
        "compared": 8,
        "confirmed": 5,
        "raised": 1,
        "lowered": 2,
        "no_journal_mark": 1,
    }
    assert pick(total, "confirmed_pct", "raised_pct", "lowered_pct") == {
        "confirmed_pct": 62.5,
        "raised_pct": 12.5,
        "lowered_pct": 25.0,
    }


def test_objectivity_words():
    assert [objectivity(c, j) for c, j in (("4", "4"), ("5", "4"), ("3", "4"), ("3", "na"), ("3", None))] == [
        "confirmed",
        "raised",
        "lowered",
        None,
        None,
    ]


def test_task_share_of_the_maximum(case):
    tasks = analysis(case, work="h1")["tasks"]
    assert [(t["number"], t["max"], t["answered"]) for t in tasks] == [(1, 8.0, 5), (2, 12.0, 5)]
    assert tasks[0]["share_pct"] == 70.0
    assert tasks[1]["share_pct"] == pytest.approx(3100 / 60)
    assert tasks[0]["classes"] == [{"school": "A", "class": "8а", "answered": 5, "share_pct": 70.0}]


def test_a_unit_above_the_school_gets_the_same_rows(case):
    world = case["world"]
    result = control_analysis(unit=world.region, year=world.year, subject=world.math, work="h1")
    assert [row["class"] for row in result["classes"]] == ["8а", "8б"]
    assert result["total"]["wrote"] == 9


def test_percentages_are_none_when_nobody_wrote(case):
    result = analysis(case, work="q3")
    assert result["classes"] == []
    assert result["total"]["wrote"] == 0
    assert result["total"]["success_pct"] is None
    assert result["total"]["average_mark"] is None


def test_the_command_prints_the_json_object(case):
    out = StringIO()
    call_command(
        "control_analysis",
        unit="A",
        year="2024-2025",
        subject="math",
        work="h2",
        compare="h1",
        against="h1",
        json=True,
        stdout=out,
    )
    printed = json.loads(out.getvalue())
    assert list(printed) == ["unit", "year", "subject", "work", "compare", "against", "classes", "total", "tasks"]
    assert pick(printed, "unit", "year", "subject", "work", "compare", "against") == {
        "unit": "A",
        "year": "2024-2025",
        "subject": "math",
        "work": "h2",
        "compare": "h1",
        "against": "h1",
    }
    assert [row["class"] for row in printed["classes"]] == ["8а", "8б"]
    assert printed["total"]["quality_pct"] == pytest.approx(600 / 9)  # unrounded
    assert printed["total"]["change"]["quality_pct"] == pytest.approx(100 / 9)
    # h2 marks against the h1 journal: 8а s1-s4 (late has no h1 mark), 8б t1-t3 (t4 has н/а)
    assert printed["total"]["against"]["compared"] == 7
    assert printed["tasks"] == []  # h2 has no tasks


def test_the_analysis_takes_the_same_queries_for_any_number_of_classes(case, django_assert_num_queries):
    with django_assert_num_queries(QUERIES):
        analysis(case, work="h1", compare="h2", against=case["periods"]["h1"])
    world = case["world"]
    more = f.SchoolClassFactory(school=world.school_a, year=world.year, grade=9, letter="в")
    student = _enrol(more, "u1")
    control_results_save(entries=_marks(world, {"u1": student}, more, "h1", H1, {"u1": "4"}))
    with django_assert_num_queries(QUERIES):
        analysis(case, work="h1", compare="h2", against=case["periods"]["h1"])


def test_the_registry_computes_the_same_control_figures_from_the_control_source(case):
    """The h1 works were written in the first half-year: its period takes them, by class and in total."""
    from sapat.indicators import registry
    from sapat.indicators.sources import CountQuery

    world, h1 = case["world"], case["periods"]["h1"]
    entries = [
        registry.current().get(code) for code in ("control_quality_pct", "control_coverage_pct", "control_average_mark")
    ]
    by_class = registry.evaluate(entries, CountQuery(world.school_a, (h1,), subject_id=world.math.pk, by="class"))
    eight_a = by_class[world.a8a.pk]
    assert (eight_a["control_quality_pct"], eight_a["control_coverage_pct"]) == (60.0, 500 / 6)
    assert eight_a["control_average_mark"] == pytest.approx(3.6)
    total = registry.evaluate(entries, CountQuery(world.school_a, (h1,), subject_id=world.math.pk))[None]
    assert total["control_quality_pct"] == pytest.approx(500 / 9)  # (3 + 2) of the 9 who wrote
