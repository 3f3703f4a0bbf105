"""The external tests section of the school results and the comparative reports, in every format and language
(the hand-computed world of sapat/analysis/tests/test_external.py)."""

import pytest

from sapat.reports.builders import REPORTS
from sapat.reports.renderers import FORMATS, render
from sapat.testing.external import build_external

from .paper import check_paper
from .readback import docx_content, text_of

pytestmark = pytest.mark.django_db

HEADERS = {
    "en": ("External tests", "Annual journal marks against external results", "At or over the threshold, %"),
    "ru": ("Внешнее тестирование", "Годовые отметки журнала и результаты внешнего тестирования",
           "Набрали пороговый балл, %"),
    "ky": ("Тышкы тестирлөө", "Журналдагы жылдык баалар жана тышкы тестирлөөнүн жыйынтыктары",
           "Босого балын алгандар, %"),
    "kk": ("Сыртқы тестілеу", "Журналдағы жылдық бағалар мен сыртқы тестілеу нәтижелері", "Шекті балды жинағандар, %"),
}  # fmt: skip


def _flat(text: str) -> str:
    """The words of a text, one space between them (a PDF wraps long headers, figures keep a no-break space)."""
    return " ".join(text.replace("\xa0", " ").split())


def _build(kind_code, params, user, language):
    kind = REPORTS[kind_code]
    return kind.build(kind.resolve(params, user), language, lambda percent: None)


@pytest.mark.parametrize("language", list(HEADERS))
def test_school_results_hold_the_external_section_in_every_format(world, language):
    build_external(world)
    document = _build("school-results", {"unit": "A", "year": "2024-2025", "period": "year"}, world.aigul, language)
    for fmt in FORMATS:
        data = render(document, fmt)
        text = _flat(text_of(data, fmt))
        for header in HEADERS[language]:
            assert header in text, (fmt, header)
        check_paper(document, data, fmt)


def test_school_results_figures_in_the_docx(world):
    build_external(world)
    document = _build("school-results", {"unit": "A", "year": "2024-2025", "period": "year"}, world.aigul, "en")
    _paragraphs, tables = docx_content(render(document, "docx"))
    results = next(t for t in tables if any("whole test" in " ".join(row) for row in t))
    main = next(row for row in results if "whole test" in row)
    # 3 took it, average 116.7, 66.7 %; last year 2, 120.0, 50.0 %; change −3.3 and +16.7
    cells = [_flat(cell) for cell in main[2:]]
    assert cells == [
        "245",
        "110",
        "3",
        "116.7",
        "66.7 %",
        "2",
        "120.0",
        "50.0 %",
        "−3.3",
        "+16.7",
        "too small to judge",
    ]  # 2 and 3 takers: fewer than 5
    said = "or too few takers to judge: ORT, whole test (50.0 % → 66.7 %); ORT, Mathematics (50.0 % → 50.0 %)."
    assert any(said in _flat(p) for p in _paragraphs)


def test_comparative_report_has_the_district_by_school(world):
    build_external(world)
    params = {"unit": "ALA", "year": "2024-2025", "span": "2", "period": "year", "cohort_grade": "0"}
    document = _build("comparative", params, world.dana, "en")
    titles = [t.title for t in document.tables()]
    assert "External tests by unit, 2024-2025" in titles
    by_unit = next(t for t in document.tables() if t.title == "External tests by unit, 2024-2025")
    assert [row[0] for row in by_unit.rows] == ["School A", "School B"]
    assert by_unit.rows[0][1:4] == (3, pytest.approx(350 / 3), pytest.approx(200 / 3))
    assert by_unit.rows[1][1:4] == (2, 100, 50)
    text = text_of(render(document, "pdf"), "pdf")
    assert "External tests by unit" in text and "School C" not in text


def test_no_section_without_results(world):
    from sapat.testing.marks import add_periods

    add_periods(world.year)
    document = _build("school-results", {"unit": "A", "year": "2024-2025", "period": "year"}, world.aigul, "en")
    assert not any("External tests" in s.title for s in document.sections)
