"""External tests by subject over two years, the objectivity of journal marks against them, and who sees them.

The world's district ALA (schools A and B) and SOK (school C), Kyrgyzstan, two academic years. Thresholds: the
ОРТ main test has none in its file and takes 110 from the configuration (thresholds.json, "main"); the
mathematics subject test has none and takes 60 ("subject"); maxima 245 (the ОРТ default) and 150 (given).

2024-2025, school A, class 11а (annual journal mark in mathematics; a result's mark by the control works' scale,
85 % → 5, 65 % → 4, 40 % → 3, else 2):

    student  main  math test       journal  over 60  external vs journal   journal − external
    p1       120   80 (53.3 %: 3)  5        yes      lowered               2
    p2       100   50 (33.3 %: 2)  5        no       lowered               3
    p3       130   70 (46.7 %: 3)  4        yes      lowered               1
    p4       —     40 (26.7 %: 2)  4        no       lowered               2
    p5       —     65 (43.3 %: 3)  3        yes      confirmed             0
    p6       —     30 (20.0 %: 2)  2        no       confirmed             0

    main: 3 took it, 350 / 3 = 116.67, 2 of 3 at or over 110 = 66.67 %;
    math: 6 took it, 335 / 6 = 55.83, 3 of 6 = 50 %; compared 6: confirmed 2, lowered 4 (66.67 %), raised 0;
    journal 4–5: p1–p4 = 4, of them below 60: p2, p4 = 2 (50 %); mean difference 8 / 6 = 1.33 marks;
    50 % ≥ 25 %: "higher".

2024-2025, school B, class 11а: q1 main 110, math 100 (66.7 %: 4, journal 4: confirmed); q2 main 90, no math.
2024-2025, school C: c1 main 200 (another district: never in ALA's figures).

    ALA main: 5 took it, 550 / 5 = 110, 3 of 5 = 60 %; math: 7, 435 / 7 = 62.14, 4 of 7 = 57.14 %;
    objectivity: 7 compared, confirmed 3, lowered 4, 5 with 4–5, 2 below (40 %), mean 8 / 7 = 1.14 marks.

2023-2024, school A, class 11а: r1 main 100, math 60 (exactly on the threshold: over); r2 main 140, math 45.

    A main: 2, 120, 50 %; math: 2, 52.5, 50 %. Changes of A in 2024-2025: main −3.33 and +16.67 pp; math
    +3.33 and 0 pp. District ALA had only school A in 2023-2024: main 110 − 120 = −10, 60 − 50 = +10 pp.
"""

import datetime
from decimal import Decimal

import pytest

from sapat.analysis.external import external_by_subject, external_objectivity
from sapat.assessment.external import ExternalEntry, external_results_save, usual_threshold
from sapat.assessment.models import ExternalTest
from sapat.indicators import registry
from sapat.indicators.sources import CountQuery
from sapat.testing import factories as f
from sapat.testing.external import build_external
from sapat.testing.marks import add_periods, put_marks

pytestmark = pytest.mark.django_db


@pytest.fixture
def external(world):
    return build_external(world)


def _rows(unit, year):
    return {(r.kind, r.subject_id): r for r in external_by_subject(unit, year)}


def test_thresholds_come_from_the_configuration_by_part_and_date(external):
    main, math = ExternalTest.objects.get(code="ort-2025"), ExternalTest.objects.get(code="ort-2025-math")
    assert (main.threshold, main.max_score, main.subject) == (110, 245, None)
    assert (math.threshold, math.max_score, math.subject) == (60, 150, external.math)
    assert usual_threshold("KG", "ort", subject_test=True, on=datetime.date(2009, 1, 1)) is None  # before any row
    assert usual_threshold("KZ", "ent", subject_test=False, on=datetime.date(2025, 6, 1)) is None  # from the file


def test_school_figures_by_subject_with_the_change_against_last_year(external):
    rows = _rows(external.school_a, external.year)
    assert set(rows) == {("ort", None), ("ort", external.math.pk)}
    main, math = rows[("ort", None)], rows[("ort", external.math.pk)]
    assert (main.participants, main.over_threshold) == (3, 2)
    assert main.average_score == pytest.approx(350 / 3)
    assert main.over_threshold_pct == pytest.approx(200 / 3)
    assert (main.maximum, main.threshold) == ((245,), (110,))
    assert main.previous_participants == 2 and main.previous_average_score == pytest.approx(120)
    assert main.change_average_score == pytest.approx(350 / 3 - 120)
    assert main.change_over_threshold_pct == pytest.approx(200 / 3 - 50)
    assert (math.participants, math.over_threshold, math.subject) == (6, 3, "Mathematics")
    assert math.average_score == pytest.approx(335 / 6)
    assert math.over_threshold_pct == pytest.approx(50)
    assert (math.maximum, math.threshold) == ((150,), (60,))
    assert math.change_average_score == pytest.approx(335 / 6 - 52.5)
    assert math.change_over_threshold_pct == pytest.approx(0)
    assert (main.previous_over_threshold, main.share_change.verdict) == (1, "too_small")  # 2 and 3 takers


def test_district_sums_its_schools_only(external):
    rows = _rows(external.alamedin, external.year)
    main, math = rows[("ort", None)], rows[("ort", external.math.pk)]
    assert (main.participants, main.average_score, main.over_threshold_pct) == (5, 110, 60)
    assert math.participants == 7 and math.average_score == pytest.approx(435 / 7)
    assert math.over_threshold_pct == pytest.approx(400 / 7)
    assert main.change_average_score == pytest.approx(-10) and main.change_over_threshold_pct == pytest.approx(10)
    region = _rows(external.region, external.year)[("ort", None)]
    assert (region.participants, region.average_score) == (6, 125)  # with school C's 200: 750 / 6


def test_a_year_without_a_previous_one_has_no_change(external):
    rows = _rows(external.school_a, f.AcademicYearFactory(code="2023-2024"))
    assert rows[("ort", None)].previous_average_score is None
    assert rows[("ort", None)].change_average_score is None


def test_the_registry_counts_subject_tests_only_within_their_subject(external):
    period = add_periods(external.year)["year"]
    found = registry.current()
    entries = [found.get(code, external.school_a, period.ends_on) for code in ("ort_average_score",)]
    whole = registry.evaluate(entries, CountQuery(external.school_a, (period,)), counts=True)[None]
    assert (whole["external.ort.participants"], whole["ort_average_score"]) == (3, pytest.approx(350 / 3))
    within = CountQuery(external.school_a, (period,), subject_id=external.math.pk)
    assert registry.evaluate(entries, within, counts=True)[None]["external.ort.participants"] == 6


def test_objectivity_of_journal_marks_against_the_subject_test(external):
    (row,) = external_objectivity(external.school_a, external.year)
    assert (row.kind, row.subject_id, row.results, row.compared, row.no_journal_mark) == ("ort", external.math.pk,
                                                                                           6, 6, 0)  # fmt: skip
    assert (row.confirmed, row.raised, row.lowered) == (2, 0, 4)
    assert row.pct("lowered") == pytest.approx(400 / 6)
    assert (row.high, row.high_below, row.high_below_pct) == (4, 2, 50)
    assert row.difference_sum == 8 and row.mean_difference == pytest.approx(4 / 3)
    assert row.signal == "higher"
    assert "higher than the external results" in row.verdict


def test_objectivity_of_the_district(external):
    (row,) = external_objectivity(external.alamedin, external.year)
    assert (row.compared, row.confirmed, row.lowered, row.high, row.high_below, row.high_below_pct) == (
        7, 3, 4, 5, 2, 40)  # fmt: skip
    assert row.mean_difference == pytest.approx(8 / 7)
    (only_b,) = external_objectivity(external.school_b, external.year)
    assert (only_b.compared, only_b.confirmed, only_b.signal) == (1, 1, "too_few")


def test_a_component_naming_a_subject_counts_within_it(world):
    """ЕНТ with a history component of subject history_kz (max 20, threshold 5): k1 5 (over), k2 4 (below)."""
    school = f.SchoolFactory(code="K", country="KZ", parent__country="KZ", parent__parent__country="KZ")
    year = f.AcademicYearFactory(country="KZ", code="2024-2025")
    period = add_periods(year)["year"]
    history = f.SubjectFactory(code="history_kz", name_ru="История Казахстана")
    school_class = f.SchoolClassFactory(school=school, year=year, grade=11, letter="а")
    parts = [{"code": "history_kz", "max": 20, "threshold": 5, "subject": "history_kz"},
             {"code": "rest", "max": 120, "threshold": 0}]  # fmt: skip
    entries, marks = [], {}
    for code, history_score, rest, mark in (("k1", 5, 60, "5"), ("k2", 4, 70, "5")):
        student = f.EnrolmentFactory(school_class=school_class, student__code=code, student__school=school).student
        scores = {"history_kz": Decimal(history_score), "rest": Decimal(rest)}
        entries.append(ExternalEntry(student=student, year=year, test="ent-2025", kind="ent",
                                     held_on=datetime.date(2025, 6, 20), score=Decimal(history_score + rest),
                                     max_score=Decimal(140), threshold=Decimal(50), components=tuple(parts),
                                     component_scores=scores))  # fmt: skip
        marks[(student, history)] = mark
    external_results_save(entries=entries)
    put_marks(school_class, period, marks)
    rows = _rows(school, year)
    whole, part = rows[("ent", None)], rows[("ent", history.pk)]
    assert (whole.participants, whole.average_score, whole.over_threshold_pct) == (2, 69.5, 100)
    assert (part.participants, part.average_score, part.over_threshold_pct) == (2, 4.5, 50)
    assert (part.maximum, part.threshold) == ((20,), (5,))
    (row,) = external_objectivity(school, year)
    assert (row.compared, row.lowered, row.high, row.high_below) == (2, 2, 2, 1)  # 25 % and 20 %: both a 2
    assert row.mean_difference == 3


# Pages: the school sees its own figures, the district its schools' -------------------------------------------


def _section_rows(client, code: str, name: str):
    response = client.get(f"/dashboards/unit/{code}/?year=2024-2025&period=year")
    assert response.status_code == 200
    table = response.context["page"].table(name)
    return table.rows if table is not None else None, response.text


def test_school_dashboard_shows_its_own_external_results(external, login):
    rows, html = _section_rows(login(external.aigul), "A", "external")
    assert [r[2] for r in rows] == [3, 6]  # main: 3 of A (not B's 2 nor C's 1); math: 6
    assert rows[0][5] == pytest.approx(350 / 3) and rows[0][7] == pytest.approx(350 / 3 - 120)
    objectivity, _html = _section_rows(login(external.aigul), "A", "external_objectivity")
    assert objectivity[0][2] == 6 and objectivity[0][4] == pytest.approx(400 / 6)
    assert objectivity[0][5:8] == [4, 2, 50]
    assert "Objectivity of marks against external tests" in html or "Объективность" in html


def test_district_dashboard_shows_its_schools(external, login):
    rows, _html = _section_rows(login(external.dana), "ALA", "external")
    assert [r[2] for r in rows] == [5, 7]
    assert login(external.aigul).get("/dashboards/unit/B/?year=2024-2025&period=year").status_code == 404
    assert login(external.sultan).get("/dashboards/unit/ALA/?year=2024-2025&period=year").status_code == 404


def test_no_section_without_results(world, login):
    add_periods(world.year)
    rows, _html = _section_rows(login(world.aigul), "A", "external")
    assert rows is None


def test_the_figures_take_a_fixed_number_of_queries(external, django_assert_max_num_queries):
    """Two years × (whole tests, by subject) of the registry's source, the tests and the subjects' names,
    whatever the number of schools, students or subjects."""
    with django_assert_max_num_queries(13):
        external_by_subject(external.region, external.year)
    with django_assert_max_num_queries(6):
        external_objectivity(external.region, external.year)


def test_the_sections_export_like_every_dashboard_table(external, login):
    import io

    from openpyxl import load_workbook

    client = login(external.dana)
    for name in ("external", "external_objectivity"):
        response = client.get(f"/dashboards/unit/ALA/?year=2024-2025&period=year&format=xlsx&table={name}")
        assert response.status_code == 200, name
    response = client.get("/dashboards/unit/ALA/?year=2024-2025&period=year&format=xlsx&table=external")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert (sheet["C2"].value, sheet["F2"].value) == (5, 110)  # takers and average of the whole test, as numbers
    assert sheet["F3"].value == pytest.approx(435 / 7)  # full precision; the sheet's format rounds
