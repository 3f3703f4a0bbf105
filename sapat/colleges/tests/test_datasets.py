"""A college's objects of monitoring as shipped data sets (seed 003 3.2–3.3): kept by colleges only, entered by
the college's director, deputy, methodist and head of department, approved by the level above, and counted into
the registry's indicators shown on the college's dashboard. A school neither sees nor reports them, and a
college does not report the data sets kept by schools only."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from sapat.datasets.models import DataSet, DataValue
from sapat.datasets.selectors import datasets_for, expected_units
from sapat.datasets.services import ValuesRefused
from sapat.testing import datasets as ds

pytestmark = pytest.mark.django_db

COLLEGE_SETS = {"college_methodical", "college_research", "college_facilities", "college_achievements"}


@pytest.fixture
def shipped(college, periods):
    call_command("load_dataset", "--shipped", "--assign-to=NORTH", stdout=io.StringIO())
    return {d.code: d for d in DataSet.objects.all()}


def form_url(unit, dataset, period):
    return reverse("datasets:form", args=(unit.code, dataset.code, period.pk))


def test_a_college_reports_its_own_data_sets_and_not_the_schools_only_ones(world, college, shipped):
    of_college = {d.code for d in datasets_for(college.unit)}
    of_school = {d.code for d in datasets_for(world.school_a)}
    assert of_college >= COLLEGE_SETS
    assert not {"equipment", "innovation", "graduates", "primary"} & of_college
    assert "health" in of_college and "health" in of_school  # kept by both
    assert not COLLEGE_SETS & of_school
    assert expected_units(shipped["college_methodical"], world.region) == [college.unit]
    assert college.unit not in expected_units(shipped["equipment"], world.region)
    assert world.school_a in expected_units(shipped["equipment"], world.region)


def test_a_schools_only_data_set_refuses_a_colleges_value(college, shipped, periods):
    with translation.override("en"), pytest.raises(ValuesRefused) as refused:
        ds.put(shipped["equipment"], periods["year"], {(ds.of_unit(college.unit), "classrooms"): "30"})
    assert "kept by schools only" in str(refused.value.errors)
    assert not DataValue.objects.exists()


@pytest.mark.parametrize(
    ("person", "status"),
    [("kanat", 200), ("asel", 200), ("baktygul", 200), ("nurlan", 200), ("meerim", 404), ("ainura", 404)],
)
def test_who_reaches_the_colleges_form(college, shipped, periods, login, person, status):
    url = form_url(college.unit, shipped["college_methodical"], periods["year"])
    assert login(college.users[person]).get(url).status_code == status


def test_neither_a_curator_nor_a_teacher_nor_a_parent_reads_a_units_own_values(world, college, shipped, periods, login):
    url = form_url(college.unit, shipped["college_methodical"], periods["year"])
    assert login(college.users["meerim"]).post(url, {}).status_code == 404
    assert login(college.users["ulan"]).get(url).status_code == 404
    assert login(world.parvina).get(form_url(world.school_a, shipped["equipment"], periods["year"])).status_code == 404
    assert login(world.aigul).get(form_url(world.school_a, shipped["equipment"], periods["year"])).status_code == 200


def test_a_school_does_not_reach_a_colleges_data_set(world, shipped, periods, login):
    url = form_url(world.school_a, shipped["college_methodical"], periods["year"])
    assert login(world.aigul).get(url).status_code == 404


def test_the_methodist_saves_the_form_and_the_indicators_are_computed(college, shipped, periods, login):
    dataset = shipped["college_methodical"]
    elements = {e.code: e for e in dataset.elements.all()}
    filled = {"disciplines": "80", "disciplines_complex": "60", "aids_published": "3", "guidelines_published": "9",
              "teachers": "40"}  # fmt: skip
    data = {f"v-{elements[code].pk}-0-0": value for code, value in filled.items()}
    client = login(college.users["baktygul"])
    assert client.post(form_url(college.unit, dataset, periods["year"]), data).status_code == 302
    assert DataValue.objects.filter(dataset=dataset, unit=college.unit).count() == 5
    page = login(college.users["kanat"]).get(reverse("dashboards:unit", args=("NATEC",)) + "?period=year")
    rows = {row[1]: row for row in page.context["page"].table("directions").rows}
    with translation.override("en"):
        complex_row = rows[str(_name("college_complex_pct"))]
        aids_row = rows[str(_name("college_aids_per_100"))]
    assert complex_row[3] == 75.0  # 60 of 80 disciplines
    assert aids_row[3] == 30.0  # (3 + 9) × 100 ÷ 40


def _name(code):
    from sapat.indicators.models import Indicator

    return Indicator.objects.get(code=code).name


def test_a_bad_cell_of_the_colleges_form_is_refused_whole(college, shipped, periods):
    target = ds.of_unit(college.unit)
    with translation.override("ru"), pytest.raises(ValuesRefused) as refused:
        ds.put(shipped["college_methodical"], periods["year"], {(target, "disciplines"): "10",
                                                                 (target, "disciplines_complex"): "12"})  # fmt: skip
    assert "дисциплин с комплексом больше, чем дисциплин" in str(refused.value.errors)
    assert not DataValue.objects.exists()


def test_the_head_of_department_submits_and_the_region_approves(world, college, shipped, periods, login):
    dataset = shipped["college_research"]
    ds.put(dataset, periods["year"], {(ds.of_unit(college.unit), "teachers"): "30"})
    step = reverse("datasets:step", args=("NATEC", dataset.code, periods["year"].pk))
    login(college.users["nurlan"]).post(step, {"action": "submit", "responsible": "Nurlan N."})
    login(college.users["kanat"]).post(step, {"action": "approve"})  # a college cannot approve itself
    assert dataset.submissions.get().state == "submitted"
    login(world.rita).post(step, {"action": "approve"})
    assert dataset.submissions.get().state == "approved"
    board = login(world.rita).get(reverse("datasets:board", args=("NORTH", dataset.code, periods["year"].pk)))
    assert [row.unit.code for row in board.context["rows"]] == ["NATEC"]
