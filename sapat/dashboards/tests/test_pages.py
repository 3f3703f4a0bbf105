"""The dashboards show the hand-computed figures of marked.py, with their change, parent and drill-down."""

import re

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(shared, db):
    return shared[0]


@pytest.fixture
def marked(shared):
    return shared[1]


def page_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.context["page"]


def figures(page) -> dict:
    return {figure.code: figure for figure in page.figures}


def section(page, name):
    return next(s for s in page.sections if s.name == name)


def rows(page, name) -> dict:
    """{first cell: row} of a section's table."""
    return {row[0]: row for row in section(page, name).table.rows}


def test_school_headline_has_figures_change_against_q1_and_the_districts_value(world, marked, login, q2):
    page = page_of(login(world.aigul), f"/dashboards/unit/A/{q2}")
    found = figures(page)
    assert found["quality_pct"].value == pytest.approx(400 / 6)
    assert found["quality_pct"].change == pytest.approx(400 / 6 - 100)
    assert found["quality_pct"].parent == pytest.approx(400 / 7)
    assert found["success_pct"].value == pytest.approx(500 / 6)
    assert found["success_pct"].parent == pytest.approx(600 / 7)
    assert found["average_mark"].value == pytest.approx(49 / 12)
    assert found["sou_pct"].value == pytest.approx(844 / 12)
    assert (found["students"].value, found["excellent"].value, found["failing"].value) == (6, 2, 1)
    assert found["missing"].value == 0
    assert page.parent_label == "Alamedin"
    assert page.as_of is not None


def test_a_drop_in_a_small_group_is_not_called_a_fall(world, marked, login, q2):
    quality = figures(page_of(login(world.aigul), f"/dashboards/unit/A/{q2}"))["quality_pct"]
    assert quality.verdict.verdict == "no_clear_change"  # 6 of 6, then 4 of 6: the intervals overlap


def test_school_compares_its_classes_against_its_own_value(world, marked, login, q2):
    page = page_of(login(world.aigul), f"/dashboards/unit/A/{q2}")
    children = section(page, "children")
    assert children.chart.categories == ("8а", "8б")
    assert children.chart.series[0].values == (50.0, 100.0)
    assert children.chart.reference == pytest.approx(400 / 6)
    assert children.table.links[0].startswith(f"/dashboards/class/{world.a8a.pk}/?year=2024-2025&period=q2")


def test_distribution_gives_shares_of_all_marks(world, marked, login, q2):
    page = page_of(login(world.aigul), f"/dashboards/unit/A/{q2}")
    school_row = rows(page, "distribution")["School A"]
    assert school_row[1:] == pytest.approx([500 / 12, 400 / 12, 200 / 12, 100 / 12, 0])


def test_heatmap_holds_quality_of_each_class_in_each_subject(world, marked, login, q2):
    heatmap = section(page_of(login(world.aigul), f"/dashboards/unit/A/{q2}"), "heatmap")
    assert heatmap.chart.categories == ("Literature", "Mathematics")
    assert heatmap.chart.rows == ("8а", "8б")
    assert [s.values for s in heatmap.chart.series] == [(75.0, 50.0), (100.0, 100.0)]


def test_heatmap_table_opens_on_demand_and_other_tables_show(world, marked, login, q2):
    """The map shows every value; its table (one column per subject, wider than a card) folds beneath it."""
    html = login(world.aigul).get(f"/dashboards/unit/A/{q2}").content.decode()
    fold = re.search(r'<details class="table-fold" data-testid="table-fold-heatmap">(.*?)</details>', html, re.S)
    assert fold and 'data-testid="table-heatmap"' in fold.group(1)
    assert html.count('class="table-fold"') == 1


def test_a_subject_narrows_every_figure(world, marked, login, q2):
    page = page_of(login(world.aigul), f"/dashboards/unit/A/{q2}&subject=math")
    assert figures(page)["quality_pct"].value == pytest.approx(400 / 6)
    assert figures(page)["excellent"].value is None  # a count of students across subjects only
    assert rows(page, "teachers")["Timurov Timur"][2] == 50.0


def test_district_rates_its_schools_and_leaves_small_ones_unrated(world, marked, login, q2):
    rating = section(page_of(login(world.dana), f"/dashboards/unit/ALA/{q2}"), "rating")
    assert {row[1]: (row[0], row[2]) for row in rating.table.rows} == {
        "School A": (None, pytest.approx(400 / 6)),
        "School B": (None, 0.0),
    }
    assert all("fewer than 10" in row[5] for row in rating.table.rows)


def test_class_is_compared_with_its_parallel(world, marked, login, q2):
    page = page_of(login(world.timur), f"/dashboards/class/{world.a8a.pk}/{q2}")
    assert figures(page)["quality_pct"].value == 50.0
    assert figures(page)["quality_pct"].parent == pytest.approx(400 / 6)
    assert page.parent_label == "Parallel 8"
    students = rows(page, "students")
    assert students["Asanov Aibek"][1:7] == [2, 0, 0, 0, 0, 5.0]


def test_teacher_sees_their_subject_in_their_classes_against_the_school(world, marked, login, q2):
    page = page_of(login(world.timur), f"/dashboards/teacher/{world.timur_staff.pk}/{q2}")
    assert page.selection.subject == world.math
    assert figures(page)["quality_pct"].value == 50.0
    assert figures(page)["quality_pct"].parent == pytest.approx(400 / 6)
    assert list(rows(page, "classes")) == ["8а"]


def test_student_dashboard_shows_their_average_against_the_class(world, marked, login, q2):
    page = page_of(login(world.aigul), f"/dashboards/student/{world.aibek.pk}/{q2}")
    average = figures(page)["average_mark"]
    assert (average.value, average.change, average.parent) == (5.0, 1.0, 31 / 8)
    assert rows(page, "marks")["Mathematics"][1:3] == ["4", "5"]


def test_parent_sees_the_childs_marks_but_not_the_class(world, marked, login, q2):
    page = page_of(login(world.parvina), f"/dashboards/student/{world.aibek.pk}/{q2}")
    assert figures(page)["average_mark"].value == 5.0
    assert figures(page)["average_mark"].parent is None
    assert [s.name for s in section(page, "subjects").chart.series] == ["Student"]


def test_at_risk_lists_the_most_urgent_first(world, marked, login, q2):
    """s3 fails mathematics (4 → 2) and drops in literature (4 → 3): urgency (1 failing, 3 marks lost, 2
    subjects); s2 only drops in mathematics (4 → 3): (0, 1, 1). s3 comes first although s2 sorts first by name."""
    page = page_of(login(world.aigul), f"/dashboards/unit/A/at-risk/{q2}")
    assert list(rows(page, "at_risk")) == ["S3 Aibek", "S2 Aibek"]


def test_class_dashboard_lists_its_students_at_risk(world, marked, login, q2):
    page = page_of(login(world.timur), f"/dashboards/class/{world.a8a.pk}/{q2}")
    assert list(rows(page, "at_risk")) == ["S3 Aibek", "S2 Aibek"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("&why=failing", ["S3 Aibek"]),
        ("&why=drop", ["S3 Aibek", "S2 Aibek"]),
        ("&why=not_assessed", []),
        ("&why=nonsense", ["S3 Aibek", "S2 Aibek"]),
        ("&class=A8A", ["S3 Aibek", "S2 Aibek"]),
        ("&class=0", ["S3 Aibek", "S2 Aibek"]),
    ],
)
def test_at_risk_filters_by_reason_and_class(world, marked, login, q2, query, expected):
    query = query.replace("A8A", str(world.a8a.pk))
    page = page_of(login(world.aigul), f"/dashboards/unit/A/at-risk/{q2}{query}")
    assert list(rows(page, "at_risk")) == expected


def test_at_risk_comes_in_pages_and_the_export_holds_every_row(world, marked, login, q2, monkeypatch):
    monkeypatch.setattr("sapat.dashboards.analysed.PAGE_SIZE", 1)
    client = login(world.aigul)
    first = section(page_of(client, f"/dashboards/unit/A/at-risk/{q2}&why=drop"), "at_risk")
    assert [row[0] for row in first.table.rows] == ["S3 Aibek"]
    assert (first.pager.number, first.pager.pages, first.pager.total, first.pager.previous) == (1, 2, 2, None)
    assert "why=drop" in first.pager.next and "page=2" in first.pager.next
    beyond = section(page_of(client, f"/dashboards/unit/A/at-risk/{q2}&page=99"), "at_risk")
    assert ([row[0] for row in beyond.table.rows], beyond.pager.first, beyond.pager.next) == (["S2 Aibek"], 2, None)
    export = client.get(f"/dashboards/unit/A/at-risk/{q2}&page=2&format=csv&table=at_risk")
    assert export.status_code == 200
    text = b"".join(export.streaming_content if export.streaming else [export.content]).decode("utf-8-sig")
    assert "S3 Aibek" in text and "S2 Aibek" in text


def test_control_work_is_compared_with_the_previous_one(world, marked, login, q2):
    page = page_of(login(world.aigul), f"/dashboards/unit/A/{q2}&subject=math")
    control = section(page, "control")
    assert control.table.title == (
        "Second half-year control work (2025-04-25) compared with First half-year control work (2024-12-20)"
    )
    row = rows(page, "control")["8а"]
    header = control.table.header
    assert row[header.index("quality of knowledge")] == 75.0
    assert row[header.index("Δ quality of knowledge")] == 25.0


def test_objectivity_compares_control_marks_with_the_journal(world, marked, login, q2):
    page = page_of(login(world.aigul), f"/dashboards/unit/A/{q2}&subject=math&work=h1")
    objectivity = section(page, "objectivity")
    header = objectivity.table.header
    row = rows(page, "objectivity")["8а"]
    assert [row[header.index(name)] for name in ("compared", "confirmed", "raised", "lowered (not confirmed)")] == [
        4, 3, 1, 0,
    ]  # fmt: skip
    teachers = rows(page, "objectivity_teachers")
    assert teachers["Timurov Timur"][1:6] == [4, 4, 3, 1, 0]


def test_without_a_subject_the_control_works_are_offered(world, marked, login, q2):
    control = section(page_of(login(world.aigul), f"/dashboards/unit/A/{q2}"), "control")
    assert [label for label, _url, _current in control.choices] == [
        "Mathematics: First half-year control work (2024-12-20)",
        "Mathematics: Second half-year control work (2025-04-25)",
    ]
    assert control.table is None


def test_district_sums_control_works_per_school(world, marked, login, q2):
    page = page_of(login(world.dana), f"/dashboards/unit/ALA/{q2}&subject=math")
    assert list(rows(page, "control")) == ["School A", "Total"]


def test_every_page_renders_its_charts_as_svg(world, marked, login, q2):
    client = login(world.rita)
    for url in ("/dashboards/unit/NORTH/", "/dashboards/unit/ALA/", "/dashboards/unit/A/",
                "/dashboards/unit/A/parallel/8/", f"/dashboards/class/{world.a8a.pk}/",
                f"/dashboards/teacher/{world.timur_staff.pk}/", f"/dashboards/student/{world.aibek.pk}/"):  # fmt: skip
        html = client.get(url + q2).content.decode()
        assert "<svg" in html and "<title id=" in html, url
        scripts = re.findall(r"<script[^>]*>", html)  # charts need no script: only the site's own static file
        assert all(re.search(r'src="/static/web/sapat[^"]*\.js"', tag) for tag in scripts), (url, scripts)


def test_unknown_parameters_fall_back_to_the_defaults(world, marked, login):
    page = page_of(login(world.aigul), "/dashboards/unit/A/?year=1999-2000&period=zz&subject=nope&indicator=x")
    assert page.selection.year == world.year
    assert page.selection.subject is None
    assert page.selection.indicator == "quality_pct"


def test_indicator_changes_the_comparison(world, marked, login, q2):
    page = page_of(login(world.aigul), f"/dashboards/unit/A/{q2}&indicator=average_mark")
    children = section(page, "children")
    assert children.chart.unit == "mark"
    assert children.chart.series[0].values == (31 / 8, 4.5)


def test_parallel_shows_its_classes(world, marked, login, q2):
    page = page_of(login(world.aigul), f"/dashboards/unit/A/parallel/8/{q2}")
    assert figures(page)["quality_pct"].value == pytest.approx(400 / 6)
    assert list(rows(page, "children")) == ["8а", "8б"]


def test_peers_are_summed_only_when_asked_for(world, marked, login, q2):
    client = login(world.rita)
    offered = section(page_of(client, f"/dashboards/unit/A/{q2}"), "peers")
    assert offered.table is None
    assert offered.choices[0][1] == f"{q2}&peers=1"
    peers = section(page_of(client, f"/dashboards/unit/A/{q2}&peers=1"), "peers")
    assert [row[0] for row in peers.table.rows] == ["Alamedin", "North", "School A", "School B"]


def test_a_deputy_is_not_shown_other_schools(world, marked, login, q2):
    page = page_of(login(world.aigul), f"/dashboards/unit/A/{q2}&peers=1")
    assert "peers" not in [s.name for s in page.sections]


def test_a_headline_figure_is_shown_with_its_indicators_precision(world, marked, login, q2):
    from sapat.indicators.models import Indicator

    quality = Indicator.objects.get(code="quality_pct", owner=None)
    quality.precision = 2  # a regional officer asks for two decimals
    quality.save()
    page = page_of(login(world.aigul), f"/dashboards/unit/A/{q2}")
    figure = figures(page)["quality_pct"]
    assert figure.value_text.replace("\u00a0", " ") in ("66.67 %", "66,67 %")  # 400 / 6
    assert figure.change_text.replace("\u00a0", " ") in ("\u221233.33 pp", "\u221233,33 pp")  # 400 / 6 − 100
    assert figures(page)["success_pct"].value_text.replace("\u00a0", " ") in ("83.3 %", "83,3 %")  # 500 / 6, one


def test_every_table_shows_an_indicator_with_its_precision(world, marked, login, q2):
    """The same figure reads the same in the headline, in the tables and in their XLSX (50,00 %, not 50,0 %)."""
    import io

    from openpyxl import load_workbook

    from sapat.indicators.models import Indicator

    quality = Indicator.objects.get(code="quality_pct", owner=None)
    quality.precision = 2
    quality.save()
    client = login(world.aigul)
    html = client.get(f"/dashboards/unit/A/{q2}").content.decode()
    children = html.split('data-testid="table-children"')[1].split("</table>")[0]
    row_8a = re.search(r">8а</a></th>(.*?)</tr>", children).group(1)
    assert re.findall(r'<td class="num">([^<]*)</td>', row_8a)[1:4] == ["50.00\u00a0%", "75.0\u00a0%", "3.88"]
    book = load_workbook(io.BytesIO(client.get(f"/dashboards/unit/A/{q2}&format=xlsx&table=children").content))
    header = [c.value for c in book.active[1]]
    first = book.active[2]
    assert first[header.index("quality of knowledge")].number_format == "0.00"
    assert first[header.index("success rate")].number_format == "0.0"
