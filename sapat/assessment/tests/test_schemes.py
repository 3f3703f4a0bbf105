"""The default grading schemes (data migration 0002) and the arithmetic of percents and marks."""

import datetime
import importlib
from decimal import Decimal

import pytest
from django.apps import apps

from sapat.assessment.models import GradingScheme
from sapat.assessment.schemes import mark_for_percent, quarter_percent, scheme_for, year_mark

pytestmark = pytest.mark.django_db

SEPT_2019 = datetime.date(2019, 9, 1)
SEPT_2020 = datetime.date(2020, 9, 1)
SEPT_2024 = datetime.date(2024, 9, 1)
SEPT_2025 = datetime.date(2025, 9, 1)


@pytest.mark.parametrize(
    ("country", "grade", "on", "code", "kind"),
    [
        ("KG", 1, SEPT_2024, "kg-five-point-2000", "five_point"),
        ("KG", 8, SEPT_2024, "kg-five-point-2000", "five_point"),
        ("KG", 11, SEPT_2024, "kg-five-point-2000", "five_point"),
        ("KG", 1, SEPT_2025, "kg-12y-no-marks-2025", "no_marks"),
        ("KG", 3, SEPT_2025, "kg-12y-no-marks-2025", "no_marks"),
        ("KG", 4, SEPT_2025, "kg-12y-points-2025", "five_point"),
        ("KG", 6, SEPT_2025, "kg-12y-points-2025", "five_point"),
        ("KG", 7, SEPT_2025, "kg-12y-senior-2025", "five_point"),
        ("KG", 12, SEPT_2025, "kg-12y-senior-2025", "five_point"),
        ("KZ", 1, SEPT_2019, "kz-no-marks-2016", "no_marks"),
        ("KZ", 1, SEPT_2024, "kz-no-marks-2016", "no_marks"),
        ("KZ", 2, SEPT_2019, "kz-criteria-2016", "criteria"),
        ("KZ", 11, SEPT_2019, "kz-criteria-2016", "criteria"),
        ("KZ", 2, SEPT_2020, "kz-criteria-2020", "criteria"),
        ("KZ", 11, SEPT_2024, "kz-criteria-2020", "criteria"),
    ],
)
def test_scheme_for_picks_the_latest_in_force(country, grade, on, code, kind):
    scheme = scheme_for(country, grade, on)
    assert (scheme.code, scheme.kind) == (code, kind)


@pytest.mark.parametrize(
    ("country", "grade", "on"),
    [("KG", 12, SEPT_2024), ("KZ", 5, datetime.date(2016, 8, 31)), ("KZ", 12, SEPT_2024)],
)
def test_no_scheme_before_it_takes_effect_or_outside_its_grades(country, grade, on):
    assert scheme_for(country, grade, on) is None


def test_the_day_before_the_2020_rule_is_still_the_old_rule():
    assert scheme_for("KZ", 5, datetime.date(2020, 8, 31)).code == "kz-criteria-2016"


def test_kz_weights_before_and_after_2020():
    old, new = GradingScheme.objects.get(code="kz-criteria-2016"), GradingScheme.objects.get(code="kz-criteria-2020")
    assert (old.weight_fo, old.weight_sor, old.weight_soch) == (0, Decimal("0.5"), Decimal("0.5"))
    assert (new.weight_fo, new.weight_sor, new.weight_soch) == (Decimal("0.25"), Decimal("0.25"), Decimal("0.5"))


def test_every_default_scheme_is_valid():
    schemes = list(GradingScheme.objects.all())
    assert len(schemes) == 9  # seven for schools, two for colleges (0004)
    for scheme in schemes:
        scheme.full_clean()
        assert scheme.thresholds == [[85, 5], [65, 4], [40, 3], [0, 2]]


def test_the_data_migration_reverses_and_reapplies():
    migration = importlib.import_module("sapat.assessment.migrations.0002_default_grading_schemes")
    migration.remove_schemes(apps, None)
    assert GradingScheme.objects.count() == 2  # the colleges' schemes of 0004 stay
    migration.create_schemes(apps, None)
    migration.create_schemes(apps, None)  # applying twice does not duplicate
    assert GradingScheme.objects.count() == 9


def current():
    return GradingScheme.objects.get(code="kz-criteria-2020")


@pytest.mark.parametrize(
    ("percent", "mark"),
    [
        ("100", "5"),
        ("85", "5"),
        ("84.5", "5"),  # rounds half-up to 85
        ("84.4", "4"),
        ("65", "4"),
        ("64.9", "4"),  # rounds to 65
        ("64.4", "3"),
        ("40", "3"),
        ("39.5", "3"),  # rounds to 40
        ("39.4", "2"),
        ("0", "2"),
    ],
)
def test_percent_to_mark_on_and_around_the_thresholds(percent, mark):
    assert mark_for_percent(current(), Decimal(percent)) == mark


def test_quarter_percent_current_rule():
    # ФО 8, 9, 10 → 90 %; СОр 15/20, 18/20 → 82.5 %; СОч 21/30 → 70 %
    fo = [(8, 10), (9, 10), (10, 10)]
    sor = [(15, 20), (18, 20)]
    soch = [(21, 30)]
    assert quarter_percent(current(), fo, sor, soch) == Decimal("78.125")  # 22.5 + 20.625 + 35


def test_quarter_percent_without_soch_weighs_fo_and_sor_equally():
    assert quarter_percent(current(), [(9, 10)], [(16, 20)], []) == 85  # (90 + 80) / 2


def test_quarter_percent_before_2020_leaves_fo_out():
    old = GradingScheme.objects.get(code="kz-criteria-2016")
    assert quarter_percent(old, [(2, 10)], [(17, 20)], [(17, 20)]) == 85
    assert quarter_percent(old, [(10, 10)], [], []) is None


@pytest.mark.parametrize(
    ("marks", "expected"),
    [
        (["4", "4", "5", "5"], "5"),  # 4.5 rounds half-up
        (["3", "4", "4", "4"], "4"),  # 3.75
        (["3", "3", "3", "4"], "3"),  # 3.25
        (["4", "3"], "4"),  # half-years: 3.5
        (["5", "na", "5", "5"], None),
        ([], None),
    ],
)
def test_year_mark_is_the_rounded_mean(marks, expected):
    assert year_mark(marks) == expected
