"""Property: for random values and random formulas over their counts, every unit's figure equals the formula
of the counts summed by hand from the values, and computing never raises (an empty value where the
denominator is 0)."""

from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from sapat.core import snapshots
from sapat.indicators import registry
from sapat.indicators.services import Definition, indicator_define
from sapat.indicators.sources import CountQuery
from sapat.testing import datasets as ds
from sapat.testing.marks import add_periods
from sapat.testing.world import build_world

ELEMENTS = ("a", "b", "c")
CELL = st.one_of(st.none(), st.integers(min_value=0, max_value=50))
CLASS_VALUES = st.fixed_dictionaries(dict.fromkeys(ELEMENTS, CELL))
COEFFICIENTS = st.fixed_dictionaries({code: st.integers(min_value=-3, max_value=3) for code in ELEMENTS}).filter(
    lambda c: any(c.values())
)


def formula(coefficients: dict) -> str:
    return " + ".join(f"{k} * counted.{code}" for code, k in coefficients.items() if k)


def expected(values: list[dict], numerator: dict, denominator: dict, factor: int):
    summed = {code: sum(v[code] or 0 for v in values) for code in ELEMENTS}
    top = sum(k * summed[code] for code, k in numerator.items())
    bottom = sum(k * summed[code] for code, k in denominator.items())
    return None if bottom == 0 else float(Fraction(top * factor, bottom))


class RollUpOfFormulas(TestCase):
    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(CLASS_VALUES, min_size=4, max_size=4), COEFFICIENTS, COEFFICIENTS, st.sampled_from([1, 100]))
    def test_a_figure_is_the_formula_of_the_summed_counts(self, values, numerator, denominator, factor):
        snapshots.forget_changed()
        world = build_world()
        year = add_periods(world.year)["year"]
        elements = [{"code": code, "names": ds.names(code), "type": "integer", "min": 0} for code in ELEMENTS]
        dataset = ds.load(ds.health(code="counted", elements=elements, rules=[]))
        classes = [world.a8a, world.a8b, world.b8a, world.c9a]
        cells = {
            (ds.of_class(k), code): "" if v[code] is None else str(v[code])
            for k, v in zip(classes, values, strict=True)
            for code in ELEMENTS
        }
        ds.put(dataset, year, cells)
        indicator_define(
            definition=Definition(
                code="random_ratio",
                owner=world.region,
                names=ds.names("random"),
                numerator=formula(numerator),
                denominator=formula(denominator),
                factor=factor,
                measure="percent" if factor == 100 else "ratio",
            )
        )
        entry = registry.current().get("random_ratio", world.region, year.ends_on)
        for unit, members in ((world.school_a, values[:2]), (world.alamedin, values[:3]), (world.region, values)):
            found = registry.evaluate([entry], CountQuery(unit, (year,)))[None]["random_ratio"]
            want = expected(members, numerator, denominator, factor)
            assert found == want or (found is not None and want is not None and abs(found - want) < 1e-9)
        by_class = registry.evaluate([entry], CountQuery(world.school_a, (year,), by="class"))
        if any(value is not None for value in values[0].values()):
            assert by_class[world.a8a.pk]["random_ratio"] == expected(values[:1], numerator, denominator, factor)
        else:
            assert world.a8a.pk not in by_class
