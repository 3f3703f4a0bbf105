"""The control-work reference note in every format and language, read back and checked against the engine
(sapat.indicators.control) and the hand-computed story in conftest.py."""

from fractions import Fraction

import pytest

from sapat.indicators.control import control_analysis
from sapat.reports.builders import REPORTS
from sapat.reports.renderers import FORMATS, render

from .paper import check_paper
from .readback import docx_content, pdf_text, squash, text_of, xlsx_charts, xlsx_sheets

LANGUAGES = ("ky", "kk", "ru", "en")
KYRGYZ_KAZAKH = "ңөүәғқұһі"
PARAMS = {"unit": "A", "year": "2024-2025", "subject": "math", "work": "h2"}


def note(case, language: str, **params):
    world = case["world"]
    kind = REPORTS["control-note"]
    return kind.build(kind.resolve({**PARAMS, **params}, world.aigul), language, lambda percent: None)


@pytest.fixture
def lettered(control_case):
    """Names that use every Kyrgyz and Kazakh letter, to prove the fonts carry them into every format."""
    world = control_case["world"]
    world.school_a.name_ky = "Түндүк өрөөнүнүн ң мектеби"
    world.school_a.name_kk = "Әлемдегі ғылым қала ұлт һәм і мектебі"
    world.school_a.save()
    return control_case


@pytest.mark.parametrize("language", LANGUAGES)
def test_note_renders_in_every_format_and_language(lettered, language):
    document = note(lettered, language)
    for fmt in FORMATS:
        data = render(document, fmt)
        check_note_text(document, squash(text_of(data, fmt)), language, fmt)
        check_paper(document, data, fmt)


def check_note_text(document, text: str, language: str, fmt: str) -> None:
    # h2 total: success 800/9 = 88,9; quality 600/9 = 66,7; СОУ 580/9 = 64,4; average 35/9 = 3,89.
    comma = language != "en"
    for figure in ("88.9", "66.7", "64.4", "3.89", "100.0", "67.2", "3.75"):
        expected = figure.replace(".", ",") if comma else figure
        assert expected in text or fmt == "xlsx"  # the sheet holds the unrounded numbers
    assert "Timurov" in text and "8а" in text and "8б" in text
    assert squash(document.title) in text
    assert squash(document.subtitle) in text
    if language in ("ky", "kk"):
        assert set(KYRGYZ_KAZAKH if language == "kk" else "үөң") & set(text)


def test_pdf_keeps_every_kyrgyz_and_kazakh_letter(lettered):
    text = pdf_text(render(note(lettered, "kk"), "pdf")) + pdf_text(render(note(lettered, "ky"), "pdf"))
    assert set(KYRGYZ_KAZAKH) <= set(text)


def test_xlsx_cells_hold_the_engines_numbers(control_case):
    world = control_case["world"]
    engine = control_analysis(unit=world.school_a, year=world.year, subject=world.math, work="h2", compare="h1")
    data = render(note(control_case, "en"), "xlsx")
    sheets = xlsx_sheets(data)
    results = sheets["Results"]
    header, rows = results[1], results[2:]
    assert header[:4] == ("Class", "Teacher", "On roll", "Wrote")
    by_class = {row[0]: row for row in rows}
    for engine_row in engine["classes"]:
        row = by_class[engine_row["class"]]
        assert row[2:] == (
            engine_row["on_roll"], engine_row["wrote"], engine_row["n5"], engine_row["n4"], engine_row["n3"],
            engine_row["n2"], engine_row["success_pct"], engine_row["quality_pct"], engine_row["sou_pct"],
            engine_row["average_mark"],
        )  # fmt: skip
    total = by_class["Total"]
    assert total[2:8] == (12, 9, 3, 3, 2, 1)
    assert total[9] == pytest.approx(float(Fraction(600, 9)))
    assert total[11] == pytest.approx(35 / 9)
    assert xlsx_charts(data) == 1  # the bar chart is a native Excel chart


def test_comparison_with_the_previous_work_is_found_and_shown(control_case):
    document = note(control_case, "en")
    assert document.data["analysis"]["total"]["compare"]["work"] == "h1"
    _paragraphs, tables = docx_content(render(document, "docx"))
    comparison = next(t for t in tables if t[0][0] == "Class" and "Quality, %: before" in t[0])
    total = comparison[-1]
    # quality h1 500/9 = 55,6 → h2 600/9 = 66,7: +11,1; success 88,9 → 88,9: 0,0; average 34/9 → 35/9: +0,11.
    assert total[:4] == ["Total", "55.6\xa0%", "66.7\xa0%", "+11.1"]
    assert total[4:7] == ["88.9\xa0%", "88.9\xa0%", "0.0"]
    assert total[9] == "+0.11"


def test_small_groups_get_no_clear_change_not_growth(control_case):
    """8б's quality went 50 % → 75 % (+25 points) with 4 students: chance, not growth."""
    paragraphs, _tables = docx_content(render(note(control_case, "en"), "docx"))
    text = "\n".join(paragraphs)
    assert "Quality of knowledge shows no clear change (55.6\xa0%, then 66.7\xa0%): with 9 students" in text
    assert "rose by 25.0" not in text and "8б — Quality" not in text


def test_term_marks_and_tasks_of_the_first_work(control_case):
    """h1 against the journal's h1: confirmed s1 s3 s5 t2 t3, raised t1, lowered s2 s4 (t4 has н/а)."""
    document = note(control_case, "en", work="h1")
    assert document.data["analysis"]["total"]["against"]["confirmed"] == 5
    paragraphs, tables = docx_content(render(document, "docx"))
    text = "\n".join(paragraphs)
    assert "Of 8 students compared with the term mark, the control work confirmed the mark of 5 (62.5\xa0%)" in text
    tasks = next(t for t in tables if t[0][0] == "Task")
    assert tasks[1] == ["1", "8", "5", "70.0\xa0%"]  # no task has a description: no empty column
    assert tasks[2][3] == "51.7\xa0%"  # 31/60
    by_class = next(t for t in tables if t[0][:2] == ["Class", "Task 1"])
    assert by_class[1] == ["8а", "70.0\xa0%", "51.7\xa0%"]
    # 8а lowered 2 of 5 = 40 % ≥ 30 %: a recommendation to check the objectivity of its term marks.
    assert any("Check the objectivity of the term marks in 8а" in p for p in paragraphs)


def test_heading_and_signatures(control_case):
    document = note(control_case, "en", purpose="Check fractions", checked_by="A. Deputova")
    facts = dict(document.facts)
    assert facts["Purpose"] == "Check fractions" and facts["Checked by"] == "A. Deputova"
    assert [(s.position, s.name) for s in document.signatures] == [
        ("Deputy director for academic work", "Deputova Aigul"),
        ("Head of the methodical association", "Deputova Aigul"),
    ]
    assert "Deputova Aigul" in pdf_text(render(document, "pdf"))


def test_numbers_follow_the_language_of_the_report_not_the_interface(control_case, settings):
    from django.utils.translation import override

    with override("en"):
        document = note(control_case, "ru")
    assert document.language == "ru"
    assert "88,9" in text_of(render(document, "html"), "html")
