"""Who may open the pages of data sets and indicators, and who may take each approval step: one table of role ×
page × status (the style of sapat/web/tests/test_permissions.py), and one of role × step × outcome.

Across a unit line a page answers 404, like a missing unit; inside the scope, a page the role may read but not
act on answers 403 to the act (defining an indicator, posting a form).
"""

import pytest
from django.urls import reverse

from sapat.datasets.models import Submission
from sapat.datasets.services import StepRefused, submission_step
from sapat.testing import datasets as ds

pytestmark = pytest.mark.django_db

ROLES = ("rita", "dana", "aigul", "timur", "bakyt", "parvina", "charlie", "zarina", "saule", "sultan")
PAGES = [
    # page          rita dana aigul timur bakyt parvina charlie zarina saule sultan
    # A school's index lists what the person reads or enters; a parent's and a teacher's list is empty.
    ("index:A",      200, 200, 200,  200,  404,  200,    404,    200,   200,  404),
    ("index:ALA",    200, 200, 404,  404,  404,  404,    404,    404,   404,  404),
    ("index:SOK",    200, 404, 404,  404,  404,  404,    404,    404,   404,  200),
    # The class-level health form: school staff who oversee it read it, the level above reads it.
    ("form:A",       200, 200, 200,  404,  404,  404,    404,    200,   200,  404),
    ("form:B",       200, 200, 404,  404,  404,  404,    404,    404,   404,  404),
    # The board of who reported: for the district and region only.
    ("board:ALA",    200, 200, 404,  404,  404,  404,    404,    404,   404,  404),
    ("board:SOK",    200, 404, 404,  404,  404,  404,    404,    404,   404,  200),
    ("board:NORTH",  200, 404, 404,  404,  404,  404,    404,    404,   404,  404),
    ("board:A",      200, 200, 200,  404,  404,  404,    404,    200,   200,  404),  # its own row, for who oversees it
    # The registry of a unit is read by whoever sees the unit; defining is for who may change the unit.
    ("ind:A",        200, 200, 200,  200,  404,  200,    404,    200,   200,  404),
    ("ind:ALA",      200, 200, 404,  404,  404,  404,    404,    404,   404,  404),
    ("define:A",     200, 200, 200,  403,  404,  403,    404,    403,   403,  404),
    ("define:ALA",   200, 200, 404,  404,  404,  404,    404,    404,   404,  404),
    ("define:NORTH", 200, 404, 404,  404,  404,  404,    404,    404,   404,  404),
]  # fmt: skip
CASES = [
    pytest.param(role, page, status, id=f"{role}-{page}")
    for page, *row in PAGES
    for role, status in zip(ROLES, row, strict=True)
]


@pytest.fixture
def health(world, periods):
    return ds.load(ds.health())


def url_of(page: str, dataset, period) -> str:
    kind, unit = page.split(":")
    match kind:
        case "index":
            return reverse("datasets:index", args=(unit,))
        case "form":
            return reverse("datasets:form", args=(unit, dataset.code, period.pk))
        case "board":
            return reverse("datasets:board", args=(unit, dataset.code, period.pk))
        case "ind":
            return reverse("indicators:index", args=(unit,))
    return reverse("indicators:define", args=(unit,))


@pytest.mark.parametrize(("role", "page", "status"), CASES)
def test_page_answers_by_role(world, periods, health, login, role, page, status):
    client = login(getattr(world, role))
    assert client.get(url_of(page, health, periods["year"])).status_code == status


def test_a_parent_and_a_teacher_who_enters_nothing_see_an_empty_list(world, periods, health, login):
    for person in (world.parvina, world.timur):
        assert login(person).get(url_of("index:A", health, periods["year"])).context["items"] == []
    assert [item["dataset"].code for item in login(world.zarina).get("/datasets/A/").context["items"]] == ["health"]


# Who may take each step of school A's health data, from the state the step starts at. The data set names its
# entry roles (the deputy for upbringing and the director): only they submit, the level above only approves.
STEPS = [
    # step       rita  dana   aigul  timur  zarina saule  sultan
    ("submit",  False, False, False, False, True,  False, False),
    ("approve", True, True,  False, False, False, False, False),
    ("return",  True, True,  False, False, False, False, False),
]  # fmt: skip
STEP_ROLES = ("rita", "dana", "aigul", "timur", "zarina", "saule", "sultan")
START = {"submit": None, "approve": "submitted", "return": "submitted"}


@pytest.mark.parametrize(
    ("role", "action", "allowed"),
    [
        pytest.param(role, action, allowed, id=f"{role}-{action}")
        for action, *row in STEPS
        for role, allowed in zip(STEP_ROLES, row, strict=True)
    ],
)
def test_step_by_role(world, periods, health, role, action, allowed):
    period = periods["year"]
    if START[action]:
        Submission.objects.create(dataset=health, period=period, unit=world.school_a, state=START[action])
    step = {"dataset": health, "period": period, "unit": world.school_a, "action": action, "reason": "why"}
    if allowed:
        assert submission_step(**step, user=getattr(world, role)).state != START[action]
    else:
        with pytest.raises(StepRefused):
            submission_step(**step, user=getattr(world, role))


def test_a_step_posted_by_who_may_not_changes_nothing(world, periods, health, login):
    url = reverse("datasets:step", args=("A", health.code, periods["year"].pk))
    Submission.objects.create(dataset=health, period=periods["year"], unit=world.school_a, state="submitted")
    login(world.aigul).post(url, {"action": "approve"})
    login(world.sultan).post(url, {"action": "approve"})  # another district: the unit is not even found
    assert Submission.objects.get().state == "submitted"
    assert not Submission.objects.get().events.exists()
