"""Dashboards: thin views. Fetch through the scoping rule (reach.py), read the GET selection, assemble the page
(pages.py), then render it, or, with ?format=csv|xlsx&table=NAME, export one of its tables.

Pages are gzipped (Django's GZipMiddleware, with its guard against BREACH) to stay light on slow connections.
"""

from functools import partial

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_GET

from sapat.colleges.models import COLLEGE_PERIODS, is_college
from sapat.core import values
from sapat.structure.models import time_zone_of

from . import pages, reach
from .department import department_dashboard
from .export import CONTENT_TYPES, export_response
from .groups import group_dashboard, project_group, tutor_group, unit_group
from .selection import select


def dashboard_view(function):
    """GET only, logged in, gzipped."""
    return login_required(require_GET(gzip_page(function)))


@dashboard_view
def mine(request):
    """The person's own dashboard: the highest of their roles (home lists all of them)."""
    own = reach.own_dashboards(request.user)
    if own:
        return redirect(own[0][1])
    return render(request, "dashboards/none.html", status=200)


@dashboard_view
def unit(request, code: str):
    found = reach.unit_for(request.user, code)
    build = partial(pages.unit_dashboard, request.user, found, params=request.GET)
    return _show(request, found.country, found.name, found.code, build, **_periods_of(found))


@dashboard_view
def parallel(request, code: str, grade: int):
    school = _school(request, code)
    build = partial(pages.parallel_dashboard, request.user, school, grade, params=request.GET)
    return _show(request, school.country, school.name, f"{school.code}-{grade}", build, **_periods_of(school))


@dashboard_view
def at_risk(request, code: str):
    school = _school(request, code)
    grade = values.identifier(request.GET.get("grade"))  # "²".isdigit() is true, int("²") a server error
    build = partial(pages.at_risk_dashboard, request.user, school, grade, params=request.GET)
    return _show(request, school.country, school.name, f"{school.code}-{grade or 'all'}", build)


@dashboard_view
def school_class(request, pk: int):
    found = reach.class_for(request.user, pk)
    build = partial(pages.class_dashboard, request.user, found, params=request.GET)
    name = f"{found.school.code}-{found.name}"
    return _show(request, found.school.country, found.name, name, build, **_periods_of(found.school))


@dashboard_view
def department(request, pk: int):
    found = reach.department_for(request.user, pk)
    build = partial(department_dashboard, request.user, found, params=request.GET)
    college = found.college
    return _show(request, college.country, found.name, f"{college.code}-{found.code}", build, kinds=COLLEGE_PERIODS)


@dashboard_view
def teacher(request, pk: int):
    found = reach.teacher_for(request.user, pk)
    build = partial(pages.teacher_dashboard, request.user, found, params=request.GET)
    return _show(request, found.school.country, found.full_name, found.last_name, build)


@dashboard_view
def project(request, code: str):
    found, unit = reach.project_for(request.user, code)
    build = partial(group_dashboard, request.user, project_group(found), unit, params=request.GET)
    return _show(request, unit.country, found.name, found.code, build)


@dashboard_view
def tutor_group_page(request, code: str):
    tutor, unit = reach.tutor_group_for(request.user, code)
    build = partial(group_dashboard, request.user, tutor_group(tutor), unit, params=request.GET)
    return _show(request, unit.country, tutor.name, tutor.code, build)


@dashboard_view
def unit_group_page(request, code: str):
    group, unit = reach.unit_group_for(request.user, code)
    build = partial(group_dashboard, request.user, unit_group(group), unit, params=request.GET)
    return _show(request, unit.country, group.name, group.code, build)


@dashboard_view
def student(request, pk: int):
    found = reach.student_for(request.user, pk)
    build = partial(pages.student_dashboard, request.user, found)
    return _show(request, found.school.country, found.full_name, found.code, build, subjects=())


def _periods_of(unit) -> dict:
    """A college's dashboards offer its semesters and the year, never quarters (docs/colleges.md)."""
    return {"kinds": COLLEGE_PERIODS} if is_college(unit) else {}


def _school(request, code: str):
    school = reach.unit_for(request.user, code)
    if not school.is_school:
        raise Http404
    return school


def _show(request, country: str, title: str, name: str, build, **choices):
    """Read the GET selection, build the page with it, and render it or export one of its tables; a country
    without academic periods gets a page that says so. Its times are in the country's time zone, whoever
    reads it."""
    selection = select(request.GET, country, **choices)
    if selection is None:
        return render(request, "dashboards/none.html", {"title": title, "no_periods": True})
    with timezone.override(time_zone_of(country)):
        return _answer(request, build(selection), name)


def _answer(request, page: pages.Dashboard, name: str):
    kind = request.GET.get("format")
    if kind is None:
        return render(request, "dashboards/dashboard.html", {"page": page})
    table = page.table(request.GET.get("table", ""))
    if kind not in CONTENT_TYPES or table is None:
        raise Http404
    selection = page.selection
    filename = "-".join([page.level, slugify(name) or "x", selection.year.code, selection.period.code, table.name])
    return export_response(table, kind, filename)
