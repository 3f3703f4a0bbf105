"""Dashboards: thin views. Fetch through the scoping rule (reach.py), read the GET selection, assemble the page
(pages.py), then render it, or, with ?format=csv|xlsx&table=NAME, export one of its tables.

Pages are gzipped (Django's GZipMiddleware, with its guard against BREACH) to stay light on slow connections.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_GET

from . import pages, reach
from .export import CONTENT_TYPES, export_response
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
    selection = select(request.GET, found.country)
    if selection is None:
        return _empty(request, found.name)
    return _answer(request, pages.unit_dashboard(request.user, found, selection, request.GET), found.code)


@dashboard_view
def parallel(request, code: str, grade: int):
    school = reach.unit_for(request.user, code)
    if not school.is_school:
        raise Http404
    selection = select(request.GET, school.country)
    if selection is None:
        return _empty(request, school.name)
    page = pages.parallel_dashboard(request.user, school, grade, selection, request.GET)
    return _answer(request, page, f"{school.code}-{grade}")


@dashboard_view
def at_risk(request, code: str):
    school = reach.unit_for(request.user, code)
    if not school.is_school:
        raise Http404
    selection = select(request.GET, school.country)
    if selection is None:
        return _empty(request, school.name)
    grade = request.GET.get("grade")
    grade = int(grade) if grade and grade.isdigit() else None
    page = pages.at_risk_dashboard(request.user, school, grade, selection)
    return _answer(request, page, f"{school.code}-{grade or 'all'}")


@dashboard_view
def school_class(request, pk: int):
    found = reach.class_for(request.user, pk)
    selection = select(request.GET, found.school.country)
    if selection is None:
        return _empty(request, found.name)
    page = pages.class_dashboard(request.user, found, selection, request.GET)
    return _answer(request, page, f"{found.school.code}-{found.name}")


@dashboard_view
def teacher(request, pk: int):
    found = reach.teacher_for(request.user, pk)
    selection = select(request.GET, found.school.country)
    if selection is None:
        return _empty(request, found.full_name)
    return _answer(request, pages.teacher_dashboard(request.user, found, selection, request.GET), found.last_name)


@dashboard_view
def student(request, pk: int):
    found = reach.student_for(request.user, pk)
    selection = select(request.GET, found.school.country, subjects=())
    if selection is None:
        return _empty(request, found.full_name)
    return _answer(request, pages.student_dashboard(request.user, found, selection), found.code)


def _answer(request, page: pages.Dashboard, name: str):
    kind = request.GET.get("format")
    if kind is None:
        return render(request, "dashboards/dashboard.html", {"page": page, "as_of": pages.latest_of(page)})
    table = page.table(request.GET.get("table", ""))
    if kind not in CONTENT_TYPES or table is None:
        raise Http404
    selection = page.selection
    filename = "-".join([page.level, slugify(name) or "x", selection.year.code, selection.period.code, table.name])
    return export_response(table, kind, filename)


def _empty(request, title: str):
    return render(request, "dashboards/none.html", {"title": title, "no_periods": True})
