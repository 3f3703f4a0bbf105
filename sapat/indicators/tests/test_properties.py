"""Property tests: for random marks, every rolled-up figure equals a direct count from the students' marks,
quality never exceeds success, and refreshing after each change equals a full recompute."""

import datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from sapat.indicators import engine
from sapat.indicators.management.commands.recompute import stale_summaries
from sapat.indicators.selectors import Filter, figures, unit_figures
from sapat.testing import factories as f
from sapat.testing.marks import add_periods, put_marks
from sapat.testing.world import build_world

VALUES = st.sampled_from(["5", "4", "3", "2", "na", "ex", None])
STUDENT = st.tuples(VALUES, VALUES, st.booleans())  # math, rus, left before the end of the quarter
CLASSES = st.lists(st.lists(STUDENT, min_size=0, max_size=6), min_size=1, max_size=3)


def reference(classes_marks) -> dict:
    """Counts straight from the glossary, without the engine: per subject and across subjects."""
    per_subject = {"math": dict.fromkeys(("students", "n5", "n4", "missing"), 0)}
    per_subject["rus"] = dict(per_subject["math"])
    across = dict.fromkeys(("students", "excellent", "good", "failing", "missing"), 0)
    for students in classes_marks:
        expected = [i for i in (0, 1) if any(s[i] is not None for s in students)]
        for marks in (s for s in students if not s[2]):
            _count_subjects(per_subject, marks, expected)
            _count_student(across, [marks[i] for i in expected])
    return {"subjects": per_subject, "across": across}


def _count_subjects(per_subject, marks, expected):
    for i in expected:
        row = per_subject[("math", "rus")[i]]
        value = marks[i]
        row["missing"] += value is None
        row["students"] += value in ("5", "4", "3", "2", "na")
        row["n5"] += value == "5"
        row["n4"] += value == "4"


def _count_student(across, marks):
    if any(m is None for m in marks):
        across["missing"] += 1
        return
    assessed = [m for m in marks if m != "ex"]
    if not assessed:
        return
    across["students"] += 1
    across["excellent"] += all(m == "5" for m in assessed)
    across["good"] += all(m in ("4", "5") for m in assessed) and "4" in assessed
    across["failing"] += any(m in ("2", "na") for m in assessed)


class RollUpProperties(TestCase):
    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(CLASSES)
    def test_region_figures_equal_direct_counts(self, classes_marks):
        world, q1, rus = load_classes(classes_marks)
        expected = reference(classes_marks)
        region = Filter(unit=world.region, period=q1)
        whole = unit_figures(region)
        for key, value in expected["across"].items():
            self.assertEqual(whole[key], value, key)
        for subject, code in ((world.math, "math"), (rus, "rus")):
            row = unit_figures(Filter(unit=world.region, period=q1, subject_id=subject.pk))
            for key, value in expected["subjects"][code].items():
                self.assertEqual(row[key], value, f"{code} {key}")
        self._check_bounds(figures(region, by="class").values())
        self.assertEqual(stale_summaries(), 0)

    def _check_bounds(self, rows):
        for row in rows:
            if row["students"]:
                self.assertTrue(0 <= row["quality_pct"] <= row["success_pct"] <= 100, row)


def load_classes(classes_marks):
    """The test world with one class per generated list in schools A, B and C, marked in the first quarter."""
    world = build_world()
    q1 = add_periods(world.year)["q1"]
    rus = f.SubjectFactory(code="rus")
    schools = (world.school_a, world.school_b, world.school_c)
    for index, students in enumerate(classes_marks):
        klass = f.SchoolClassFactory(school=schools[index], year=world.year, grade=5, letter="х")
        put_marks(klass, q1, _marks(klass, students, world.math, rus))
        _leave(klass, students)
    return world, q1, rus


def _marks(klass, students, math, rus):
    marks = {}
    for position, (math_mark, rus_mark, _left) in enumerate(students):
        student = f.EnrolmentFactory(school_class=klass, student__code=f"p{klass.pk}-{position}").student
        marks.update({(student, math): math_mark, (student, rus): rus_mark})
    return {key: value for key, value in marks.items() if value is not None}


def _leave(klass, students):
    enrolments = list(klass.enrolments.order_by("student__code"))
    by_code = {e.student.code: e for e in enrolments}
    for position, (_m, _r, left) in enumerate(students):
        if left:
            enrolment = by_code[f"p{klass.pk}-{position}"]
            enrolment.ends_on = datetime.date(2024, 10, 1)
            enrolment.save()
    engine.refresh_classes([klass.pk])


EDIT = st.tuples(st.integers(0, 1), st.integers(0, 3), st.booleans(), VALUES)  # class, student, rus?, value
EDITS = st.lists(EDIT, min_size=1, max_size=12)


class IncrementalProperties(TestCase):
    @settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(CLASSES, EDITS)
    def test_saving_and_clearing_cells_one_by_one_equals_a_recompute(self, classes_marks, edits):
        """Each cell saved or cleared on its own moves the summaries by its deltas alone: a subject newly
        expected of a class, the last mark of a subject cleared, a student moving between categories."""
        from sapat.assessment.services import period_mark_clear, period_mark_set

        world, q1, rus = load_classes(classes_marks)
        classes = [*world.school_a.classes.filter(letter="х"), world.a8a]
        for class_index, student_index, in_rus, value in edits:
            klass = classes[class_index]
            students = [e.student for e in klass.enrolments.order_by("student__code")]
            if not students:
                continue
            where = {"school_class": klass, "subject": rus if in_rus else world.math, "period": q1}
            where["student"] = students[student_index % len(students)]
            if value is None:
                period_mark_clear(**where)
            else:
                period_mark_set(**where, value=value)
        self.assertEqual(stale_summaries(), 0)
