"""The school's term results (lists by the engine's definitions) and a teacher's summary.

School A, 1st quarter. 8а (math, physics): Aibek 5/5 excellent; s1 5/3 one 3; s2 2/4 failing; s3 4/— missing;
s4 4/5 good. 8б (math only): Bolot 3, one 3 (his only mark). Timur teaches 8а mathematics:
5, 5, 2, 4, 4 → N 5, quality 80 %, success 80 %, average 4.0.
"""

import io
import re

import pytest
from openpyxl import load_workbook

from sapat.indicators.selectors import Filter, figures
from sapat.reports.builders import REPORTS
from sapat.reports.renderers import FORMATS, render
from sapat.testing import factories as f
from sapat.testing.marks import add_periods, put_marks

from .paper import check_paper
from .readback import docx_content, text_of

MARKS_8A = {"Aibek": ("5", "5"), "s1": ("5", "3"), "s2": ("2", "4"), "s3": ("4", None), "s4": ("4", "5")}


@pytest.fixture
def term(world):
    periods = add_periods(world.year)
    physics = f.SubjectFactory(code="phys", name_en="Physics", name_ru="Физика")
    students = {"Aibek": world.aibek}
    for code in ("s1", "s2", "s3", "s4"):
        students[code] = f.EnrolmentFactory(
            school_class=world.a8a, student__last_name=f"Pupil{code}", student__first_name=code
        ).student
    marks = {}
    for name, (math, phys) in MARKS_8A.items():
        marks[(students[name], world.math)] = math
        if phys:
            marks[(students[name], physics)] = phys
    put_marks(world.a8a, periods["q1"], marks)
    put_marks(world.a8b, periods["q1"], {(world.bolot, world.math): "3"})
    return {"world": world, "period": periods["q1"]}


def school_report(world, language="en"):
    kind = REPORTS["school-results"]
    params = {"unit": "A", "year": "2024-2025", "period": "q1"}
    return kind.build(kind.resolve(params, world.aigul), language, lambda percent: None)


def test_student_lists_match_the_engines_counts(term):
    world = term["world"]
    document = school_report(world)
    lists = document.data["lists"]
    engine = figures(Filter(world.school_a, term["period"]))[None]
    for kind in ("excellent", "one_three", "failing", "missing"):
        assert len(lists[kind]) == engine[kind], kind
    assert [r["student"] for r in lists["excellent"]] == ["Asanov Aibek"]
    assert [(r["student"], r["subjects"]) for r in lists["one_three"]] == [
        ("Pupils1 s1", "Physics"),
        ("Bolotov Bolot", "Mathematics"),
    ]
    assert [(r["student"], r["subjects"]) for r in lists["missing"]] == [("Pupils3 s3", "Physics")]


@pytest.mark.parametrize("language", ("ky", "kk", "ru", "en"))
def test_school_results_render_in_every_format(term, language):
    document = school_report(term["world"], language)
    for fmt in FORMATS:
        data = render(document, fmt)
        text = text_of(data, fmt)
        assert "Pupils2 s2" in text and "8а" in text and "8б" in text
        check_paper(document, data, fmt)


def teacher_report(world, user, language="en"):
    kind = REPORTS["teacher"]
    params = {"teacher": world.timur_staff.pk, "year": "2024-2025", "period": "q1"}
    return kind.build(kind.resolve(params, user), language, lambda percent: None)


def test_teacher_summary_holds_their_class_and_total(term):
    world = term["world"]
    document = teacher_report(world, world.timur)
    _paragraphs, tables = docx_content(render(document, "docx"))
    classes = tables[0]
    assert classes[1][:9] == ["8а", "Mathematics", "5", "2", "2", "0", "1", "80.0\xa0%", "80.0\xa0%"]
    assert document.data["own"]["quality_pct"] == 80.0
    for language in ("ky", "kk", "ru"):
        summary = teacher_report(world, world.aigul, language)
        pdf = render(summary, "pdf")
        assert "Timurov Timur" in text_of(pdf, "pdf")
        check_paper(summary, pdf, "pdf")
        check_paper(summary, render(summary, "docx"), "docx")


def test_teacher_summary_is_a_404_outside_the_school(term):
    from django.http import Http404

    world = term["world"]
    with pytest.raises(Http404):
        teacher_report(world, world.bakyt)
    with pytest.raises(Http404):
        teacher_report(world, world.parvina)


def test_school_results_are_not_for_a_teacher(term):
    from django.http import Http404

    assert school_report(term["world"]).tables()  # the deputy may
    with pytest.raises(Http404):
        REPORTS["school-results"].resolve({"unit": "A", "year": "2024-2025"}, term["world"].timur)


def test_the_school_results_show_the_data_sets_by_direction_marked_until_approved(world, periods):
    from sapat.indicators.services import Definition, indicator_define
    from sapat.reports.builders import REPORTS
    from sapat.testing import datasets as ds

    health = ds.load(ds.health())
    ds.put(health, periods["year"], {(ds.of_class(world.a8a), "g1"): "1", (ds.of_class(world.a8a), "g2"): "1"})
    indicator_define(
        definition=Definition(
            code="main_share",
            owner=world.region,
            names=ds.names("main group share"),
            numerator="health.g1",
            denominator="health.g1 + health.g2 + health.g3",
            factor=100,
            directions=("s_health",),
        )
    )
    kind = REPORTS["school-results"]
    resolved = kind.resolve({"unit": "A", "year": "2024-2025", "period": "q1"}, world.aigul)
    document = kind.build(resolved, "en", lambda percent: None)
    section = next(s for s in document.sections if "Other indicators" in s.title)
    assert section.blocks[0].rows == (
        ("level of health", "main group share", "year", "50.0\u00a0%", "not approved: 1 unit"),
    )


def test_a_report_shows_an_indicator_with_its_precision_in_every_format(term):
    """Two decimals asked for quality: every format of the school results writes 50,00 and the XLSX keeps the
    number with two decimals shown; success, left at one decimal, stays so."""
    from sapat.indicators.models import Indicator

    quality = Indicator.objects.get(code="quality_pct", owner=None)
    quality.precision = 2
    quality.save()
    document = school_report(term["world"], "ru")
    for fmt in ("html", "pdf", "docx"):
        text = text_of(render(document, fmt), fmt)
        assert "50,00" in text, fmt  # 3 of the 6 students with only 4 and 5 (Aibek, Pupils3, Pupils4)
        assert not re.search(r"(?<![\d,])(50|40),0(?!\d)", text), fmt  # no table or chart left at one decimal
    book = load_workbook(io.BytesIO(render(document, "xlsx")))
    formats = {c.number_format for sheet in book.worksheets for row in sheet.iter_rows() for c in row
               if isinstance(c.value, int | float) and c.value == 50}  # fmt: skip
    assert formats == {"0.00"}
