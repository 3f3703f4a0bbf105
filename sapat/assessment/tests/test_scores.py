"""KZ criteria scores → marks, with hand-computed cases, and `sapat load-scores`.

School KZ1 (Astana) in 2024-2025 has class 5а with Aruzhan, Bauyrzhan and Dana, and class 1а (no marks).
Every percent below is worked out by hand in the comments.
"""

from decimal import Decimal
from io import StringIO

import pytest
from auditlog.models import LogEntry
from django.core.management import CommandError, call_command

from sapat.assessment.models import PeriodMark, Score
from sapat.assessment.scores import ScoreEntry, scores_save
from sapat.assessment.services import BatchRefused
from sapat.indicators.selectors import Filter, unit_figures
from sapat.structure.models import SubjectGrade
from sapat.testing import factories as f
from sapat.testing.marks import add_periods

pytestmark = pytest.mark.django_db


class KZ:
    """The Kazakh school of these tests, built on top of the shared world."""

    def __init__(self, world, year_code="2024-2025", grade=5):
        self.world = world
        region = f.RegionFactory(code="KZ-AST", country="KZ", name_en="Astana")
        district = f.DistrictFactory(code="KZ-AST-1", parent=region, name_en="Almaty district")
        self.school = f.SchoolFactory(code="KZ1", parent=district, name_en="School KZ1")
        self.year = f.AcademicYearFactory(country="KZ", code=year_code)
        self.periods = add_periods(self.year)
        self.klass = f.SchoolClassFactory(school=self.school, year=self.year, grade=grade, letter="а")
        self.math = world.math
        self.students = {
            name: f.EnrolmentFactory(school_class=self.klass, student__code=name, student__last_name=name).student
            for name in ("aruzhan", "bauyrzhan", "dana")
        }

    def entry(self, student, period, kind, score, max_score, row=0, subject=None, klass=None):
        return ScoreEntry(
            self.students[student],
            klass or self.klass,
            subject or self.math,
            self.periods[period],
            kind,
            Decimal(str(score)),
            Decimal(str(max_score)),
            row,
        )

    def mark(self, student, period, subject=None):
        found = PeriodMark.objects.filter(
            student=self.students[student], subject=subject or self.math, period=self.periods[period]
        ).first()
        return found.value if found else None

    def figures(self, period="q1"):
        flt = Filter(unit=self.school, period=self.periods[period], class_ids=(self.klass.pk,), subject_id=self.math.pk)
        return unit_figures(flt)


@pytest.fixture
def kz(world):
    return KZ(world)


def test_current_rule_weighs_fo_sor_soch_25_25_50(kz):
    # ФО 8, 9, 10 → 90 %; СОр 15/20 = 75 %, 18/20 = 90 % → 82.5 %; СОч 21/30 = 70 %
    # 0.25·90 + 0.25·82.5 + 0.50·70 = 22.5 + 20.625 + 35 = 78.125 → 78 % → 4
    entries = [
        kz.entry("aruzhan", "q1", "fo", 8, 10),
        kz.entry("aruzhan", "q1", "fo", 9, 10),
        kz.entry("aruzhan", "q1", "fo", 10, 10),
        kz.entry("aruzhan", "q1", "sor", 15, 20),
        kz.entry("aruzhan", "q1", "sor", 18, 20),
        kz.entry("aruzhan", "q1", "soch", 21, 30),
    ]
    report = scores_save(entries=entries)
    assert (report.created, report.marks.created) == (6, 1)
    assert kz.mark("aruzhan", "q1") == "4"
    mark = PeriodMark.objects.get(student=kz.students["aruzhan"])
    assert mark.derived is True
    assert (mark.school_id, mark.year_id) == (kz.school.pk, kz.year.pk)


def test_without_soch_fo_and_sor_weigh_50_50(kz):
    # ФО 9, 9 → 90 %; СОр 16/20 → 80 %; no СОч: (90 + 80) / 2 = 85 % → 5 (0.25·90 + 0.25·80 alone would give 3)
    entries = [
        kz.entry("aruzhan", "q1", "fo", 9, 10),
        kz.entry("aruzhan", "q1", "fo", 9, 10),
        kz.entry("aruzhan", "q1", "sor", 16, 20),
    ]
    scores_save(entries=entries)
    assert kz.mark("aruzhan", "q1") == "5"


def test_before_2020_the_rule_is_sor_and_soch_half_each_without_fo(world):
    old = KZ(world, year_code="2019-2020")
    # ФО 2 → 20 % (not counted); СОр 17/20 = 85 %; СОч 17/20 = 85 % → 85 % → 5.
    # The current rule would give 0.25·20 + 0.25·85 + 0.5·85 = 68.75 → 4.
    entries = [
        old.entry("aruzhan", "q1", "fo", 2, 10),
        old.entry("aruzhan", "q1", "sor", 17, 20),
        old.entry("aruzhan", "q1", "soch", 17, 20),
    ]
    scores_save(entries=entries)
    assert old.mark("aruzhan", "q1") == "5"


@pytest.mark.parametrize(
    ("score", "max_score", "mark"),
    [
        ("17", "20", "5"),  # 85 %
        ("21.1", "25", "4"),  # 84.4 %
        ("16.9", "20", "5"),  # 84.5 % rounds half-up to 85
        ("12.98", "20", "4"),  # 64.9 % rounds to 65
        ("12.88", "20", "3"),  # 64.4 %
        ("8", "20", "3"),  # 40 %
        ("7.9", "20", "3"),  # 39.5 % rounds to 40
        ("7.88", "20", "2"),  # 39.4 %
    ],
)
def test_percent_on_and_around_a_threshold(kz, score, max_score, mark):
    # Only a СОч: the quarter percent is the СОч percent.
    scores_save(entries=[kz.entry("aruzhan", "q1", "soch", score, max_score)])
    assert kz.mark("aruzhan", "q1") == mark


def test_year_mark_is_the_rounded_mean_once_every_quarter_has_a_mark(kz):
    # СОч only: 14/20 = 70 % → 4, 15/20 = 75 % → 4, 18/20 = 90 % → 5, 20/20 → 5; (4+4+5+5)/4 = 4.5 → 5
    for period, score in (("q1", 14), ("q2", 15), ("q3", 18)):
        scores_save(entries=[kz.entry("aruzhan", period, "soch", score, 20)])
    assert kz.mark("aruzhan", "year") is None
    scores_save(entries=[kz.entry("aruzhan", "q4", "soch", 20, 20)])
    assert [kz.mark("aruzhan", q) for q in ("q1", "q2", "q3", "q4", "year")] == ["4", "4", "5", "5", "5"]
    assert PeriodMark.objects.get(period=kz.periods["year"]).derived is True


def test_one_hour_subject_is_scored_by_half_year_and_its_year_mark_follows(kz):
    art = f.SubjectFactory(code="art", name_en="Art")
    SubjectGrade.objects.create(subject=art, country="KZ", grade=5, hours_per_week=1)
    # h1: СОр 13/20 = 65 % → 4; h2: СОр 14/20 = 70 % → 4... then h2 raised to 19/20 = 95 % → 5: (4 + 5) / 2 = 4.5 → 5
    scores_save(entries=[kz.entry("dana", "h1", "sor", 13, 20, subject=art)])
    scores_save(entries=[kz.entry("dana", "h2", "sor", 14, 20, subject=art)])
    assert kz.mark("dana", "year", subject=art) == "4"
    scores_save(entries=[kz.entry("dana", "h2", "sor", 19, 20, subject=art)])
    assert kz.mark("dana", "year", subject=art) == "5"
    with pytest.raises(BatchRefused) as refused:
        scores_save(entries=[kz.entry("dana", "q1", "sor", 19, 20, row=7, subject=art)])
    assert refused.value.errors == [(7, "Art is taught one hour a week in grade 5: give its scores by half-year.")]


def test_subject_of_several_hours_is_not_scored_by_half_year(kz):
    SubjectGrade.objects.create(subject=kz.math, country="KZ", grade=5, hours_per_week=5)
    with pytest.raises(BatchRefused) as refused:
        scores_save(entries=[kz.entry("dana", "h1", "sor", 19, 20, row=3)])
    assert refused.value.errors[0][0] == 3
    assert "give its scores by quarter" in refused.value.errors[0][1]


def test_grade_1_gets_no_marks(world):
    first = KZ(world, grade=1)
    with pytest.raises(BatchRefused) as refused:
        scores_save(entries=[first.entry("aruzhan", "q1", "soch", 15, 20, row=2)])
    assert refused.value.errors == [(2, "Grade 1 gets no marks under the grading scheme in force.")]
    assert not Score.objects.exists() and not PeriodMark.objects.exists()


def test_a_kg_class_is_not_scored_by_criteria(world):
    add_periods(world.year)
    q1 = world.year.periods.get(code="q1")
    entry = ScoreEntry(world.aibek, world.a8a, world.math, q1, "soch", Decimal(15), Decimal(20), row=4)
    with pytest.raises(BatchRefused) as refused:
        scores_save(entries=[entry])
    assert refused.value.errors == [
        (4, "Class 8а is not assessed by criteria (ФО, СОр, СОч) under the grading scheme in force: "
            "enter its marks instead."),
    ]  # fmt: skip


def test_every_bad_entry_is_listed_and_nothing_is_saved(kz):
    kz.periods["q2"].locked = True
    kz.periods["q2"].save()
    outsider = f.StudentFactory(school=kz.school, code="outsider")
    kz.students["outsider"] = outsider
    entries = [
        kz.entry("aruzhan", "q1", "soch", 15, 20, row=2),  # good
        kz.entry("aruzhan", "q1", "sor", 21, 20, row=3),
        kz.entry("aruzhan", "q1", "sor", 0, 0, row=4),
        kz.entry("aruzhan", "q1", "fo", 5, 5, row=5),
        kz.entry("aruzhan", "q1", "fo", 0, 10, row=6),
        kz.entry("aruzhan", "q1", "fo", "7.5", 10, row=7),
        kz.entry("aruzhan", "q1", "exam", 5, 10, row=8),
        kz.entry("aruzhan", "year", "sor", 5, 10, row=9),
        kz.entry("aruzhan", "q2", "sor", 5, 10, row=10),
        kz.entry("outsider", "q1", "sor", 5, 10, row=11),
        kz.entry("aruzhan", "q1", "soch", 16, 20, row=12),
        kz.entry("aruzhan", "q1", "sor", "-1", 10, row=13),
        kz.entry("aruzhan", "q1", "sor", "1.005", 10, row=14),
    ]
    with pytest.raises(BatchRefused) as refused:
        scores_save(entries=entries)
    messages = dict(refused.value.errors)
    assert sorted(messages) == list(range(3, 15))
    assert messages[3] == "The score 21 is above the maximum 20."
    assert messages[4] == "The maximum score must be above 0."
    fo_scale = "ФО is given on a 1–10 scale: the maximum is 10 and the score a whole number from 1 to 10."
    assert messages[5] == messages[6] == messages[7] == fo_scale
    assert messages[8] == "“exam” is not a kind of score: use fo (ФО), sor (СОр) or soch (СОч)."
    assert "not for the period year" in messages[9]
    assert "is closed" in messages[10]
    assert "is not on the list of class 5а" in messages[11]
    assert "row 2" in messages[12]
    assert messages[13] == "A score cannot be below 0."
    assert "at most two decimals" in messages[14]
    assert not Score.objects.exists() and not PeriodMark.objects.exists()


def test_the_set_of_scores_of_a_kind_is_replaced_and_renumbered(kz):
    sors = [kz.entry("bauyrzhan", "q1", "sor", score, 20) for score in (10, 12, 14)]
    scores_save(entries=sors)
    report = scores_save(
        entries=[kz.entry("bauyrzhan", "q1", "sor", 10, 20), kz.entry("bauyrzhan", "q1", "sor", 16, 20)]
    )
    assert (report.created, report.changed, report.removed, report.unchanged) == (0, 1, 1, 1)
    assert list(Score.objects.order_by("number").values_list("number", "score")) == [(1, 10), (2, 16)]
    # (10 + 16) / 40 = 65 % → 4; the ФО and СОч of the quarter are untouched when only СОр is given
    assert kz.mark("bauyrzhan", "q1") == "4"


def test_scores_of_other_kinds_already_saved_take_part_in_the_mark(kz):
    scores_save(entries=[kz.entry("dana", "q1", "soch", 10, 20)])  # 50 % → 3
    assert kz.mark("dana", "q1") == "3"
    scores_save(entries=[kz.entry("dana", "q1", "fo", 10, 10), kz.entry("dana", "q1", "sor", 20, 20)])
    # 0.25·100 + 0.25·100 + 0.5·50 = 75 % → 4
    assert kz.mark("dana", "q1") == "4"
    assert Score.objects.count() == 3


def test_a_changed_score_rederives_the_mark_and_the_class_summary(kz):
    # Aruzhan 18/20 = 90 % → 5; Bauyrzhan 10/20 = 50 % → 3; Dana has no score yet (missing)
    scores_save(entries=[kz.entry("aruzhan", "q1", "soch", 18, 20), kz.entry("bauyrzhan", "q1", "soch", 10, 20)])
    before = kz.figures()
    assert (before["students"], before["n5"], before["n3"], before["missing"]) == (2, 1, 1, 1)
    assert before["quality_pct"] == 50.0
    scores_save(entries=[kz.entry("bauyrzhan", "q1", "soch", 14, 20)])  # 70 % → 4
    after = kz.figures()
    assert kz.mark("bauyrzhan", "q1") == "4"
    assert (after["n5"], after["n4"], after["n3"]) == (1, 1, 0)
    assert after["quality_pct"] == 100.0
    score = Score.objects.get(student=kz.students["bauyrzhan"])
    assert LogEntry.objects.get_for_object(score).count() == 2  # created, then changed


# The command


HEADER = "school,year,class,student,student_name,subject,period,kind,score,max"
ROWS = [
    "KZ1,2024-2025,5а,aruzhan,Aruzhan,math,q1,fo,8,10",
    "KZ1,2024-2025,5а,aruzhan,Aruzhan,math,q1,ФО,9,10",
    "KZ1,2024-2025,5а,aruzhan,Aruzhan,math,q1,sor,15,20",
    'KZ1,2024-2025,5а,aruzhan,Aruzhan,math,q1,СОр,"18,0",20',
    "KZ1,2024-2025,5а,aruzhan,Aruzhan,math,q1,soch,21,30",
    "KZ1,2024-2025,5а,bauyrzhan,Bauyrzhan,math,q1,ТЖБ,10,20",
]


def write_csv(tmp_path, rows, name="scores.csv"):
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return str(path)


def run(path):
    out = StringIO()
    call_command("load_scores", path, stdout=out)
    return out.getvalue()


def test_load_scores_twice_changes_nothing(kz, tmp_path):
    path = write_csv(tmp_path, ROWS)
    first = run(path)
    assert "Scores: 6 created, 0 changed, 0 removed, 0 unchanged." in first
    assert "Derived marks: 2 created, 0 changed, 0 unchanged." in first
    # ФО 85 %, СОр 82.5 %, СОч 70 % → 21.25 + 20.625 + 35 = 76.875 → 77 % → 4; Bauyrzhan 50 % → 3
    assert (kz.mark("aruzhan", "q1"), kz.mark("bauyrzhan", "q1")) == ("4", "3")
    state = (list(Score.objects.values_list("id", "score", "max_score", "number")), PeriodMark.objects.count())
    audit = LogEntry.objects.count()
    second = run(path)
    assert "Scores: 0 created, 0 changed, 0 removed, 6 unchanged." in second
    assert "Derived marks: 0 created, 0 changed, 2 unchanged." in second
    assert (list(Score.objects.values_list("id", "score", "max_score", "number")), PeriodMark.objects.count()) == state
    assert LogEntry.objects.count() == audit


def test_a_bad_row_at_the_end_leaves_nothing_saved(kz, tmp_path):
    path = write_csv(
        tmp_path, [*ROWS, "KZ1,2024-2025,5а,dana,Dana,math,q1,soch,31,30", "KZ1,2024-2025,5а,x,X,math,q1,fo,1,10"]
    )
    with pytest.raises(CommandError) as refused:
        run(path)
    text = str(refused.value)
    assert text.splitlines() == [
        "The file was refused, nothing was saved. Errors: 2",
        "Line 8: The score 31 is above the maximum 30.",
        "Line 9: No student with the code x at this school.",
    ]
    assert not Score.objects.exists() and not PeriodMark.objects.exists()


def test_load_scores_refuses_a_word_for_a_number(kz, tmp_path):
    path = write_csv(tmp_path, ["KZ1,2024-2025,5а,dana,Dana,math,q1,soch,ten,30"])
    with pytest.raises(CommandError, match=r"Line 2: Column score: “ten” is not a number \(up to 4 decimals\)\."):
        run(path)
