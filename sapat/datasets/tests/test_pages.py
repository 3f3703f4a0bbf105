"""The pages of data sets and indicators: who reaches what (another unit's data set is a 404), the form saved
all or nothing with the cell's reason, approval steps, the board, and defining an indicator with a preview."""

import pytest
from django.urls import reverse

from sapat.datasets.models import DataValue, Submission
from sapat.indicators.models import Indicator
from sapat.testing import datasets as ds

pytestmark = pytest.mark.django_db


@pytest.fixture
def health(world, periods):
    return ds.load(ds.health())


def form_url(unit, dataset, period):
    return reverse("datasets:form", args=(unit.code, dataset.code, period.pk))


@pytest.mark.parametrize(
    ("person", "school", "status"),
    [
        ("zarina", "school_a", 200),
        ("aigul", "school_a", 200),  # sees, does not enter
        ("dana", "school_b", 200),
        ("zarina", "school_b", 404),  # another school's data set
        ("timur", "school_a", 404),  # a teacher who enters none of it
        ("parvina", "school_a", 404),
        ("charlie", "school_a", 404),
        ("sultan", "school_a", 404),  # another district
    ],
)
def test_who_reaches_a_schools_form(world, periods, health, login, person, school, status):
    client = login(getattr(world, person))
    assert client.get(form_url(getattr(world, school), health, periods["year"])).status_code == status


def test_the_form_saves_a_table_and_refuses_a_bad_cell_with_its_reason(world, periods, health, login):
    client = login(world.zarina)
    url = form_url(world.school_a, health, periods["year"])
    page = client.get(url)
    g1 = next(c.element for c in page.context["rows"][0].cells if c.element.code == "g1")
    name = f"v-{g1.pk}-{world.a8a.pk}-0"
    assert client.post(url, {name: "1"}).status_code == 302
    assert DataValue.objects.get(school_class=world.a8a, element=g1).number == 1
    refused = client.post(url, {name: "-3", f"v-{g1.pk}-{world.a8b.pk}-0": "1"})
    assert refused.status_code == 200
    assert "at least 0" in refused.content.decode()
    assert DataValue.objects.filter(element=g1).count() == 1


def test_a_reader_who_does_not_enter_cannot_post(world, periods, health, login):
    assert login(world.aigul).post(form_url(world.school_a, health, periods["year"]), {}).status_code == 403


def test_the_steps_of_approval_through_the_pages(world, periods, health, login, client):
    step = reverse("datasets:step", args=("A", health.code, periods["year"].pk))
    login(world.zarina)
    client.post(step, {"action": "submit", "responsible": "Zarina Z."})
    assert Submission.objects.get().responsible == "Zarina Z."
    client.post(step, {"action": "approve"})  # the school may not approve itself
    assert Submission.objects.get().state == "submitted"
    login(world.dana)
    client.post(step, {"action": "return", "reason": "8б missing"})
    assert Submission.objects.get().state == "returned"
    board = client.get(reverse("datasets:board", args=("ALA", health.code, periods["year"].pk)))
    assert "8б missing" in board.content.decode()


def test_the_board_is_for_the_level_above(world, periods, health, login):
    url = reverse("datasets:board", args=("ALA", health.code, periods["year"].pk))
    assert login(world.dana).get(url).status_code == 200
    assert login(world.sultan).get(url).status_code == 404
    assert login(world.zarina).get(url).status_code == 404


def test_the_index_lists_the_data_sets_of_the_unit(world, periods, health, login):
    page = login(world.zarina).get(reverse("datasets:index", args=("A",)))
    assert page.status_code == 200 and "Health groups" in page.content.decode()


def test_a_district_defines_an_indicator_after_a_preview(world, periods, health, login):
    ds.put(health, periods["year"], {(ds.of_class(world.a8a), "g1"): "1", (ds.of_class(world.b8a), "g2"): "1"})
    client = login(world.dana)
    url = reverse("indicators:define", args=("ALA",))
    data = {
        "code": "main_share",
        "name_en": "main group share",
        "numerator": "health.g1",
        "denominator": "health.g1 + health.g2 + health.g3",
        "factor": 100,
        "measure": "percent",
        "better": "higher",
        "precision": 1,
        "period": periods["year"].pk,
    }
    preview = client.post(url, {**data, "preview": "1"})
    assert preview.status_code == 200
    rows = preview.context["preview"]["rows"]
    assert [(label, value) for label, value, _counts in rows] == [
        ("Alamedin", 50.0),
        ("School A", 100.0),
        ("School B", 0.0),
    ]
    assert not Indicator.objects.filter(code="main_share").exists()
    assert client.post(url, {**data, "save": "1"}).status_code == 302
    assert Indicator.objects.get(code="main_share").owner == world.alamedin
    listing = client.get(reverse("indicators:index", args=("ALA",)))
    assert "main group share" in listing.content.decode()


def test_a_formula_that_averages_percentages_is_refused_on_the_page(world, periods, health, login):
    client = login(world.dana)
    data = {
        "code": "bad",
        "name_en": "bad",
        "numerator": "health.g1 / health.g2",
        "denominator": "health.g3",
        "factor": 100,
        "measure": "percent",
        "better": "higher",
        "precision": 1,
        "save": "1",
    }
    page = client.post(reverse("indicators:define", args=("ALA",)), data)
    assert page.status_code == 200 and "divide by a count" in page.content.decode()


def test_only_who_may_change_the_unit_defines(world, login):
    assert login(world.zarina).get(reverse("indicators:define", args=("A",))).status_code == 403
    assert login(world.sultan).get(reverse("indicators:define", args=("ALA",))).status_code == 404


def test_the_dashboard_shows_the_data_sets_figures_by_direction_beside_the_marks(world, periods, health, login):
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
    ds.put(health, periods["year"], {(ds.of_class(world.a8a), "g1"): "3", (ds.of_class(world.a8a), "g2"): "1"})
    page = login(world.dana).get(reverse("dashboards:unit", args=("A",)) + "?year=2024-2025&period=year")
    table = page.context["page"].table("directions")
    assert table is not None
    row = next(r for r in table.rows if r[1] == "main group share")
    assert row[0] == "level of health" and row[3] == 75.0 and row[5] == 75.0  # the district: the same classes
    assert row[6].startswith("not approved")


def test_the_comparative_report_compares_schools_by_a_data_sets_indicators(world, periods, health):
    from sapat.reports.builders import REPORTS

    ds.put(
        health,
        periods["year"],
        {
            (ds.of_class(world.a8a), "g1"): "3",
            (ds.of_class(world.a8a), "g2"): "1",
            (ds.of_class(world.b8a), "g1"): "1",
            (ds.of_class(world.b8a), "g3"): "1",
        },
    )
    from sapat.indicators.services import Definition, indicator_define

    indicator_define(
        definition=Definition(
            code="main_share",
            owner=None,
            names=ds.names("main group share"),
            numerator="health.g1",
            denominator="health.g1 + health.g2 + health.g3",
            factor=100,
        )
    )
    kind = REPORTS["comparative"]
    params = {
        "unit": "ALA",
        "level": "school",
        "source": "dataset:health",
        "year": "2024-2025",
        "span": "1",
        "period": "year",
        "cohort_grade": "0",
    }
    document = kind.build(kind.resolve(params, world.dana), "en", lambda percent: None)
    values = document.data["per_year"]["2024-2025"]
    assert values.units[world.school_a.pk]["main_share"] == 75.0
    assert values.units[world.school_b.pk]["main_share"] == 50.0
    assert values.total["main_share"] == pytest.approx(400 / 6)
