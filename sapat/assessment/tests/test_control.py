"""Control-work results: validated as a batch, saved all or nothing, marks derived from score/max; `load-control`.

School A's 8а writes the first half-year control work in mathematics (h1, 20 December 2024, 20 points).
"""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from auditlog.models import LogEntry
from django.core.management import CommandError, call_command
from django.utils import translation

from sapat.assessment.control import CONTROL_WORK_SCALE, ControlEntry, control_results_save, derive_mark
from sapat.assessment.models import ControlResult, ControlTask, ControlWork, GradingScheme, control_work_label
from sapat.assessment.services import BatchRefused
from sapat.testing import factories as f

pytestmark = pytest.mark.django_db

H1 = datetime.date(2024, 12, 20)
HEADER = "school,year,class,student,student_name,subject,work,date,score,max,mark"


@pytest.fixture
def pupils(world):
    """Aibek and three more students of A's 8а, and one who left 8а in November."""
    more = [f.EnrolmentFactory(school_class=world.a8a, student__code=f"a{n}").student for n in range(1, 4)]
    gone = f.EnrolmentFactory(school_class=world.a8a, student__code="gone", ends_on=datetime.date(2024, 11, 30))
    return [world.aibek, *more, gone.student]


def entry(world, student, row=0, **values):
    values.setdefault("max_score", Decimal(20))
    return ControlEntry(
        student=student, school_class=world.a8a, subject=world.math, code="h1", written_on=H1, row=row, **values
    )


def test_the_mark_is_derived_from_the_percent_of_the_maximum(world, pupils):
    scores = ["17", "13", "8", "7.9"]  # 85 %, 65 %, 40 %, 39.5 % (rounded half-up to 40 %)
    entries = [entry(world, s, score=Decimal(v)) for s, v in zip(pupils, scores, strict=False)]
    report = control_results_save(entries=entries)
    assert (report.works_created, report.created) == (1, 4)
    marks = dict(ControlResult.objects.values_list("student_id", "mark"))
    assert [marks[s.pk] for s in pupils[:4]] == ["5", "4", "3", "3"]
    work = ControlWork.objects.get()
    assert (work.kind, work.written_on, work.max_score, work.school_id) == ("h1", H1, 20, world.school_a.pk)


def test_the_usual_control_work_scale_is_85_65_40():
    assert CONTROL_WORK_SCALE == ((85, "5"), (65, "4"), (40, "3"), (0, "2"))
    assert [derive_mark(Decimal(s), Decimal(100)) for s in ("85", "84.4", "65", "64", "40", "39.4", "0")] == [
        "5", "4", "4", "3", "3", "2", "2",
    ]  # fmt: skip


def test_a_criteria_based_school_uses_its_schemes_thresholds(world, pupils):
    GradingScheme.objects.create(
        code="test-criteria", country="KG", kind="criteria", grade_from=7, grade_to=9,
        effective_from=datetime.date(2024, 9, 1), thresholds=[[90, 5], [70, 4], [50, 3], [0, 2]],
    )  # fmt: skip
    control_results_save(entries=[entry(world, pupils[0], score=Decimal(17))])  # 85 %
    assert ControlResult.objects.get().mark == "4"


def test_a_given_mark_is_kept(world, pupils):
    control_results_save(entries=[entry(world, pupils[0], score=Decimal(17), mark="4")])
    assert ControlResult.objects.get().mark == "4"


def test_a_score_over_the_maximum_is_refused_and_nothing_is_saved(world, pupils):
    entries = [entry(world, pupils[0], row=2, score=Decimal(18)), entry(world, pupils[1], row=3, score=Decimal(21))]
    with pytest.raises(BatchRefused) as refused:
        control_results_save(entries=entries)
    assert refused.value.errors == [(3, "The score 21 is over the maximum 20.")]
    assert not ControlWork.objects.exists()
    assert not ControlResult.objects.exists()


def test_every_bad_entry_is_named(world, pupils):
    entries = [
        entry(world, pupils[0], row=2, mark="6"),
        entry(world, pupils[1], row=3, score=None, mark=""),
        entry(world, pupils[4], row=4, mark="5"),  # left in November
        entry(world, world.bolot, row=5, mark="5"),  # in 8б, not 8а
        entry(world, pupils[2], row=6, score=Decimal(5), task_scores={1: Decimal(2)}, task_maxima={1: Decimal(4)}),
    ]
    with pytest.raises(BatchRefused) as refused:
        control_results_save(entries=entries)
    assert [row for row, _message in refused.value.errors] == [2, 3, 4, 5, 6]
    assert "not on the list of class 8а on 2024-12-20" in refused.value.errors[2][1]
    assert refused.value.errors[4][1] == "The task scores add up to 2, not to the score 5."


def test_task_scores_over_the_tasks_maximum_are_refused(world, pupils):
    tasks = {"task_scores": {1: Decimal(5), 2: Decimal(3)}, "task_maxima": {1: Decimal(4), 2: Decimal(16)}}
    with pytest.raises(BatchRefused) as refused:
        control_results_save(entries=[entry(world, pupils[0], row=2, **tasks)])
    assert refused.value.errors == [(2, "Task 1: 5 is over its maximum 4.")]


def test_tasks_are_created_and_the_score_is_their_sum(world, pupils):
    tasks = {"task_scores": {1: Decimal(4), 2: Decimal("9.5")}, "task_maxima": {1: Decimal(4), 2: Decimal(16)}}
    control_results_save(entries=[entry(world, pupils[0], **tasks)])
    result = ControlResult.objects.get()
    assert (result.score, result.task_scores, result.mark) == (Decimal("13.5"), {"1": 4, "2": 9.5}, "4")
    assert list(ControlTask.objects.values_list("number", "max_score")) == [(1, 4), (2, 16)]


def test_a_new_result_replaces_the_students_result_and_is_audited(world, pupils):
    control_results_save(entries=[entry(world, pupils[0], score=Decimal(17))])
    report = control_results_save(entries=[entry(world, pupils[0], score=Decimal(12))], note="correction")
    assert (report.created, report.changed, report.unchanged) == (0, 1, 0)
    result = ControlResult.objects.get()
    assert (result.score, result.mark) == (Decimal(12), "3")
    logged = LogEntry.objects.filter(object_pk=str(result.pk), action=LogEntry.Action.UPDATE).get()
    assert logged.changes == {"score": ["17", "12"], "mark": ["5", "3"]}
    assert logged.additional_data == {"note": "correction"}


def test_a_different_date_for_a_stored_work_is_refused(world, pupils):
    control_results_save(entries=[entry(world, pupils[0], mark="5")])
    moved = ControlEntry(
        student=pupils[1],
        school_class=world.a8a,
        subject=world.math,
        code="h1",
        written_on=datetime.date(2024, 12, 21),
        mark="4",
        row=7,
    )
    with pytest.raises(BatchRefused) as refused:
        control_results_save(entries=[moved])
    message = "The control work h1 of class 8а was written on 2024-12-20, not on 2024-12-21."
    assert refused.value.errors == [(7, message)]


# sapat load-control --------------------------------------------------------------------------------------


def write_csv(tmp_path, rows, header=HEADER):
    path = tmp_path / "control.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return str(path)


def run(path):
    out = StringIO()
    call_command("load_control", path, stdout=out)
    return out.getvalue()


def good_rows(world, pupils):
    return [
        f"A,2024-2025,8а,{world.aibek.code},Asanov Aibek,math,h1,2024-12-20,17,20,",
        f'A,2024-2025,8а,{pupils[1].code},,math,h1,20.12.2024,"12,5",20,',
        f"A,2024-2025,8б,{world.bolot.code},Bolotov Bolot,math,h1,2024-12-19,,,4",
    ]


def test_loading_the_same_control_file_twice_changes_nothing(world, pupils, tmp_path):
    path = write_csv(tmp_path, good_rows(world, pupils))
    assert "Control works: 2 created. Results: 3 created, 0 changed, 0 unchanged." in run(path)
    stored = list(ControlResult.objects.order_by("pk").values_list("pk", "work_id", "student_id", "score", "mark"))
    logged = LogEntry.objects.count()
    assert "Control works: 0 created. Results: 0 created, 0 changed, 3 unchanged." in run(path)
    assert list(ControlResult.objects.order_by("pk").values_list("pk", "work_id", "student_id", "score", "mark")) == (
        stored
    )
    assert LogEntry.objects.count() == logged
    assert [mark for *_ids, mark in stored] == ["5", "3", "4"]  # 85 % and 62.5 % derived; 4 given


def test_every_bad_line_is_named_and_nothing_is_loaded(world, pupils, tmp_path):
    rows = [
        *good_rows(world, pupils),
        f"A,2024-2025,8а,{pupils[2].code},,math,h1,2024-12-20,25,20,",
        f"A,2024-2025,8а,{pupils[3].code},,math,h1,2024-13-20,10,20,",
        "A,2024-2025,8а,nobody,,math,h1,2024-12-20,10,20,",
    ]
    with pytest.raises(CommandError) as refused:
        run(write_csv(tmp_path, rows))
    message = str(refused.value)
    assert "Errors: 3" in message
    assert "Line 5: The score 25 is over the maximum 20." in message
    assert "Line 6: “2024-13-20” is not a date" in message
    assert "Line 7: No student with the code nobody at this school." in message
    assert not ControlWork.objects.exists()


def test_task_columns_carry_the_points_of_each_task(world, pupils, tmp_path):
    rows = [f'A,2024-2025,8а,{world.aibek.code},,math,h1,2024-12-20,,20,,3,"9,5"']
    run(write_csv(tmp_path, rows, header=HEADER + ",task:1:4,task:2:16"))
    result = ControlResult.objects.get()
    assert (result.score, result.task_scores, result.mark) == (Decimal("12.5"), {"1": 3, "2": 9.5}, "3")
    assert list(ControlTask.objects.values_list("number", "max_score")) == [(1, 4), (2, 16)]


@pytest.mark.parametrize(
    ("language", "kind", "expected"),
    [
        ("en", "h1", "First half-year control work (2024-12-20)"),
        ("ru", "h1", "Контрольная работа за первое полугодие (20.12.2024)"),
        ("ky", "final", "Жыйынтыктоочу текшерүү иши (20.12.2024)"),
        ("kk", "other", "Әкімшілік бақылау жұмысы (20.12.2024)"),
    ],
)
def test_a_control_work_is_named_by_its_kind_and_date_not_its_code(language, kind, expected):
    with translation.override(language):
        assert control_work_label(kind, H1) == expected
