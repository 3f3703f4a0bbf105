"""External tests: `sapat load-external`, validation, and the per-school analysis (sapat.indicators.external).

ОРТ 2025 (KG, max 245, threshold 110 by default) for the world's schools A and B:

    school A: Aibek 110 (exactly on the threshold: passes), Bolot 150;  school B: Camila 100.
    A: 2 took part, average 130, 100 % over the threshold; B: 1, average 100, 0 %;
    total: 3, average 360 / 3 = 120, 2 / 3 over the threshold.

ЕНТ 2025 (KZ school K, threshold 50, the default ЕНТ components with their thresholds 3/3/5/5/5):

    student  math  read  hist  prof1  prof2  total  over 50  every component  both
    k1       3     3     5     20     19     50     yes      yes (on each)    yes
    k2       2     10    20    24     24     80     yes      no (math 2 < 3)  no
    k3       5     5     10    15     14     49     no       yes              no
    k4       10    10    20    40     40     120    yes      yes              yes
    average 299 / 4 = 74.75; over 75 %; every component 75 %; both 50 %.
"""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from auditlog.models import LogEntry
from django.core.management import CommandError, call_command

from sapat.assessment.external import ENT_COMPONENTS, ExternalEntry, external_results_save
from sapat.assessment.models import ExternalResult, ExternalTest
from sapat.assessment.services import BatchRefused
from sapat.indicators.external import external_analysis
from sapat.testing import factories as f

pytestmark = pytest.mark.django_db

HEADER = "school,year,class,student,student_name,test,kind,date,score,max,threshold"
PARTS = ",part:math_literacy,part:reading_literacy,part:history_kz,part:profile1,part:profile2"
ENT = {
    "k1": (3, 3, 5, 20, 19),
    "k2": (2, 10, 20, 24, 24),
    "k3": (5, 5, 10, 15, 14),
    "k4": (10, 10, 20, 40, 40),
}


@pytest.fixture
def kz_school(db):
    school = f.SchoolFactory(code="K", country="KZ", parent__country="KZ", parent__parent__country="KZ")
    year = f.AcademicYearFactory(country="KZ", code="2024-2025")
    school_class = f.SchoolClassFactory(school=school, year=year, grade=11, letter="а")
    for code in ENT:
        f.EnrolmentFactory(school_class=school_class, student__code=code)
    return school


def write_csv(tmp_path, rows, header=HEADER):
    path = tmp_path / "external.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return str(path)


def run(path):
    out = StringIO()
    call_command("load_external", path, stdout=out)
    return out.getvalue()


def ort_rows(world):
    return [
        f"A,2024-2025,8а,{world.aibek.code},,ort-2025,ort,2025-05-20,110,,",
        f"A,2024-2025,8б,{world.bolot.code},,ort-2025,,,150,,",
        f"B,2024-2025,8а,{world.camila.code},,ort-2025,ort,20.05.2025,100,245,110",
    ]


def ent_rows():
    return [
        f"K,2024-2025,11а,{code},,ent-2025,ent,2025-06-20,{sum(parts)},,50," + ",".join(map(str, parts))
        for code, parts in ENT.items()
    ]


def test_ort_average_and_share_at_or_over_the_threshold(world, tmp_path):
    run(write_csv(tmp_path, ort_rows(world)))
    test = ExternalTest.objects.get()
    assert (test.kind, test.max_score, test.threshold, test.held_on) == ("ort", 245, 110, datetime.date(2025, 5, 20))
    result = external_analysis(unit=world.region, test=test)
    school_a, school_b = result["schools"]
    assert (school_a["school"], school_a["participants"], school_a["average_score"]) == ("A", 2, 130.0)
    assert (school_a["over_threshold"], school_a["over_threshold_pct"]) == (2, 100.0)  # 110 counts as passing
    assert (school_b["school"], school_b["participants"], school_b["average_score"]) == ("B", 1, 100.0)
    assert school_b["over_threshold_pct"] == 0.0
    total = result["total"]
    assert (total["participants"], total["average_score"], total["over_threshold"]) == (3, 120.0, 2)
    assert total["over_threshold_pct"] == pytest.approx(200 / 3)
    assert total["every_component_pct"] is None  # ОРТ here defines no components


def test_a_unit_sees_only_its_schools(world, tmp_path):
    run(write_csv(tmp_path, ort_rows(world)))
    result = external_analysis(unit=world.school_b, test=ExternalTest.objects.get())
    assert [row["school"] for row in result["schools"]] == ["B"]
    assert result["total"]["participants"] == 1


def test_ent_components_and_their_thresholds(kz_school, tmp_path):
    run(write_csv(tmp_path, ent_rows(), header=HEADER + PARTS))
    test = ExternalTest.objects.get()
    assert (test.max_score, test.threshold, test.components) == (140, 50, list(ENT_COMPONENTS))
    assert ExternalResult.objects.get(student__code="k2").component_scores == {
        "math_literacy": 2, "reading_literacy": 10, "history_kz": 20, "profile1": 24, "profile2": 24,
    }  # fmt: skip
    total = external_analysis(unit=kz_school, test=test)["total"]
    assert (total["participants"], total["average_score"]) == (4, 74.75)
    assert (total["over_threshold"], total["over_threshold_pct"]) == (3, 75.0)
    assert (total["every_component"], total["every_component_pct"]) == (3, 75.0)
    assert (total["passed"], total["passed_pct"]) == (2, 50.0)


def test_loading_the_same_external_file_twice_changes_nothing(world, tmp_path):
    path = write_csv(tmp_path, ort_rows(world))
    assert "External tests: 1 created. Results: 3 created, 0 changed, 0 unchanged." in run(path)
    stored = list(ExternalResult.objects.order_by("pk").values_list("pk", "score", "component_scores"))
    logged = LogEntry.objects.count()
    assert "External tests: 0 created. Results: 0 created, 0 changed, 3 unchanged." in run(path)
    assert list(ExternalResult.objects.order_by("pk").values_list("pk", "score", "component_scores")) == stored
    assert LogEntry.objects.count() == logged


def test_bad_external_lines_are_named_and_nothing_is_loaded(world, kz_school, tmp_path):
    rows = [
        *ort_rows(world),
        f"A,2024-2025,8а,{world.aibek.code},,ort-2025,ort,2025-05-20,250,,",  # over 245, and a second result
        f"A,2024-2025,8б,{world.bolot.code},,ort-2025,ort,2025-05-21,150,,",  # another date
        "K,2024-2025,11а,k1,,ent-2025,ent,2025-06-20,60,,50,3,3,5,20,19",  # parts add up to 50
        "K,2024-2025,11а,k2,,ent-x,ent,2025-06-20,60,,,,,,,",  # ЕНТ without a threshold
    ]
    with pytest.raises(CommandError) as refused:
        run(write_csv(tmp_path, rows, header=HEADER + PARTS))
    message = str(refused.value)
    assert "Errors: 4" in message
    assert "Line 5: The score 250 is outside 0–245." in message
    assert "Line 6: The test ort-2025 has date 2025-05-20, not 2025-05-21." in message
    assert "Line 7: The components add up to 50, not to the score 60." in message
    assert "Line 8: Give the maximum score and the threshold of the test." in message
    assert not ExternalTest.objects.exists()


def test_a_student_must_have_been_in_the_class(world):
    entry = ExternalEntry(
        student=world.bolot,
        year=world.year,
        test="ort-x",
        kind="ort",
        held_on=datetime.date(2025, 5, 20),
        score=Decimal(120),
        school_class=world.a8a,
        row=3,
    )
    with pytest.raises(BatchRefused) as refused:
        external_results_save(entries=[entry])
    assert refused.value.errors == [(3, "Bolotov Bolot is not on the list of class 8а in 2024-2025.")]


def registry_figure(code: str, unit, by=None):
    from sapat.indicators import registry
    from sapat.indicators.sources import CountQuery
    from sapat.structure.models import Period

    year = Period.objects.get(year__country=unit.country, code="year")
    entry = registry.current().get(code, unit)
    return registry.evaluate([entry], CountQuery(unit, (year,), by=by))


def test_the_registry_computes_the_same_ort_figures_from_the_external_source(world, tmp_path, periods):
    run(write_csv(tmp_path, ort_rows(world)))
    assert registry_figure("ort_average_score", world.region)[None]["ort_average_score"] == 120.0
    assert registry_figure("ort_over_threshold_pct", world.region)[None]["ort_over_threshold_pct"] == pytest.approx(
        200 / 3
    )
    by_school = registry_figure("ort_average_score", world.alamedin, by="school")
    assert (by_school[world.school_a.pk]["ort_average_score"], by_school[world.school_b.pk]["ort_average_score"]) == (
        130.0,
        100.0,
    )
    assert registry_figure("ent_average_score", world.region)[None]["ent_average_score"] is None  # nobody took it


def test_the_registry_computes_the_ent_pass_share_with_its_components(kz_school, tmp_path):
    from sapat.structure.models import AcademicYear
    from sapat.testing.marks import add_periods

    add_periods(AcademicYear.objects.get(country="KZ"))
    run(write_csv(tmp_path, ent_rows(), header=HEADER + PARTS))
    assert registry_figure("ent_passed_pct", kz_school)[None]["ent_passed_pct"] == 50.0
    assert registry_figure("ent_average_score", kz_school)[None]["ent_average_score"] == 74.75


def test_a_subject_test_takes_its_threshold_from_the_configuration(world, tmp_path):
    """`subject` makes an ОРТ subject test: no threshold given, so 60 (thresholds.json, part "subject");
    its results count within mathematics only, never in the ОРТ whole-test figures."""
    from sapat.indicators.sources import CountQuery
    from sapat.indicators.sources.external import ExternalSource
    from sapat.testing.marks import add_periods

    header = HEADER + ",subject"
    rows = [f"A,2024-2025,8а,{world.aibek.code},,ort-2025-math,ort,2025-05-20,61,150,,math",
            f"A,2024-2025,8б,{world.bolot.code},,ort-2025-math,,,59,,,"]  # fmt: skip
    run(write_csv(tmp_path, rows, header=header))
    test = ExternalTest.objects.get()
    assert (test.subject, test.max_score, test.threshold) == (world.math, 150, 60)
    period = add_periods(world.year)["year"]
    source = ExternalSource()
    whole = source.sums(CountQuery(world.school_a, (period,)))[None]
    assert whole["ort.participants"] == 0
    by_subject = source.sums(CountQuery(world.school_a, (period,), by="subject"))
    assert (by_subject[world.math.pk]["ort.participants"], by_subject[world.math.pk]["ort.over_threshold"]) == (2, 1)
    assert by_subject[world.math.pk]["ort.score"] == 120


def test_a_row_naming_another_subject_for_a_stored_test_is_refused(world, tmp_path):
    header = HEADER + ",subject"
    run(write_csv(tmp_path, [f"A,2024-2025,8а,{world.aibek.code},,ort-2025-math,ort,2025-05-20,61,150,,math"],
                  header=header))  # fmt: skip
    f.SubjectFactory(code="chem", name_en="Chemistry")
    with pytest.raises(CommandError) as refused:
        run(write_csv(tmp_path, [f"A,2024-2025,8б,{world.bolot.code},,ort-2025-math,,,70,,,chem"], header=header))
    assert "has subject math, not chem" in str(refused.value)
