"""The open public report: only published units, aggregates only, small groups hidden, never a name.

School A, 1st quarter, mathematics: 8а six students (Aibek 5; 5, 4, 4, 3, 2), 8б four (Bolot 4; 4, 3, 5),
9в three, 10а two. Grade 8 has 10 students (shown), grades 9 and 10 have 3 and 2 (hidden, min 5).
The school's figures must equal the engine's (indicators.selectors.figures) for the same unit and period.
"""

import pytest

from sapat.indicators.selectors import Filter, figures
from sapat.reports.builders import REPORTS
from sapat.reports.builders.public import visible_groups
from sapat.reports.renderers import FORMATS, render
from sapat.reports.services import publication_create
from sapat.testing import factories as f
from sapat.testing.marks import add_periods, put_marks

from .paper import check_paper
from .readback import text_of

LANGUAGES = ("ky", "kk", "ru", "en")
SECRET = "Secretova"  # every extra student's last name: it must never show
PEOPLE = ("Asanov", "Aibek", "Bolotov", "Bolot", SECRET, "Timurov", "Bakytov", "Kadyrova")


def _class(world, grade, letter, marks, first=None):
    school_class = {("8", "а"): world.a8a, ("8", "б"): world.a8b}.get((str(grade), letter))
    if school_class is None:
        school_class = f.SchoolClassFactory(school=world.school_a, year=world.year, grade=grade, letter=letter)
    students = [first] if first else []
    for i in range(len(marks) - len(students)):
        students.append(
            f.EnrolmentFactory(
                school_class=school_class, student__last_name=SECRET, student__first_name=f"N{i}"
            ).student
        )
    return school_class, {(student, world.math): mark for student, mark in zip(students, marks, strict=True)}


@pytest.fixture
def published(world):
    periods = add_periods(world.year)
    for grade, letter, marks, first in (
        (8, "а", ["5", "5", "4", "4", "3", "2"], world.aibek),
        (8, "б", ["4", "4", "3", "5"], world.bolot),
        (9, "в", ["5", "4", "3"], None),
        (10, "а", ["4", "3"], None),
    ):
        school_class, entries = _class(world, grade, letter, marks, first)
        put_marks(school_class, periods["q1"], entries)
    publication = publication_create(unit=world.school_a, period=periods["q1"], user=world.aigul)
    return {"world": world, "period": periods["q1"], "publication": publication}


def public_document(language="en", unit="A"):
    kind = REPORTS["public"]
    return kind.build(kind.resolve({"unit": unit, "year": "2024-2025", "period": "q1"}, None), language, None)


def test_small_groups_are_hidden_and_said_so(published):
    document = public_document()
    parallel = next(t for t in document.tables() if t.sheet == "By parallel")
    assert [row[0] for row in parallel.rows] == ["Grade 8"]
    assert parallel.rows[0][1] == 10
    assert any(getattr(b, "text", "") == "2 groups are not shown." for s in document.sections for b in s.blocks)


def test_the_figures_are_the_engines(published):
    world = published["world"]
    engine = figures(Filter(unit=world.school_a, period=published["period"]))[None]
    main = next(t for t in public_document().tables() if t.sheet == "Main figures")
    assert main.rows[0][1:] == (
        engine["students"],
        engine["quality_pct"],
        engine["success_pct"],
        engine["average_mark"],
        engine["sou_pct"],
    )
    assert engine["students"] == 15


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_personal_data_in_any_format(published, language):
    document = public_document(language)
    for fmt in FORMATS:
        data = render(document, fmt)
        text = text_of(data, fmt)
        check_paper(document, data, fmt)
        for name in PEOPLE:
            assert name not in text
        assert "School A" in text or "Школа А" in text


def test_one_hidden_group_hides_the_next_smallest_too():
    """Otherwise the hidden group is the total minus the others."""
    rows = {None: {"students": 30}, 1: {"students": 3}, 2: {"students": 12}, 3: {"students": 15}}
    assert set(visible_groups(rows, 5)) == {3}
    rows[4] = {"students": 2}
    assert set(visible_groups(rows, 5)) == {2, 3}


def test_a_district_publication_shows_its_schools_not_people(published):
    world = published["world"]
    publication_create(unit=world.alamedin, period=published["period"], user=world.dana)
    document = public_document(unit="ALA")
    by_unit = next(t for t in document.tables() if t.sheet == "By unit")
    assert [row[0] for row in by_unit.rows] == ["School A"]


def test_anyone_reads_a_published_report_without_login(published, client):
    page = client.get("/reports/public/A/2024-2025/q1/?language=en")
    assert page.status_code == 200
    assert "Grade 8" in page.text and SECRET not in page.text
    pdf = client.get("/reports/public/A/2024-2025/q1/?format=pdf&language=kk")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert "School A" in client.get("/reports/public/").text


def test_an_unpublished_unit_is_a_404(published, client):
    assert client.get("/reports/public/B/2024-2025/q1/").status_code == 404
    assert client.get("/reports/public/A/2024-2025/q2/").status_code == 404
    assert client.get("/reports/public/A/2024-2025/q1/?format=exe").status_code == 404


def test_a_too_small_unit_shows_no_figures(published):
    publication = published["publication"]
    publication.min_group = 20
    publication.save()
    document = public_document()
    assert not document.tables()


def test_the_data_sets_figures_are_published_only_when_approved_and_not_too_small(published):
    """Health groups of A's 8а and 8б (6 and 4 students on the lists): main group 4 + 3 of 4 + 1 + 2 + 0."""
    from sapat.datasets.services import submission_step
    from sapat.testing import datasets as ds

    world, period = published["world"], published["period"]
    year = period.year.periods.get(code="year")
    health = ds.load(ds.health())
    ds.put(
        health,
        year,
        {
            (ds.of_class(world.a8a), "g1"): "4",
            (ds.of_class(world.a8a), "g2"): "1",
            (ds.of_class(world.a8b), "g1"): "3",
            (ds.of_class(world.a8b), "g3"): "2",
        },
    )
    from sapat.indicators.services import Definition, indicator_define

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

    def section():
        return next((s for s in public_document().sections if "Other indicators" in s.title), None)

    assert section() is None  # not approved yet
    submission_step(dataset=health, period=year, unit=world.school_a, action="submit", user=world.zarina)
    submission_step(dataset=health, period=year, unit=world.school_a, action="approve", user=world.dana)
    table = section().blocks[0]
    assert table.rows == (("level of health", "main group share", "year", "70.0\u00a0%"),)  # 7 of 10
