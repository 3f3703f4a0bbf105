"""Who sees which students at risk: one table of person × unit × the students listed.

The analysis app has no pages of its own (the dashboards show its selectors); the one selector that lists
people, students_at_risk, scopes them itself through sapat.access.scope.restrict. The other selectors return
aggregates of the unit the caller has already fetched through the scoping rule.

At risk in q2 (all in mathematics): Aibek and "ax" in A's 8а, Bolot in A's 8б, Camila in B's 8а; "cx" in C's 9а.
"""

import pytest
from django.contrib.auth.models import AnonymousUser

from sapat.analysis.risk import students_at_risk
from sapat.testing.marks import add_periods, put_marks

from .helpers import enrol

pytestmark = pytest.mark.django_db

A8A, A8B, B8A, C9A = {"Asanov", "ax"}, {"Bolotov"}, {"Kadyrova"}, {"cx"}
TABLE = [
    # person     unit       students listed
    ("rita",     "region",  A8A | A8B | B8A | C9A),
    ("rita",     "school_a", A8A | A8B),
    ("dana",     "region",  A8A | A8B | B8A),
    ("dana",     "alamedin", A8A | A8B | B8A),
    ("aigul",    "alamedin", A8A | A8B),
    ("aigul",    "school_a", A8A | A8B),
    ("aigul",    "school_b", set()),
    ("timur",    "school_a", A8A),
    ("timur",    "a8b",     set()),
    ("bakyt",    "alamedin", B8A),
    ("bakyt",    "school_a", set()),
    ("parvina",  "school_a", {"Asanov"}),
    ("parvina",  "a8a",     {"Asanov"}),
    ("charlie",  "region",  set()),
    ("anonymous", "region", set()),
]  # fmt: skip


@pytest.fixture
def q2(world):
    periods = add_periods(world.year)
    put_marks(world.a8a, periods["q2"], {(s, world.math): "2" for s in [world.aibek, *enrol(world.a8a, ["ax"])]})
    put_marks(world.a8b, periods["q2"], {(world.bolot, world.math): "2"})
    put_marks(world.b8a, periods["q2"], {(world.camila, world.math): "na"})
    put_marks(world.c9a, periods["q2"], {(s, world.math): "2" for s in enrol(world.c9a, ["cx"])})
    put_marks(world.c9a, periods["q2"], {(world.c9a.enrolments.first().student, world.math): "5"})
    return periods["q2"]


@pytest.mark.parametrize(("person", "unit", "expected"), TABLE)
def test_students_at_risk_are_only_those_the_person_may_see(world, q2, person, unit, expected):
    user = AnonymousUser() if person == "anonymous" else getattr(world, person)
    rows = students_at_risk(user=user, unit=getattr(world, unit), period=q2)
    assert {row.student_name.split()[0] for row in rows} == expected
