"""The admin grants nothing it should not: one table of admin model × page × role → what the page answers.

Every person of the world (sapat/testing/world.py) is made staff with every model permission Django has, so
that only Sapat's rules (access/admin_scoping.py, access/grants.py) stand between them and a row. Pages:
the list, an object's change page, the add page and an object's delete page. Answers:

    200  the page opens                    403  refused (the site's error page)
    E    the change page opens with Save   V    the change page opens read-only
    N    no such object for this person (the admin's "doesn't exist" redirect, as for a missing one)
    R    the delete page refuses: other records depend on the object (counted, never walked)
"""

import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from sapat.access.models import Membership, ParentLink, User
from sapat.assessment.models import GradingScheme, PeriodMark
from sapat.datasets.models import Assignment, DataSet
from sapat.indicators.models import Direction, Indicator
from sapat.structure.models import CategoryRecord, Enrolment, MethodicalAssociation, SubjectGrade, UnitGroup
from sapat.testing import datasets as d
from sapat.testing.marks import add_periods, put_marks
from sapat.testing.world import build_world

ROLES = ("root", "rita", "dana", "sultan", "aigul", "zarina", "saule", "timur", "bakyt", "parvina", "charlie")
ALL = "200 " * len(ROLES)
ROOT_ONLY = "200" + " 403" * (len(ROLES) - 1)
NONE = "403 " * len(ROLES)
SCOPED_ADD = "200 200 200 200 200 403 403 403 403 403 403"
GRANT_ADD = "200 200 200 200 403 403 403 403 403 403 403"
COUNTRY_ADD = "200 200 403 403 403 403 403 403 403 403 403"

# model (app.model:object), then per page the answers of:
#  root rita dana sultan aigul zarina saule timur bakyt parvina charlie
TABLE = {
    "structure.orgunit:school_a": {
        "list": ALL,
        "change": "E    E    E    N    E    V    V    V    N    V    N",
        "add": SCOPED_ADD,
        "delete": "R    R    R    N    R    403  403  403  403  403  403",
    },
    "structure.unitgroup:group": {
        "list": ALL,
        "change": "E    E    E    N    N    N    N    N    N    N    N",
        "add": SCOPED_ADD,
        "delete": "200  200  200  N    N    403  403  403  403  403  403",
    },
    "structure.academicyear:year": {
        "list": ALL,
        "change": "E    E    V    V    V    V    V    V    V    V    V",
        "add": COUNTRY_ADD,
        "delete": "R    R    403  403  403  403  403  403  403  403  403",
    },
    "structure.subject:math": {
        "list": ALL,
        "change": "E    V    V    V    V    V    V    V    V    V    V",
        "add": ROOT_ONLY,
        "delete": "R    403  403  403  403  403  403  403  403  403  403",
    },
    "structure.subjectgrade:hours": {
        "list": ALL,
        "change": "E    E    V    V    V    V    V    V    V    V    V",
        "add": COUNTRY_ADD,
        "delete": "200  200  403  403  403  403  403  403  403  403  403",
    },
    "structure.schoolclass:a8a": {
        "list": ALL,
        "change": "E    E    E    N    E    V    V    V    N    N    N",
        "add": SCOPED_ADD,
        "delete": "R    R    R    N    R    403  403  403  403  403  403",
    },
    "structure.student:aibek": {
        "list": ALL,
        "change": "E    E    E    N    E    V    V    V    N    V    N",
        "add": SCOPED_ADD,
        "delete": "R    R    R    N    R    403  403  403  403  403  403",
    },
    "structure.enrolment:enrolment": {
        "list": ALL,
        "change": "E    E    E    N    E    V    V    V    N    V    N",
        "add": SCOPED_ADD,
        "delete": "200  200  200  N    200  403  403  403  403  403  403",
    },
    "structure.staff:timur_staff": {
        "list": ALL,
        "change": "E    E    E    N    E    V    V    V    N    N    N",
        "add": SCOPED_ADD,
        "delete": "R    R    R    N    R    403  403  403  403  403  403",
    },
    "structure.categoryrecord:category": {
        "list": ALL,
        "change": "E    E    E    N    E    V    V    V    N    N    N",
        "add": SCOPED_ADD,
        "delete": "200  200  200  N    200  403  403  403  403  403  403",
    },
    "structure.teachingassignment:assignment": {
        "list": ALL,
        "change": "E    E    E    N    E    V    V    V    N    N    N",
        "add": SCOPED_ADD,
        "delete": "200  200  200  N    200  403  403  403  403  403  403",
    },
    "structure.methodicalassociation:association": {
        "list": ALL,
        "change": "E    E    E    N    E    V    V    N    N    N    N",
        "add": SCOPED_ADD,
        "delete": "200  200  200  N    200  403  403  403  403  403  403",
    },
    # Logins: only where every grant of the login lies under the editor's units; a deputy grants nothing.
    "access.user:timur": {
        "list": ALL,
        "change": "E    E    E    N    N    N    N    N    N    N    N",
        "add": GRANT_ADD,
        "delete": "R    R    R    N    403  403  403  403  403  403  403",
    },
    "access.membership:membership": {
        "list": ALL,
        "change": "E    E    E    N    V    V    V    N    N    N    N",
        "add": GRANT_ADD,
        "delete": "200  200  200  N    403  403  403  403  403  403  403",
    },
    "access.parentlink:parent_link": {
        "list": ALL,
        "change": "E    E    E    N    V    V    V    N    N    V    N",
        "add": GRANT_ADD,
        "delete": "200  200  200  N    403  403  403  403  403  403  403",
    },
    "assessment.gradingscheme:scheme": {
        "list": ALL,
        "change": "E    E    V    V    V    V    V    V    V    V    V",
        "add": COUNTRY_ADD,
        "delete": "200  200  403  403  403  403  403  403  403  403  403",
    },
    # Marks change through the journal and the imports only, for everyone.
    "assessment.periodmark:mark": {
        "list": ALL,
        "change": "V    V    V    N    V    V    V    V    N    V    N",
        "add": NONE,
        "delete": NONE,
    },
    "assessment.score": {"list": ALL, "add": NONE},
    "assessment.controlwork": {"list": ALL, "add": NONE},
    "assessment.controlresult": {"list": ALL, "add": NONE},
    "assessment.externaltest": {"list": ALL, "add": NONE},
    "assessment.externalresult": {"list": ALL, "add": NONE},
    # A unit's own indicator: those who may define it; the invariant part: superusers. Added on the pages only.
    "indicators.indicator:own_indicator": {
        "list": ALL,
        "change": "E    E    E    N    E    V    V    N    N    N    N",
        "add": NONE,
        "delete": "200  200  200  N    200  403  403  403  403  403  403",
    },
    "indicators.indicator:invariant_indicator": {
        "change": "E    N    N    N    N    N    N    N    N    N    N",
        "delete": "200  N    N    N    N    403  403  403  403  403  403",
    },
    "indicators.direction:direction": {
        "list": ALL,
        "change": "E    V    V    V    V    V    V    V    V    V    V",
        "add": ROOT_ONLY,
        "delete": "200  403  403  403  403  403  403  403  403  403  403",
    },
    # A data set of the country (Kyrgyzstan): superusers and the country's regional officers.
    "datasets.dataset:dataset": {
        "list": ALL,
        "change": "E    E    V    V    V    V    V    V    V    V    V",
        "add": COUNTRY_ADD,
        "delete": "R    R    403  403  403  403  403  403  403  403  403",
    },
    "datasets.assignment:dataset_assignment": {
        "list": ALL,
        "change": "E    E    N    N    N    N    N    N    N    N    N",
        "add": SCOPED_ADD,
        "delete": "200  200  N    N    N    403  403  403  403  403  403",
    },
    "datasets.datavalue": {"list": ALL, "add": NONE},
    "datasets.submission": {"list": ALL, "add": NONE},
    "analysis.ratingscheme": {"list": ALL, "add": ROOT_ONLY},
    # Groups carry permissions, the logs people's addresses and every audited value: superusers only.
    "auth.group:group_of_permissions": {
        "list": ROOT_ONLY,
        "change": "E" + " 403" * (len(ROLES) - 1),
        "add": ROOT_ONLY,
        "delete": ROOT_ONLY,
    },
    "axes.accessattempt": {"list": ROOT_ONLY, "add": NONE},
    "axes.accesslog": {"list": ROOT_ONLY, "add": NONE},
    "axes.accessfailurelog": {"list": ROOT_ONLY, "add": NONE},
    "auditlog.logentry": {"list": ROOT_ONLY, "add": NONE},
    "django_tasks_database.dbtaskresult": {"list": ROOT_ONLY, "add": NONE},
}
CASES = [
    pytest.param(key, page, role, answer, id=f"{key}-{page}-{role}")
    for key, pages in TABLE.items()
    for page, answers in pages.items()
    for role, answer in zip(ROLES, answers.split(), strict=True)
]


def build_admin_world():
    world = build_world()
    periods = add_periods(world.year)
    put_marks(world.a8a, periods["q1"], {(world.aibek, world.math): "5"})
    dataset = d.load(d.health(assign_to="NORTH"))
    DataSet.objects.filter(pk=dataset.pk).update(country="KG")
    objects = {
        "school_a": world.school_a,
        "group": UnitGroup.objects.create(code="G1", owner=world.alamedin, name_en="Tutor group"),
        "year": world.year,
        "math": world.math,
        "hours": SubjectGrade.objects.create(subject=world.math, country="KG", grade=8, hours_per_week=4),
        "a8a": world.a8a,
        "aibek": world.aibek,
        "enrolment": Enrolment.objects.get(student=world.aibek),
        "timur_staff": world.timur_staff,
        "category": CategoryRecord.objects.create(
            staff=world.timur_staff, category="first", awarded_on="2020-05-01", valid_until="2025-05-01"
        ),
        "assignment": world.timur_staff.assignments.get(),
        "association": MethodicalAssociation.objects.create(school=world.school_a, name_en="Sciences"),
        "timur": world.timur,
        "membership": Membership.objects.get(user=world.timur),
        "parent_link": ParentLink.objects.get(user=world.parvina),
        "scheme": GradingScheme.objects.get(code="kg-five-point-2000"),
        "mark": PeriodMark.objects.get(student=world.aibek),
        "own_indicator": Indicator.objects.create(
            code="own_quality",
            owner=world.school_a,
            measure="percent",
            numerator="marks.n5",
            denominator="marks.graded",
            effective_from="2024-09-01",
            name_en="Own quality",
        ),
        "invariant_indicator": Indicator.objects.filter(owner=None).first(),
        "direction": Direction.objects.first(),
        "dataset": dataset,
        "dataset_assignment": Assignment.objects.get(dataset=dataset),
        "group_of_permissions": Group.objects.create(name="Unit administrators"),
    }
    everything = list(Permission.objects.all())
    for name in ROLES[1:]:
        user = world.users[name]
        User.objects.filter(pk=user.pk).update(is_staff=True)
        user.user_permissions.set(everything)
    world.users["root"] = User.objects.create_superuser("root", password="correct-horse-battery")
    return world, objects


@pytest.fixture(scope="module")
def admin_world(django_db_setup, django_db_blocker):
    """Built once for the module (some 700 requests); each test still runs in its own savepoint."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        built = build_admin_world()
    yield built
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


def address(key: str, page: str, objects: dict) -> str:
    model, _, name = key.partition(":")
    base = f"/admin/{model.replace('.', '/')}/"
    pk = objects[name].pk if name else None
    return {"list": base, "add": f"{base}add/", "change": f"{base}{pk}/change/", "delete": f"{base}{pk}/delete/"}[page]


def answer_of(response, page: str) -> str:
    if response.status_code == 302 and response.url == "/admin/":
        return "N"
    if response.status_code == 302 and page == "delete" and re.search(r"/\d+/change/$", response.url):
        return "R"
    if response.status_code == 200 and page == "change":
        return "E" if 'name="_save"' in response.text else "V"
    return str(response.status_code)


@pytest.mark.django_db
@pytest.mark.parametrize(("key", "page", "role", "expected"), CASES)
def test_admin_answers_by_role(admin_world, client, key, page, role, expected):
    world, objects = admin_world
    client.force_login(world.users[role])
    assert answer_of(client.get(address(key, page, objects)), page) == expected
