"""The comparative report of a district: schools × years × measures, totals, rating, honest dynamics, and a
second data source plugged in without a new renderer.

Alamedin, mathematics, year marks. School A: 2023-2024 30 students, 15 with 5 or 4 (quality 50 %);
2024-2025 30 students, 28 (93,3 %): a clear rise. School B: 6 students, 3 then 4: no clear change, and too
small (< 10) to be rated.
"""

from io import StringIO

import pytest
from django.core.management import call_command

from sapat.indicators.selectors import Filter, figures
from sapat.reports.builders import REPORTS, comparative
from sapat.reports.builders.comparative import Measure, Values
from sapat.reports.document import COUNT
from sapat.reports.models import ReportRun
from sapat.reports.renderers import FORMATS, render
from sapat.reports.services import report_request
from sapat.testing import factories as f
from sapat.testing.marks import add_periods, put_marks

from .paper import check_paper
from .readback import text_of, xlsx_sheets

PARAMS = {"unit": "ALA", "year": "2024-2025", "span": "2", "period": "year"}


def _class_with_marks(world, school, year, period, good: int, total: int):
    school_class = f.SchoolClassFactory(school=school, year=year, grade=7 + int(year.code[3]) - 3, letter="к")
    marks = {}
    for i in range(total):
        student = f.EnrolmentFactory(school_class=school_class, student__school=school).student
        marks[(student, world.math)] = "5" if i < good else "3"
    put_marks(school_class, period, marks)


@pytest.fixture
def district(world):
    before = f.AcademicYearFactory(code="2023-2024")
    periods = {year.code: add_periods(year)["year"] for year in (before, world.year)}
    for school, counts in ((world.school_a, ((15, 30), (28, 30))), (world.school_b, ((3, 6), (4, 6)))):
        for year, (good, total) in zip((before, world.year), counts, strict=True):
            _class_with_marks(world, school, year, periods[year.code], good, total)
    return {"world": world, "periods": periods}


def report(world, language="en", **params):
    kind = REPORTS["comparative"]
    return kind.build(kind.resolve({**PARAMS, **params}, world.dana), language, lambda percent: None)


def test_table_holds_the_engines_figures_with_the_total_from_summed_counts(district):
    world, periods = district["world"], district["periods"]
    document = report(world)
    table = document.tables()[0]
    header = [c.heading for c in table.columns]
    assert header[:3] == ["Unit", "2023-2024: students (N)", "2023-2024: quality of knowledge"]
    rows = {row[0]: row for row in table.rows}
    for code, period in periods.items():
        engine_a = figures(Filter(world.school_a, period))[None]
        engine_all = figures(Filter(world.alamedin, period))[None]
        start = 1 + 5 * list(periods).index(code)
        assert rows["School A"][start : start + 5] == tuple(
            engine_a[k] for k in ("students", "quality_pct", "success_pct", "average_mark", "sou_pct")
        )
        assert rows["Total"][start + 1] == engine_all["quality_pct"]
    assert rows["Total"][7] == pytest.approx(32 * 100 / 36)  # (28 + 4) of 36


def test_rating_and_dynamics_are_honest(district):
    document = report(district["world"])
    rating = next(t for t in document.tables() if t.sheet == "Rating")
    # One rated school: it is at the mean (σ = 0), so its band is "average".
    assert [(r[0], r[1], r[3]) for r in rating.rows] == [(1, "School A", "average"), (None, "School B", "not rated")]
    texts = [b.text for s in document.sections for b in s.blocks if hasattr(b, "text")]
    assert any(t.startswith("Clear rise from 2023-2024 to 2024-2025: School A (50.0") for t in texts)
    assert any(t.startswith("No clear change (or groups too small to judge): School B") for t in texts)


@pytest.mark.parametrize("language", ("ky", "kk", "ru", "en"))
def test_comparative_renders_in_every_format_and_language(district, language):
    document = report(district["world"], language)
    for fmt in FORMATS:
        data = render(document, fmt)
        text = text_of(data, fmt)
        check_paper(document, data, fmt)
        assert "2023-2024" in text and "2024-2025" in text
        assert ("93,3" if language != "en" else "93.3") in text or fmt == "xlsx"


class CategoriesSource:
    """A stand-in for the teacher-categories data of a later issue: counts by district by year."""

    code = "categories"

    def measures(self, unit=None):
        return [Measure("teachers", "teachers", COUNT), Measure("expert", "teacher-expert", COUNT, share_of="teachers")]

    def values(self, unit, level, year, period_code):
        counts = {"2023-2024": (40, 8), "2024-2025": (50, 15)}[year.code]
        schools = {
            u.pk: {"teachers": counts[0] // 2, "expert": counts[1] // 2} for u in comparative._units(unit, level)
        }
        return Values(schools, {"teachers": counts[0], "expert": counts[1]})

    def rated(self):
        return None


def test_a_new_data_source_is_a_new_table_not_a_new_renderer(district, monkeypatch):
    monkeypatch.setitem(comparative.SOURCES, "categories", CategoriesSource())
    data = render(report(district["world"], source="categories"), "xlsx")
    rows = xlsx_sheets(data)["Units"]
    percentage = next(row for row in rows if row[0] == "Percentage")
    assert percentage[1:] == (None, 20.0, None, 30.0)  # 8 of 40, 15 of 50


def test_the_worker_builds_the_district_report(district):
    run = report_request(kind="comparative", params=PARAMS, language="ru", fmt="xlsx", user=district["world"].dana)
    assert run.status == ReportRun.Status.QUEUED
    call_command("run_reports", "--once", stdout=StringIO())
    run.refresh_from_db()
    assert run.status == ReportRun.Status.DONE and run.data_as_of is not None
