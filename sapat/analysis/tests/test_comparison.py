"""Comparisons, hand-computed: a class against its parallel and school, a school against its district and
schools of its kind, a district against the region; objectivity by class, subject and teacher.

Quality in mathematics, 2024-2025 q2 ((5s + 4s) × 100 / N):

    A 8а  5 4 3 2    2/4 = 50        A parallel 8: 4/6 = 66.67     school A: 4/9 = 44.44
    A 8б  5 5        2/2 = 100
    A 9в  3 3 3      0/3 = 0
    B 8а  5 5 5 5 5  5/5 = 100       district Alamedin: (4 + 5 + 2) / (9 + 5 + 2) = 11/16 = 68.75
    L 8а  5 4        2/2 = 100       (L: a lyceum in Alamedin, not a peer of the general schools A and B)
    C 9а  4 2        1/2 = 50        district Sokuluk 1/2 = 50; region: 12/18 = 66.67
"""

import datetime
import json

import pytest

from sapat.analysis.comparison import compare_class, compare_unit, control_halves, objectivity_table
from sapat.assessment.control import ControlEntry, control_results_save
from sapat.indicators.control import control_analysis
from sapat.testing import factories as f
from sapat.testing.marks import add_periods, put_marks

from .helpers import class_with_marks, enrol, marks

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(world):
    periods = add_periods(world.year)
    q2 = periods["q2"]
    marks(world.a8a, q2, world.math, [world.aibek, *enrol(world.a8a, ["a1", "a2", "a3"])], list("5432"))
    marks(world.a8b, q2, world.math, [world.bolot, *enrol(world.a8b, ["b1"])], list("55"))
    class_with_marks(world.school_a, world.year, q2, world.math, list("333"), grade=9, letter="в")
    marks(world.b8a, q2, world.math, [world.camila, *enrol(world.b8a, ["c1", "c2", "c3", "c4"])], list("55555"))
    lyceum = f.SchoolFactory(code="L", parent=world.alamedin, school_kind="lyceum", name_en="Lyceum")
    class_with_marks(lyceum, world.year, q2, world.math, list("54"))
    c9a_student = world.c9a.enrolments.get().student
    marks(world.c9a, q2, world.math, [c9a_student, *enrol(world.c9a, ["d1"])], list("42"))
    return {"world": world, "q2": q2, "lyceum": lyceum}


def _entries(entries):
    return [(e.kind, e.key, e.value, e.n, e.is_self) for e in entries]


def test_a_class_against_its_parallel_and_its_school(case):
    world = case["world"]
    result = compare_class(world.a8a, case["q2"], "quality_pct", subject_id=world.math.pk)
    assert (result.unit.key, result.unit.value, result.unit.n, result.unit.is_self) == ("A:8а", 50, 4, True)
    assert [(e.kind, e.key, e.n) for e in result.parents] == [("parallel", "A:8", 6), ("school", "A", 9)]
    assert result.parents[0].value == pytest.approx(400 / 6)
    assert result.parents[1].value == pytest.approx(400 / 9)
    assert _entries(result.peers) == [("class", "A:8б", 100, 2, False), ("class", "A:8а", 50, 4, True)]
    assert result.peer_kind == "parallel"
    assert json.loads(json.dumps(result.as_dict()))["parents"][0]["name"] == "parallel 8"


def test_a_class_comparison_makes_a_fixed_number_of_queries(case, django_assert_max_num_queries):
    world, period = case["world"], case["q2"]
    period.year  # noqa: B018
    world.a8a.school  # noqa: B018
    with django_assert_max_num_queries(7):
        compare_class(world.a8a, period, "quality_pct")


def test_a_school_against_its_district_region_and_schools_of_its_kind(case):
    world = case["world"]
    result = compare_unit(world.school_a, case["q2"], "quality_pct")
    assert (result.unit.key, result.unit.n) == ("A", 9)
    assert [(e.kind, e.key, e.n) for e in result.parents] == [("district", "ALA", 16), ("region", "NORTH", 18)]
    assert result.parents[0].value == 68.75
    assert result.parents[1].value == pytest.approx(1200 / 18)
    assert [(e.key, e.n, e.is_self) for e in result.peers] == [("B", 5, False), ("A", 9, True)]
    assert result.peer_kind == "school_kind"


def test_peers_of_a_school_may_be_sought_in_the_whole_region(case):
    world = case["world"]
    result = compare_unit(world.school_a, case["q2"], "quality_pct", peers_within=world.region)
    assert [(e.key, e.value) for e in result.peers][:2] == [("B", 100), ("C", 50)]
    assert result.peers[2].key == "A"


def test_a_district_against_its_region_and_the_other_districts(case):
    world = case["world"]
    result = compare_unit(world.alamedin, case["q2"], "quality_pct")
    assert [(e.key, e.value, e.n) for e in result.parents] == [("NORTH", pytest.approx(1200 / 18), 18)]
    assert [(e.key, e.value, e.n, e.is_self) for e in result.peers] == [("ALA", 68.75, 16, True),
                                                                        ("SOK", 50, 2, False)]  # fmt: skip


def test_a_region_has_no_parent(case):
    world = case["world"]
    result = compare_unit(world.region, case["q2"], "quality_pct")
    assert result.parents == () and result.peers == ()
    assert (result.unit.key, result.unit.n) == ("NORTH", 18)


def test_peer_comparison_makes_no_query_per_peer(case, django_assert_max_num_queries):
    world, period = case["world"], case["q2"]
    period.year  # noqa: B018
    with django_assert_max_num_queries(9):
        compare_unit(world.school_a, period, "quality_pct", peers_within=world.region)


# Objectivity -----------------------------------------------------------------------------------------------
#
# Control works "h1" of school A against the journal marks of h1:
#
#     class  subject  student  control  journal  verdict      teacher
#     8а     math     a1       5        5        confirmed    Timur
#     8а     math     a2       4        5        lowered      Timur
#     8а     math     a3       3        3        confirmed    Timur
#     8а     math     a4       4        3        raised       Timur
#     8б     math     b1       5        4        raised       Gulnara
#     8б     math     b2       2        н/а      not compared Gulnara
#     8а     lit      a1       3        4        lowered      Gulnara
#
# by class: A:8а wrote 5, compared 5: confirmed 2, raised 1, lowered 2; A:8б wrote 2, compared 1, raised 1.
# by subject: lit 1 (lowered 1); math wrote 6, compared 5: confirmed 2, raised 2, lowered 1.
# by teacher: Gulnara wrote 3, compared 2: raised 1, lowered 1; Timur wrote 4: confirmed 2, raised 1, lowered 1.
# total: wrote 7, compared 6: confirmed 2, raised 2, lowered 2 (33.3 % each).

H1 = datetime.date(2024, 12, 20)


@pytest.fixture
def control(world):
    periods = add_periods(world.year)
    lit = f.SubjectFactory(code="lit", name_en="Literature")
    gulnara = f.StaffFactory(school=world.school_a, last_name="Asanova", first_name="Gulnara")
    f.TeachingAssignmentFactory(teacher=gulnara, school_class=world.a8b, subject=world.math)
    f.TeachingAssignmentFactory(teacher=gulnara, school_class=world.a8a, subject=lit)
    a = dict(zip(["a1", "a2", "a3", "a4"], enrol(world.a8a, ["a1", "a2", "a3", "a4"]), strict=True))
    b = dict(zip(["b1", "b2"], enrol(world.a8b, ["b1", "b2"]), strict=True))
    rows = [(world.a8a, world.math, a, {"a1": ("5", "5"), "a2": ("4", "5"), "a3": ("3", "3"), "a4": ("4", "3")}),
            (world.a8b, world.math, b, {"b1": ("5", "4"), "b2": ("2", "na")}),
            (world.a8a, lit, a, {"a1": ("3", "4")})]  # fmt: skip
    entries = []
    for school_class, subject, people, results in rows:
        for code, (mark, _journal) in results.items():
            entries.append(ControlEntry(people[code], school_class, subject, "h1", H1, mark=mark))
        put_marks(school_class, periods["h1"], {(people[c], subject): j for c, (_, j) in results.items()})
    control_results_save(entries=entries)
    return {"world": world, "periods": periods, "lit": lit, "gulnara": gulnara}


def _tallies(rows):
    return [(r.key, r.wrote, r.compared, r.confirmed, r.raised, r.lowered) for r in rows]


def test_objectivity_by_class(control):
    world = control["world"]
    rows, total = objectivity_table(world.school_a, world.year, "h1", control["periods"]["h1"], by="class")
    assert _tallies(rows) == [("A:8а", 5, 5, 2, 1, 2), ("A:8б", 2, 1, 0, 1, 0)]
    assert _tallies([total]) == [("A", 7, 6, 2, 2, 2)]
    assert total.pct("lowered") == pytest.approx(100 / 3)
    assert rows[1].as_dict()["no_journal_mark"] == 1


def test_objectivity_by_subject(control):
    world = control["world"]
    rows, _ = objectivity_table(world.school_a, world.year, "h1", control["periods"]["h1"], by="subject")
    assert _tallies(rows) == [("lit", 1, 1, 0, 0, 1), ("math", 6, 5, 2, 2, 1)]


def test_objectivity_by_teacher(control):
    world = control["world"]
    rows, total = objectivity_table(world.school_a, world.year, "h1", control["periods"]["h1"], by="teacher")
    assert [(r.name, r.wrote, r.compared, r.confirmed, r.raised, r.lowered) for r in rows] == [
        ("Asanova Gulnara", 3, 2, 0, 1, 1),
        ("Timurov Timur", 4, 4, 2, 1, 1),
    ]
    assert rows[1].id == world.timur_staff.pk
    assert total.wrote == 7


def test_objectivity_of_one_subject_agrees_with_the_control_analysis(control):
    world, period = control["world"], control["periods"]["h1"]
    rows, total = objectivity_table(world.school_a, world.year, "h1", period, subject=world.math)
    analysis = control_analysis(unit=world.school_a, year=world.year, subject=world.math, work="h1", against=period)
    expected = analysis["total"]["against"]
    assert (total.compared, total.confirmed, total.raised, total.lowered) == (
        expected["compared"], expected["confirmed"], expected["raised"], expected["lowered"],
    )  # fmt: skip
    assert [r.key for r in rows] == ["A:8а", "A:8б"]


def test_objectivity_makes_a_fixed_number_of_queries(control, django_assert_max_num_queries):
    world, period = control["world"], control["periods"]["h1"]
    with django_assert_max_num_queries(4):
        objectivity_table(world.school_a, world.year, "h1", period, by="teacher")


def test_second_half_year_against_the_first(control):
    world = control["world"]
    b1 = world.a8b.enrolments.get(student__code="b1").student
    control_results_save(entries=[ControlEntry(b1, world.a8b, world.math, "h2", datetime.date(2025, 4, 25), mark="3")])
    result = control_halves(world.school_a, world.year, world.math)
    assert [(row["class"], row["n5"], row["n3"]) for row in result["classes"]] == [("8б", 0, 1)]
    # 8б: h2 1 wrote, quality 0; h1 2 wrote, quality 50 → Δ −50 points
    assert result["classes"][0]["change"]["quality_pct"] == -50
