"""Hand-computed cases for every formula of the glossary, through the real services and summaries.

Class 7а of school A, first quarter, mathematics and Russian:

    student  math  rus   across subjects
    s1       5     5     excellent
    s2       4     5     good
    s3       3     4     with one 3
    s4       2     3     failing
    s5       н/а   осв.  failing (н/а stays in N)
    s6       осв.  осв.  exempt from everything: outside N
    s7       5     —     mark missing: outside N, shown as missing
    s8       5     5     left before the end of the quarter: not counted
"""

import datetime

import pytest

from sapat.assessment.services import period_mark_set
from sapat.indicators.selectors import Filter, figures, unit_figures
from sapat.testing import factories as f
from sapat.testing.marks import add_periods, put_marks

pytestmark = pytest.mark.django_db

TABLE = {
    "s1": ("5", "5"),
    "s2": ("4", "5"),
    "s3": ("3", "4"),
    "s4": ("2", "3"),
    "s5": ("na", "ex"),
    "s6": ("ex", "ex"),
    "s7": ("5", None),
    "s8": ("5", "5"),
}


@pytest.fixture
def case(world):
    periods = add_periods(world.year)
    q1 = periods["q1"]
    klass = f.SchoolClassFactory(school=world.school_a, year=world.year, grade=7, letter="а")
    rus = f.SubjectFactory(code="rus", name_en="Russian")
    students = {}
    for code in TABLE:
        enrolment = f.EnrolmentFactory(school_class=klass, student__code=code, student__last_name=code)
        students[code] = enrolment.student
    students_left = students["s8"].enrolments.get()
    students_left.ends_on = datetime.date(2024, 10, 15)
    students_left.save()
    marks = {}
    for code, (math_mark, rus_mark) in TABLE.items():
        marks[(students[code], world.math)] = math_mark
        if rus_mark:
            marks[(students[code], rus)] = rus_mark
    put_marks(klass, q1, marks)
    return {"world": world, "class": klass, "q1": q1, "rus": rus, "students": students, "periods": periods}


def class_filter(case, **kwargs):
    return Filter(unit=case["world"].school_a, period=case["q1"], class_ids=(case["class"].pk,), **kwargs)


def test_subject_counts_follow_the_glossary(case):
    math = unit_figures(class_filter(case, subject_id=case["world"].math.pk))
    assert {k: math[k] for k in ("students", "n5", "n4", "n3", "n2", "n_na", "exempt", "missing")} == {
        "students": 6, "n5": 2, "n4": 1, "n3": 1, "n2": 1, "n_na": 1, "exempt": 1, "missing": 0,
    }  # fmt: skip


def test_subject_percentages_are_exact(case):
    math = unit_figures(class_filter(case, subject_id=case["world"].math.pk))
    assert math["quality_pct"] == 50.0
    assert math["success_pct"] == pytest.approx(400 / 6)
    assert math["average_mark"] == pytest.approx(3.8)
    assert math["sou_pct"] == pytest.approx(323 / 6)
    assert math["quality_marks_pct"] == 50.0


def test_missing_mark_is_left_out_of_n_and_shown(case):
    rus = unit_figures(class_filter(case, subject_id=case["rus"].pk))
    assert (rus["students"], rus["missing"], rus["exempt"]) == (4, 1, 2)
    assert rus["quality_pct"] == 75.0
    assert rus["success_pct"] == 100.0
    assert rus["average_mark"] == pytest.approx(4.25)
    assert rus["sou_pct"] == pytest.approx(75.0)


def test_across_subjects_categories(case):
    whole = unit_figures(class_filter(case))
    assert {k: whole[k] for k in ("students", "excellent", "good", "one_three", "failing", "missing")} == {
        "students": 5, "excellent": 1, "good": 1, "one_three": 1, "failing": 2, "missing": 1,
    }  # fmt: skip
    assert whole["quality_pct"] == 40.0
    assert whole["success_pct"] == 60.0


def test_a_changed_mark_reaches_every_level_at_once(case):
    s7 = case["students"]["s7"]
    period_mark_set(student=s7, school_class=case["class"], subject=case["rus"], period=case["q1"], value="4")
    whole = unit_figures(class_filter(case))
    assert (whole["students"], whole["good"], whole["missing"]) == (6, 2, 0)
    assert whole["quality_pct"] == 50.0
    region = unit_figures(Filter(unit=case["world"].region, period=case["q1"]))
    assert region["quality_pct"] == 50.0
    assert region["as_of"] is not None


def test_student_who_left_before_the_period_end_is_not_counted(case):
    math = unit_figures(class_filter(case, subject_id=case["world"].math.pk))
    assert math["students"] + math["exempt"] + math["missing"] == 7


def test_district_is_the_sum_of_its_schools_not_an_average(case):
    world = case["world"]
    other = f.EnrolmentFactory(school_class=world.b8a).student
    put_marks(world.b8a, case["q1"], {(world.camila, world.math): "5", (other, world.math): "5"})
    district = unit_figures(Filter(unit=world.alamedin, period=case["q1"], subject_id=world.math.pk))
    # School A: 3 of 6 good marks, school B: 2 of 2. The sum gives 5/8; averaging percentages would give 75.
    assert district["students"] == 8
    assert district["quality_pct"] == pytest.approx(62.5)


def test_breakdowns_by_school_and_gender_add_up(case):
    world = case["world"]
    put_marks(world.b8a, case["q1"], {(world.camila, world.math): "4"})
    flt = Filter(unit=world.alamedin, period=case["q1"], subject_id=world.math.pk)
    by_school = figures(flt, by="school")
    assert {key: row["students"] for key, row in by_school.items()} == {world.school_a.pk: 6, world.school_b.pk: 1}
    by_gender = figures(flt, by="gender")
    assert sum(row["students"] for row in by_gender.values()) == 7


def test_class_with_no_marks_has_empty_figures_not_zero(world):
    periods = add_periods(world.year)
    row = unit_figures(Filter(unit=world.school_c, period=periods["q1"]))
    assert row["students"] == 0
    assert row["quality_pct"] is None and row["success_pct"] is None and row["average_mark"] is None


def test_class_with_one_student(world):
    periods = add_periods(world.year)
    put_marks(world.a8a, periods["q2"], {(world.aibek, world.math): "3"})
    row = unit_figures(Filter(unit=world.school_a, period=periods["q2"]))
    assert (row["students"], row["one_three"], row["quality_pct"], row["success_pct"]) == (1, 1, 0.0, 100.0)


def test_a_teachers_figures_sum_only_their_classes_and_subjects(case):
    from sapat.indicators.selectors import teacher_figures

    world = case["world"]
    put_marks(world.a8a, case["q1"], {(world.aibek, world.math): "4"})
    put_marks(world.a8b, case["q1"], {(world.bolot, world.math): "2"})  # 8б is not Timur's class
    rows = teacher_figures(Filter(unit=world.school_a, period=case["q1"]))
    timur = rows[world.timur_staff.pk]
    assert (timur["students"], timur["n4"], timur["quality_pct"]) == (1, 1, 100.0)
    assert timur["as_of"] is not None


def test_parallel_breakdown_groups_classes_of_a_grade(case):
    world = case["world"]
    put_marks(world.a8a, case["q1"], {(world.aibek, world.math): "5"})
    put_marks(world.a8b, case["q1"], {(world.bolot, world.math): "3"})
    rows = figures(Filter(unit=world.school_a, period=case["q1"], subject_id=world.math.pk), by="parallel")
    assert rows[8]["students"] == 2 and rows[8]["quality_pct"] == 50.0
    assert rows[7]["students"] == 6
