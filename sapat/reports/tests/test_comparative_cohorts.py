""" "A class followed across years" in the comparative report, hand-computed: classes are followed by their
students, not their names; the figures equal sapat.analysis's cohort_dynamics; pooled rows sum counts; the
table reads back from every format; the form and the command carry the grade.

Year marks, one subject (mathematics), so across subjects a 5 is excellent, a 4 good, a 3 "one 3", a 2 failing.

    School A (Alamedin)  2022-2023 7б  s1 5  s2 4  s3 3  s4 3  s5 2     N 5, quality 2/5 = 40, success 4/5 = 80
                         2023-2024 8в  s1 5  s2 4  s3 4  s4 3  j1 5     s5 left; 7б was renamed 8в; j1 joined and
                                                                       is not counted: N 4, quality 3/4 = 75
                                   8б  o1 2  o2 2                       a class with the old letter, none of them
                         2024-2025 9в  s1 5  s2 5  s3 3  s4 2  j1 2     N 4, quality 2/4 = 50, success 3/4 = 75
    School B (Alamedin)  7а x1 5 x2 5 x3 5 → 8а 5 5 4 → 9а 4 3 3        N 3: too small to judge
    School C (Sokuluk)   7а 20 students all 3 → 8а all 4 → 9а all 5     quality 0 → 100: a clear rise (the
                                                                       world's pupil of 9а is not counted)

Alamedin, all followed classes together (summed counts):
    2022-2023  N 8, quality (2 + 3)/8 = 62.5, success 7/8 = 87.5, average 32/8 = 4.0
    2023-2024  N 7, quality (3 + 3)/7,        success 7/7 = 100,  average 30/7
    2024-2025  N 7, quality (2 + 1)/7,        success 6/7,        average 25/7
"""

from io import StringIO

import pytest
from django.core.management import call_command
from django.http import Http404

from sapat.analysis.dynamics import cohort_dynamics
from sapat.reports import followed
from sapat.reports.builders import REPORTS
from sapat.reports.models import ReportRun
from sapat.reports.renderers import render
from sapat.structure.models import SchoolClass
from sapat.testing import factories as f
from sapat.testing.marks import add_periods, put_marks

from .readback import docx_content, html_text, pdf_text, squash, xlsx_sheets

PARAMS = {"unit": "ALA", "year": "2024-2025", "span": "3", "period": "year"}
YEARS = ("2022-2023", "2023-2024", "2024-2025")
A_ROW = "School A, 7б → 8в → 9в"
B_ROW = "School B, 7а → 8а → 9а"
C_ROW = "School C, 7а → 8а → 9а"


def _class(school, year, name: str, students, marks, period, subject):
    key = {"school": school, "year": year, "grade": int(name[:-1]), "letter": name[-1]}
    school_class = SchoolClass.objects.filter(**key).first() or f.SchoolClassFactory(**key)  # C's 9а exists
    for student in students:
        f.EnrolmentFactory(school_class=school_class, student=student)
    put_marks(school_class, period, {(s, subject): m for s, m in zip(students, marks, strict=True)})
    return school_class


def _students(school, codes):
    return [f.StudentFactory(school=school, code=code, last_name=code) for code in codes]


@pytest.fixture
def story(world):
    years = [f.AcademicYearFactory(code=code) for code in YEARS[:2]] + [world.year]
    periods = [add_periods(year)["year"] for year in years]
    math = world.math
    a, b, c = world.school_a, world.school_b, world.school_c

    s = _students(a, ["s1", "s2", "s3", "s4", "s5"])
    j1, others = _students(a, ["j1"])[0], _students(a, ["o1", "o2"])
    _class(a, years[0], "7б", s, ["5", "4", "3", "3", "2"], periods[0], math)
    _class(a, years[1], "8в", [*s[:4], j1], ["5", "4", "4", "3", "5"], periods[1], math)
    _class(a, years[1], "8б", others, ["2", "2"], periods[1], math)
    _class(a, years[2], "9в", [*s[:4], j1], ["5", "5", "3", "2", "2"], periods[2], math)

    x = _students(b, ["x1", "x2", "x3"])
    b_marks = (["5", "5", "5"], ["5", "5", "4"], ["4", "3", "3"])
    for year, period, name, marks in zip(years, periods, ("7а", "8а", "9а"), b_marks, strict=True):
        _class(b, year, name, x, marks, period, math)

    pupils = _students(c, [f"c{i}" for i in range(20)])
    for year, period, name, mark in zip(years, periods, ("7а", "8а", "9а"), "345", strict=True):
        _class(c, year, name, pupils, [mark] * 20, period, math)
    return {"world": world, "years": years, "periods": periods}


def report(world, user=None, language="en", **params):
    kind = REPORTS["comparative"]
    return kind.build(kind.resolve({**PARAMS, **params}, user or world.dana), language, lambda percent: None)


def cohort_table(document):
    """The followed classes' table, whatever the language: the one whose rows name classes as 7б → 8в."""
    return next(t for t in document.tables() if any("→" in str(row[0]) for row in t.rows))


def rows_by_label(table) -> dict:
    return {row[0]: row[1:] for row in table.rows}


def test_the_renamed_class_is_followed_by_its_students_with_hand_computed_figures(story):
    table = cohort_table(report(story["world"]))
    assert table.title == "Classes of grade 7 of 2022-2023 followed by their students to 2024-2025"
    rows = rows_by_label(table)
    assert list(rows) == [A_ROW, B_ROW, "Total, 7а, 7б → 8а, 8в → 9а, 9в"]  # Sokuluk's class is not Alamedin's
    # per year: N, quality, success, average; then the change of quality and its verdict
    assert rows[A_ROW] == pytest.approx((5, 40, 80, 3.4, 4, 75, 100, 4, 4, 50, 75, 3.75, 10, "too small to judge"))
    b = rows[B_ROW]
    assert b[:8] == pytest.approx((3, 100, 100, 5, 3, 100, 100, 14 / 3)) and b[-1] == "too small to judge"
    total = rows["Total, 7а, 7б → 8а, 8в → 9а, 9в"]
    assert total[:12] == pytest.approx((8, 62.5, 87.5, 4, 7, 600 / 7, 100, 30 / 7, 7, 300 / 7, 600 / 7, 25 / 7))
    assert total[12] == pytest.approx(300 / 7 - 62.5) and total[13] == "no clear change"


def test_each_row_equals_the_analysis_engines_cohort(story):
    document = report(story["world"], user=story["world"].rita, unit="NORTH")
    classes = document.data["followed"]["classes"]
    assert [c.start.school.code for c in classes] == ["A", "B", "C"]
    for cohort in classes:
        engine = cohort_dynamics(cohort.start, "quality_pct", last_year="2024-2025")
        assert [(y.year, y.class_id) for y in engine.years] == [(c, cohort.classes[c].pk) for c in YEARS]
        assert [y.figures for y in engine.years] == [cohort.figures[c] for c in YEARS]
    assert classes[0].classes["2023-2024"].name == "8в"


def test_a_clear_rise_is_written_out_and_small_groups_are_not_called_a_change(story):
    document = report(story["world"], user=story["world"].rita, unit="NORTH")
    section = next(s for s in document.sections if s.title.endswith("A class followed across years"))
    texts = [block.text for block in section.blocks if hasattr(block, "text")]
    assert texts == [f"Clear rise from 2022-2023 to 2024-2025: {C_ROW} (0.0\xa0% → 100.0\xa0%)."]
    quiet = report(story["world"])  # Alamedin: every group too small or within chance
    section = next(s for s in quiet.sections if s.title.endswith("A class followed across years"))
    assert [b.text for b in section.blocks if hasattr(b, "text")] == [
        "No row of the table shows a clear change of quality of knowledge from 2022-2023 to 2024-2025."
    ]


def test_rows_are_pooled_by_district_when_classes_would_be_too_many(story, monkeypatch):
    monkeypatch.setattr(followed, "MAX_ROWS", 2)
    document = report(story["world"], user=story["world"].rita, unit="NORTH")
    rows = rows_by_label(cohort_table(document))
    assert list(rows) == ["Alamedin, 7а, 7б → 8а, 8в → 9а, 9в", "Sokuluk, 7а → 8а → 9а",
                          "Total, 7а, 7а, 7б → 8а, 8а, 8в → 9а, 9а, 9в"]  # fmt: skip
    district = rows_by_label(cohort_table(report(story["world"])))["Total, 7а, 7б → 8а, 8в → 9а, 9в"]
    assert rows["Alamedin, 7а, 7б → 8а, 8в → 9а, 9в"] == pytest.approx(district)
    assert rows["Total, 7а, 7а, 7б → 8а, 8а, 8в → 9а, 9а, 9в"][:2] == pytest.approx((28, 500 / 28))
    texts = [b.text for s in document.sections for b in s.blocks if hasattr(b, "text")]
    assert "3 classes are followed; to keep the table short each row pools the classes of one district " \
           "(their counts summed)." in texts  # fmt: skip


def test_fewer_years_a_later_start_and_no_classes(story):
    two = cohort_table(report(story["world"], span="2", cohort_grade="9"))
    assert two.title == "Classes of grade 8 of 2023-2024 followed by their students to 2024-2025"
    # followed from 8в, j1 belongs to the cohort: N 5, quality 4/5, average 21/5
    assert rows_by_label(two)["School A, 8в → 9в"][:4] == pytest.approx((5, 80, 100, 4.2))
    assert rows_by_label(two)["School A, 8б → —"][:4] == pytest.approx((2, 0, 0, 2))  # o1, o2 left the school
    # grade 10: no 8th class in 2022-2023, so the table starts with B's 9а of 2023-2024
    x = _students(story["world"].school_b, ["y1", "y2"])
    _class(story["world"].school_b, story["years"][1], "9а", x, ["5", "4"], story["periods"][1], story["world"].math)
    _class(story["world"].school_b, story["years"][2], "10а", x, ["4", "4"], story["periods"][2], story["world"].math)
    later = cohort_table(report(story["world"], cohort_grade="10"))
    assert later.title == "Classes of grade 9 of 2023-2024 followed by their students to 2024-2025"
    assert list(rows_by_label(later)) == ["School B, 9а → 10а", "Total, 9а → 10а"]
    texts = [b.text for s in report(story["world"], cohort_grade="11").sections for b in s.blocks
             if hasattr(b, "text")]  # fmt: skip
    assert "No classes of grade 11 to follow in 2022-2023 – 2024-2025." in texts
    without = report(story["world"], cohort_grade="0")
    assert not [t for t in without.tables() if t.sheet == "Followed classes"] and without.data["followed"] == {}
    assert len(without.tables()) == len(report(story["world"]).tables()) - 1
    with pytest.raises(Http404):
        report(story["world"], cohort_grade="13")


@pytest.mark.parametrize("language", ("ky", "kk", "ru", "en"))
def test_the_table_reads_back_from_every_format(story, language):
    document = report(story["world"], language=language)
    comma = language != "en"
    assert "7б → 8в → 9в" in html_text(render(document, "html"))
    assert "7б→8в→9в" in squash(pdf_text(render(document, "pdf")))
    assert ("75,0" if comma else "75.0") in pdf_text(render(document, "pdf"))
    _paragraphs, tables = docx_content(render(document, "docx"))
    word = next(t for t in tables if any("7б → 8в → 9в" in row[0] for row in t))
    row = next(row for row in word if "7б → 8в → 9в" in row[0])
    assert row[1:4] == ["5", "40,0\xa0%" if comma else "40.0\xa0%", "80,0\xa0%" if comma else "80.0\xa0%"]
    sheet = xlsx_sheets(render(document, "xlsx"))[cohort_table(document).sheet]
    cells = next(r for r in sheet if r[0] and "7б → 8в → 9в" in r[0])
    assert cells[1:13] == pytest.approx((5, 40, 80, 3.4, 4, 75, 100, 4, 4, 50, 75, 3.75))


def test_the_form_and_the_command_carry_the_grade(story, login, tmp_path):
    world = story["world"]
    form = {"subject": "ALA", "year": "2024-2025", "period": "year", "span": 3, "language": "en", "format": "xlsx"}
    assert login(world.dana).post("/reports/new/comparative/", {**form, "cohort_grade": "0"}).status_code == 302
    assert ReportRun.objects.get(kind="comparative").parameters["cohort_grade"] == 0
    page = login(world.dana).get("/reports/new/comparative/")
    assert 'name="cohort_grade"' in page.text
    assert 'name="cohort_grade"' not in login(world.dana).get("/reports/new/school-results/").text
    target = tmp_path / "district.xlsx"
    call_command("report", "comparative", *[f"--param={k}={v}" for k, v in PARAMS.items()], "--param=cohort_grade=9",
                 "--user=dana", "--language=en", "--format=xlsx", f"-o={target}", stdout=StringIO())  # fmt: skip
    sheet = xlsx_sheets(target.read_bytes())["Followed classes"]
    assert any(r[0] == A_ROW for r in sheet)
