"""The report card: the family's own child only, in the family's language, marks as printed."""

import pytest

from sapat.reports.builders import REPORTS
from sapat.reports.renderers import FORMATS, render
from sapat.testing import factories as f
from sapat.testing.marks import add_periods, put_marks

from .paper import check_paper
from .readback import docx_content, text_of

LANGUAGES = ("ky", "kk", "ru", "en")


@pytest.fixture
def card_case(world):
    periods = add_periods(world.year)
    physics = f.SubjectFactory(code="phys", name_en="Physics", name_ru="Физика", name_ky="Физика")
    put_marks(world.a8a, periods["q1"], {(world.aibek, world.math): "5", (world.aibek, physics): "4"})
    put_marks(world.a8a, periods["q2"], {(world.aibek, world.math): "4", (world.aibek, physics): "na"})
    put_marks(world.a8b, periods["q1"], {(world.bolot, world.math): "2"})
    return world


def card(world, language="en", user=None):
    kind = REPORTS["report-card"]
    resolved = kind.resolve({"student": world.aibek.pk}, user or world.parvina)
    return kind.build(resolved, language, None)


@pytest.mark.parametrize("language", LANGUAGES)
def test_card_renders_with_the_marks(card_case, language):
    document = card(card_case, language)
    for fmt in FORMATS:
        data = render(document, fmt)
        text = text_of(data, fmt)
        check_paper(document, data, fmt)
        assert "Asanov Aibek" in text
        assert "Физика" in text or "Physics" in text
        assert "Bolotov" not in text


def test_card_table_reads_back_by_subject_and_period(card_case):
    _paragraphs, tables = docx_content(render(card(card_case), "docx"))
    marks = tables[0]
    assert marks[0] == ["Subject", "1st quarter", "2nd quarter"]
    assert ["Mathematics", "5", "4"] in marks
    assert ["Physics", "4", "n/a"] in marks


def test_card_summary_flags_what_needs_attention(card_case):
    paragraphs, _tables = docx_content(render(card(card_case), "docx"))
    assert "1 subject needs attention (a 2 or not assessed)." in paragraphs


def test_parent_opens_their_childs_card_in_the_familys_language(card_case, login):
    parvina = card_case.parvina
    parvina.language = "ky"
    parvina.save(update_fields=["language"])
    client = login(parvina)
    page = client.get(f"/reports/cards/{card_case.aibek.pk}/")
    assert page.status_code == 200
    assert 'lang="ky"' in page.text
    pdf = client.get(f"/reports/cards/{card_case.aibek.pk}/?format=pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_another_childs_card_is_a_404_like_a_missing_one(card_case, login):
    client = login(card_case.parvina)
    other = client.get(f"/reports/cards/{card_case.bolot.pk}/?format=pdf")
    missing = client.get("/reports/cards/987654321/?format=pdf")
    assert other.status_code == missing.status_code == 404
    assert other.content == missing.content
