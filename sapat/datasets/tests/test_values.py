"""Data set values: hand-computed sums at class, school, district and region, the rules, the strict reading of
cells, all-or-nothing saves, and a formula indicator over the sums.

Health groups of the year 2024-2025 (class lists padded to these sizes):

    class   on list  g1  g2  g3  checked
    A 8а    25       20   4   1  yes
    A 8б    22       18   3   0  no
    B 8а    15       12   2   1  yes
    C 9а    20       15   5   0  yes

    school A: g1 38, g2 7, g3 1; district Alamedin: 50, 9, 2; region: 65, 14, 2
    main group share = g1 × 100 / (g1 + g2 + g3): A 8а 80; A 3800/46; Alamedin 5000/61; region 6500/81
"""

from decimal import Decimal

import pytest

from sapat.datasets.models import DataSummary, DataValue
from sapat.datasets.services import ValuesRefused, summaries_rebuild
from sapat.indicators import registry
from sapat.indicators.services import Definition, indicator_define
from sapat.indicators.sources import CountQuery
from sapat.testing import datasets as ds
from sapat.testing import factories as f

pytestmark = pytest.mark.django_db

TABLE = {
    "a8a": (25, 20, 4, 1, "yes"),
    "a8b": (22, 18, 3, 0, "no"),
    "b8a": (15, 12, 2, 1, "yes"),
    "c9a": (20, 15, 5, 0, "1"),
}


def pad(school_class, size: int) -> None:
    for _n in range(size - school_class.enrolments.count()):
        f.EnrolmentFactory(school_class=school_class)


@pytest.fixture
def health(world, periods):
    dataset = ds.load(ds.health())
    cells = {}
    for name, (size, g1, g2, g3, checked) in TABLE.items():
        klass = getattr(world, name)
        pad(klass, size)
        target = ds.of_class(klass)
        cells.update(
            {(target, "g1"): str(g1), (target, "g2"): str(g2), (target, "g3"): str(g3), (target, "checked"): checked}
        )
    ds.put(dataset, periods["year"], cells)
    return dataset


def sums(dataset, unit, period, by=None):
    from sapat.indicators import sources

    return sources.source(dataset.code).sums(CountQuery(unit, (period,), by=by))


def test_sums_of_a_class_school_district_and_region_are_the_hand_computed_ones(world, periods, health):
    year = periods["year"]
    by_class = sums(health, world.school_a, year, by="class")
    assert (by_class[world.a8a.pk]["g1"], by_class[world.a8a.pk]["g2"], by_class[world.a8a.pk]["g3"]) == (20, 4, 1)
    school = sums(health, world.school_a, year)[None]
    assert (school["g1"], school["g2"], school["g3"], school["checked"], school["reported"]) == (38, 7, 1, 1, 2)
    district = sums(health, world.alamedin, year)[None]
    assert (district["g1"], district["g2"], district["g3"], district["checked"], district["reported"]) == (
        50,
        9,
        2,
        2,
        3,
    )
    region = sums(health, world.region, year)[None]
    assert (region["g1"], region["g2"], region["g3"], region["checked"], region["reported"]) == (65, 14, 2, 3, 4)
    by_district = sums(health, world.region, year, by="district")
    assert by_district[world.sokuluk.pk]["g1"] == 15
    assert region["g1.answered"] == 4


def test_a_formula_indicator_over_the_sums_is_the_hand_computed_ratio(world, periods, health):
    indicator_define(
        definition=Definition(
            code="main_group_pct",
            owner=world.region,
            names=ds.names("main group share"),
            numerator="health.g1",
            denominator="health.g1 + health.g2 + health.g3",
            factor=100,
            measure="percent",
        )
    )
    year = periods["year"]
    entry = registry.current().get("main_group_pct", world.school_a, year.ends_on)
    for unit, expected in ((world.school_a, 3800 / 46), (world.alamedin, 5000 / 61), (world.region, 6500 / 81)):
        assert registry.evaluate([entry], CountQuery(unit, (year,)))[None]["main_group_pct"] == pytest.approx(expected)
    by_class = registry.evaluate([entry], CountQuery(world.school_a, (year,), by="class"))
    assert by_class[world.a8a.pk]["main_group_pct"] == 80.0


def test_a_quarter_has_no_values_of_a_yearly_data_set(world, periods, health):
    entry_counts = sums(health, world.region, periods["q1"])[None]
    assert entry_counts["g1"] == 0


def test_a_hard_rule_refuses_the_save_with_the_reason_and_saves_nothing(world, periods, health):
    target = ds.of_class(world.a8a)  # 25 on the list
    before = list(DataValue.objects.values_list("pk", "number"))
    with pytest.raises(ValuesRefused) as refused:
        ds.put(health, periods["year"], {(target, "g1"): "21", (target, "g2"): "4", (target, "g3"): "1"})
    message = " ".join(refused.value.messages)
    assert "the groups add up to no more than the students on the list" in message
    assert "26" in message and "25" in message
    assert list(DataValue.objects.values_list("pk", "number")) == before


def test_a_soft_rule_flags_the_values_and_saves_them(world, periods, health):
    target = ds.of_class(world.a8b)
    outcome = ds.put(health, periods["year"], {(target, "g1"): "0", (target, "g2"): "20"})
    assert outcome.flags and "nobody in the main group" in outcome.flags[0][2]
    flagged = DataValue.objects.filter(school_class=world.a8b, flagged=True).values_list("element__code", flat=True)
    assert list(flagged) == ["g1"]
    ds.put(health, periods["year"], {(target, "g1"): "2"})
    assert not DataValue.objects.filter(school_class=world.a8b, flagged=True).exists()


@pytest.mark.parametrize("text", ["-3", "4-", "(2)", "5!", "²", "٣", "1e3", "2.5", "61", "999999999999999999999"])
def test_a_cell_that_is_not_a_whole_number_in_range_is_refused(world, periods, health, text):
    target = ds.of_class(world.a8a)
    with pytest.raises(ValuesRefused):
        ds.put(health, periods["year"], {(target, "g3"): text})
    assert DataValue.objects.get(school_class=world.a8a, element__code="g3").number == 1


def test_one_bad_cell_refuses_the_whole_batch(world, periods, health):
    a, b = ds.of_class(world.a8a), ds.of_class(world.b8a)
    with pytest.raises(ValuesRefused) as refused:
        ds.put(health, periods["year"], {(a, "g1"): "19", (b, "g1"): "x"})
    assert len(refused.value.errors) == 1
    assert DataValue.objects.get(school_class=world.a8a, element__code="g1").number == 20


def test_an_emptied_cell_removes_the_value_and_its_counts(world, periods, health):
    target = ds.of_class(world.c9a)
    ds.put(health, periods["year"], {(target, key): "" for key in ("g1", "g2", "g3", "checked")})
    region = sums(health, world.region, periods["year"])[None]
    assert (region["g1"], region["reported"]) == (50, 3)


def test_the_summaries_equal_a_rebuild_from_the_values(world, periods, health):
    ds.put(health, periods["year"], {(ds.of_class(world.a8a), "g1"): "19", (ds.of_class(world.c9a), "g2"): ""})

    def rows():
        found = DataSummary.objects.all()
        return sorted(
            found.values_list("dataset", "period", "unit", "class_key", "element_key", "option_key", "answers", "total")
        )

    kept = rows()
    summaries_rebuild()
    assert rows() == kept


def test_a_student_data_set_counts_answers_by_option(world, periods):
    dataset = ds.load(ds.upbringing())
    extra = f.EnrolmentFactory(school_class=world.a8a).student
    year = periods["year"]
    ds.put(
        dataset,
        year,
        {
            (ds.of_student(world.a8a, world.aibek), "level"): "high",
            (ds.of_student(world.a8a, extra), "level"): "medium",
            (ds.of_student(world.b8a, world.camila), "level"): "High",
        },
    )
    district = sums(dataset, world.alamedin, year)[None]
    assert (district["level.high"], district["level.medium"], district["level"], district["reported"]) == (2, 1, 3, 3)
    indicator_define(
        definition=Definition(
            code="upbringing_high_pct",
            owner=world.region,
            names=ds.names("high upbringing"),
            numerator="upbringing.level.high",
            denominator="upbringing.level",
            factor=100,
        )
    )
    entry = registry.current().get("upbringing_high_pct", world.school_a, year.ends_on)
    assert registry.evaluate([entry], CountQuery(world.school_a, (year,)))[None]["upbringing_high_pct"] == 50.0


def test_a_value_of_another_schools_class_is_refused(world, periods, health):
    from sapat.datasets.services import Target

    wrong = Target(world.school_a, world.b8a)
    with pytest.raises(ValuesRefused):
        ds.put(health, periods["year"], {(wrong, "g1"): "3"})


def test_a_decimal_sum_stays_exact(world, periods):
    dataset = ds.load(
        ds.equipment(
            elements=[{"code": "area", "names": ds.names("area per pupil"), "type": "decimal", "min": 0}], rules=[]
        )
    )
    year = periods["year"]
    ds.put(dataset, year, {(ds.of_unit(world.school_a), "area"): "2,5", (ds.of_unit(world.school_b), "area"): "0.1"})
    assert sums(dataset, world.alamedin, year)[None]["area"] == Decimal("2.6")


def test_recompute_verify_checks_the_data_set_summaries_too(world, periods, health):
    from django.core.management import CommandError, call_command

    call_command("recompute", "--verify")
    DataSummary.objects.filter(element_key__gt=0).update(answers=99)
    with pytest.raises(CommandError):
        call_command("recompute", "--verify")
    call_command("recompute")
    call_command("recompute", "--verify")
