"""The data sets Sapat ships: each loads, names in four languages everywhere, rules and indicators that parse,
and every indicator computes on entered values."""

import json

import pytest
from django.core.management import call_command

from sapat.datasets.definitions import SHIPPED
from sapat.datasets.models import DataSet
from sapat.indicators import registry
from sapat.indicators.sources import CountQuery

pytestmark = pytest.mark.django_db
LANGUAGES = ("ky", "kk", "ru", "en")


def shipped():
    return [json.loads(path.read_text(encoding="utf-8")) for path in sorted(SHIPPED.glob("*.json"))]


def named(item) -> bool:
    return all(item["names"].get(code) for code in LANGUAGES)


@pytest.mark.parametrize("description", shipped(), ids=lambda d: d["code"])
def test_every_name_is_given_in_the_four_languages(description):
    assert named(description)
    for element in description["elements"]:
        assert named(element), element["code"]
        assert all(named(option) for option in element.get("options", []))
    assert all(named(rule) for rule in description.get("rules", []))
    assert all(named(indicator) for indicator in description.get("indicators", []))


def test_they_all_load_twice_with_their_indicators(world, periods):
    call_command("load_dataset", "--shipped", "--assign-to", "NORTH")
    call_command("load_dataset", "--shipped", "--assign-to", "NORTH")
    descriptions = shipped()
    assert DataSet.objects.count() == len(descriptions) >= 8
    for description in descriptions:
        dataset = DataSet.objects.get(code=description["code"])
        assert dataset.assignments.get().unit == world.region
        for item in description.get("indicators", []):
            entry = registry.current().get(item["code"], world.region)
            assert entry is not None and entry.invariant, item["code"]
            period = next(p for p in periods.values() if p.kind == dataset.period_kind)
            registry.evaluate([entry], CountQuery(world.region, (period,), by="school"))
