"""Ratings, hand-computed: competition ranks with ties, bands both ways, small groups not rated.

District "RAT" of region North, mathematics, 2024-2025 q2 (quality = (5s + 4s) × 100 / N):

    school  N   5/4 of N   quality   rank  mean bands (mean 62.5, σ = √118.75 = 10.897)   thresholds
    R1      10  8          80        1     z = +1.61 → highest                             highest (≥ 75)
    R2      10  6          60        2     z = −0.23 → average                             above average (≥ 60)
    R3      20  12         60        2     z = −0.23 → average                             above average
    R4      10  5          50        4     z = −1.15 → below average                       average (≥ 50)
    R5       4  4          100       —     not rated: 4 students < 10 (and < 5 with the configured scheme)
    R6       —  no marks   —         —     not rated: no data

σ² = (17.5² + 2.5² + 2.5² + 12.5²) / 4 = 475 / 4 = 118.75 (population, over the rated schools).
District value from summed counts: (8 + 6 + 12 + 5 + 4) / (10 + 10 + 20 + 10 + 4) = 35/54 = 64.81 %.
"""

import datetime
import json
import math
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from sapat.analysis.models import RatingScheme
from sapat.analysis.ratings import Scheme, band_of, competition_ranks, rating, scheme_for
from sapat.testing import factories as f
from sapat.testing.marks import add_periods

from .helpers import class_with_marks

pytestmark = pytest.mark.django_db

QUALITY = {"R1": (10, 8), "R2": (10, 6), "R3": (20, 12), "R4": (10, 5), "R5": (4, 4)}


def _values(n, good):
    return ["5"] * (good // 2) + ["4"] * (good - good // 2) + ["3"] * (n - good)


@pytest.fixture
def district(world):
    periods = add_periods(world.year)
    district = f.DistrictFactory(code="RAT", parent=world.region, name_en="Ratings district")
    for code, (n, good) in QUALITY.items():
        school = f.SchoolFactory(code=code, parent=district, name_en=f"School {code}")
        class_with_marks(school, world.year, periods["q2"], world.math, _values(n, good))
    f.SchoolFactory(code="R6", parent=district, name_en="School R6")
    return {"world": world, "district": district, "periods": periods}


def _rate(district, **options):
    options.setdefault("indicator", "quality_pct")
    return rating(level="school", unit=district["district"], period=district["periods"]["q2"], **options)


def _table(result):
    return [(row.rank, row.unit, row.band, row.n, row.rated) for row in result.rows]


def test_competition_ranks_share_ranks_and_skip():
    assert competition_ranks([80, 60, 60, 50]) == [1, 2, 2, 4]
    assert competition_ranks([50, 60, 80, 60]) == [4, 2, 1, 2]
    assert competition_ranks([1, 3, 3, 5], descending=False) == [1, 2, 2, 4]


def test_ranks_compare_full_precision_not_rounded_figures():
    # 2/3 = 66.666…% and 66.7 % print alike with one decimal, but are not equal.
    assert competition_ranks([200 / 3, 66.7]) == [2, 1]


def test_schools_ranked_with_ties_and_default_mean_bands(district):
    result = _rate(district)
    assert _table(result) == [
        (1, "R1", "highest", 10, True),
        (2, "R2", "average", 10, True),
        (2, "R3", "average", 20, True),
        (4, "R4", "below_average", 10, True),
        (None, "R5", None, 4, False),
        (None, "R6", None, 0, False),
    ]
    assert [row.reason for row in result.rows[4:]] == ["small", "no_data"]
    assert result.rows[4].value == 100  # a small group still shows its value, unrated
    assert result.rows[0].band_name == "highest"
    assert result.mean == 62.5
    assert result.stdev == pytest.approx(math.sqrt(118.75))
    assert result.parent_value == pytest.approx(3500 / 54)
    assert result.scheme.configured is False and result.scheme.min_group_size == 10


def test_bands_by_configured_thresholds_in_force_on_the_period(district):
    RatingScheme.objects.create(
        code="q-fixed", name_en="Quality bands", indicator="quality_pct", method="thresholds",
        thresholds=[[75, "highest"], [60, "above_average"], [50, "average"], [None, "below_average"]],
        min_group_size=5, effective_from=datetime.date(2024, 9, 1),
    )  # fmt: skip
    RatingScheme.objects.create(
        code="q-later", name_en="Not yet", indicator="quality_pct", method="thresholds",
        thresholds=[[0, "highest"]], min_group_size=1, effective_from=datetime.date(2025, 9, 1),
    )  # fmt: skip
    result = _rate(district)
    assert result.scheme.code == "q-fixed"
    assert _table(result)[:5] == [
        (1, "R1", "highest", 10, True),
        (2, "R2", "above_average", 10, True),
        (2, "R3", "above_average", 20, True),
        (4, "R4", "average", 10, True),
        (None, "R5", None, 4, False),
    ]


def test_minimum_group_size_is_configuration(district):
    scheme = Scheme("small-ok", "", "quality_pct", "mean", ((None, "average"),), 4, True)
    result = _rate(district, scheme=scheme)
    assert [(row.rank, row.unit) for row in result.rows if row.rated] == [
        (1, "R5"), (2, "R1"), (3, "R2"), (3, "R3"), (5, "R4"),
    ]  # fmt: skip


def test_rating_of_all_schools_makes_no_query_per_school(district, django_assert_max_num_queries):
    period = district["periods"]["q2"]
    period.year  # noqa: B018 - loaded once, as a page would
    with django_assert_max_num_queries(6) as few:
        _rate(district)
    world = district["world"]
    for code in ("R7", "R8", "R9"):
        school = f.SchoolFactory(code=code, parent=district["district"])
        class_with_marks(school, world.year, period, world.math, _values(10, 3))
    with django_assert_max_num_queries(len(few.captured_queries)):
        result = _rate(district)
    assert len(result.rows) == 9


def test_lower_is_better_indicator_ranks_from_the_lowest(district):
    result = _rate(district, indicator="failing")
    # nobody has a 2 or н/а: every rated school shares rank 1
    assert {row.rank for row in result.rows if row.rated} == {1}


def test_band_of_reads_fixed_thresholds_and_mean_in_sigmas():
    bands = ((75, "highest"), (50, "average"), (None, "below_average"))
    fixed = Scheme("x", "", "quality_pct", "thresholds", bands, 10, True)
    found = [band_of(v, fixed, mean=None, stdev=None) for v in (75, 74.99, 50, 10)]
    assert found == ["highest", "average", "average", "below_average"]
    mean = Scheme("m", "", "quality_pct", "mean", ((1, "highest"), (0, "average"), (None, "below_average")), 10, True)
    assert band_of(70, mean, mean=60, stdev=10) == "highest"
    assert band_of(60, mean, mean=60, stdev=10) == "average"
    assert band_of(59, mean, mean=60, stdev=10) == "below_average"
    assert band_of(59, mean, mean=60, stdev=0) == "average"  # no spread: everyone is at the mean


def test_band_of_where_less_is_better():
    bands = ((0, "highest"), (2, "average"), (None, "below_average"))
    fixed = Scheme("f", "", "failing", "thresholds", bands, 10, True)
    found = [band_of(v, fixed, mean=None, stdev=None, lower_is_better=True) for v in (0, 1, 2, 3)]
    assert found == ["highest", "average", "average", "below_average"]
    mean = Scheme("m", "", "failing", "mean", ((1, "highest"), (None, "below_average")), 10, True)
    assert band_of(2, mean, mean=5, stdev=2, lower_is_better=True) == "highest"  # 1.5 σ below the mean
    assert band_of(5, mean, mean=5, stdev=2, lower_is_better=True) == "below_average"


def test_classes_of_a_school_are_rated(world):
    periods = add_periods(world.year)
    class_with_marks(world.school_c, world.year, periods["q2"], world.math, ["5"] * 10 + ["3"] * 2, letter="б")
    result = rating(level="class", unit=world.school_c, period=periods["q2"], indicator="success_pct")
    assert [(row.unit, row.rank, row.value, row.n, row.rated) for row in result.rows] == [
        ("C:8б", 1, 100, 12, True),
        ("C:9а", None, None, 0, False),
    ]


def test_districts_of_a_region_are_rated(district):
    region, period = district["world"].region, district["periods"]["q2"]
    result = rating(level="district", unit=region, period=period, indicator="quality_pct")
    assert [(row.unit, row.rank, row.n) for row in result.rows] == [("RAT", 1, 54), ("ALA", None, 0), ("SOK", None, 0)]


def test_rating_scheme_validation():
    scheme = RatingScheme(
        code="bad", name_en="Bad", indicator="nope", method="thresholds",
        thresholds=[[50, "highest"], [60, "average"]], effective_from=datetime.date(2024, 9, 1),
    )  # fmt: skip
    with pytest.raises(ValidationError) as error:
        scheme.full_clean()
    assert set(error.value.message_dict) == {"indicator", "thresholds"}
    scheme.indicator, scheme.thresholds = "failing", [[0, "highest"], [3, "average"], [None, "below_average"]]
    scheme.full_clean()  # where less is better, fixed bounds go up
    scheme.indicator = "quality_pct"
    with pytest.raises(ValidationError):
        scheme.full_clean()
    scheme.thresholds = [[80, "top"]]
    with pytest.raises(ValidationError):
        scheme.full_clean()


def test_default_scheme_when_none_is_configured(db):
    scheme = scheme_for("average_mark", datetime.date(2025, 1, 1))
    assert (scheme.code, scheme.method, scheme.min_group_size, scheme.configured) == ("default", "mean", 10, False)


def test_rating_command_prints_ranked_rows(district):
    out = StringIO()
    call_command(
        "rating", "--level", "school", "--unit", "RAT", "--year", "2024-2025", "--period", "q2",
        "--indicator", "quality_pct", "--subject", "math", "--json", stdout=out,
    )  # fmt: skip
    rows = json.loads(out.getvalue())
    first = {"rank": 1, "unit": "R1", "name": "School R1", "value": 80.0, "band": "highest", "n": 10, "rated": True}
    assert rows[0] == first
    assert [(r["unit"], r["rank"], r["rated"]) for r in rows] == [
        ("R1", 1, True), ("R2", 2, True), ("R3", 2, True), ("R4", 4, True), ("R5", None, False), ("R6", None, False),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--unit", "NOPE", "No unit"),
        ("--period", "q9", "No period"),
        ("--indicator", "nope", "Unknown indicator"),
        ("--subject", "nope", "No subject"),
    ],
)
def test_rating_command_names_what_is_wrong(district, option, value, message):
    args = {"--level": "school", "--unit": "RAT", "--year": "2024-2025", "--period": "q2", "--indicator": "quality_pct"}
    args[option] = value
    with pytest.raises(CommandError, match=message):
        call_command("rating", *[part for pair in args.items() for part in pair])


def test_rating_command_help_is_plain_text():
    from sapat.analysis.management.commands.rating import Command

    assert "Print a rating as JSON" in Command().create_parser("sapat", "rating").format_help()
