"""What every report kind has: a name, its parameters, who may ask for it (one scoped `resolve`), and a
`build` that turns resolved parameters into a neutral Document in the report's language.

`resolve(params, user)` goes through the scoping rule and raises Http404 for anything outside the user's
reach, exactly like a missing object; the worker calls it again with the user who asked, so a report that
waited in the queue is never built past a scope that changed meanwhile.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.functional import Promise

from sapat.access.scope import restrict, scope_of
from sapat.structure.models import AcademicYear, OrgUnit, Period, Subject

Progress = Callable[[int], None]


def no_progress(percent: int) -> None:
    """The progress callback of a report built inline."""


@dataclass(frozen=True)
class Resolved:
    """Parameters turned into objects; `unit` is the unit the report is about (it scopes the run)."""

    unit: OrgUnit
    objects: dict = field(default_factory=dict)
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ReportKind:
    code: str
    name: Promise
    resolve: Callable[[dict, object], Resolved]
    build: Callable[[Resolved, str, Progress], "object"]
    inline: bool = True  # small enough to build inside the request; else the worker builds it
    public: bool = False


def overseen_unit(user, code: str) -> OrgUnit:
    """A unit the user oversees (a deputy's school, a coordinator's district): reports about a whole unit
    show every class in it, so a teacher who only reaches some classes gets a 404."""
    unit = get_object_or_404(restrict(OrgUnit.objects.all(), user), code=code)
    scope = scope_of(user)
    if not (scope.everything or any(unit.path.startswith(path) for path in scope.paths)):
        raise Http404
    return unit


def year_of(unit: OrgUnit, code: str) -> AcademicYear:
    return get_object_or_404(AcademicYear, country=unit.country, code=code)


def subject_of(code: str) -> Subject:
    return get_object_or_404(Subject, code=code)


def period_of(year: AcademicYear, code: str | None) -> Period | None:
    if not code:
        return None
    return get_object_or_404(Period, year=year, code=code)
