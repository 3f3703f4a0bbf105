"""Scoping fails closed: a query on a scoped model that skipped restrict() is refused (SAPAT_SCOPES="strict").

Allowed: rows narrowed by restrict() (or for_user), rows reached from a fetched object, and code declared
unscoped (`with unscoped("why"):`). A request is scoped again even inside code declared unscoped.
"""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from sapat.access.middleware import ScopedRequestMiddleware
from sapat.access.scope import restrict
from sapat.core.querysets import ScopeError, _unscoped_reason, unscoped
from sapat.structure.models import SchoolClass, Student, Subject


@pytest.fixture
def strict(settings):
    settings.SAPAT_SCOPES = "strict"
    token = _unscoped_reason.set(None)  # leave the test code's own declaration (conftest.py)
    yield
    _unscoped_reason.reset(token)


def test_an_unrestricted_query_on_a_scoped_model_raises(world, strict):
    for attempt in (
        lambda: list(SchoolClass.objects.all()),
        lambda: SchoolClass.objects.count(),
        lambda: SchoolClass.objects.get(pk=world.a8a.pk),
        lambda: SchoolClass.objects.filter(school=world.school_a).update(letter="x"),
        lambda: list(SchoolClass.objects.values_list("pk", flat=True)),
    ):
        with pytest.raises(ScopeError, match="SchoolClass skipped the scoping rule"):
            attempt()


def test_restricted_rows_pass_and_stay_marked_through_filters(world, strict):
    rows = restrict(SchoolClass.objects.all(), world.aigul).filter(grade=8).order_by("letter")
    assert [c.pk for c in rows] == [world.a8a.pk, world.a8b.pk]
    assert restrict(SchoolClass.objects.all(), world.charlie).count() == 0


def test_rows_reached_from_a_fetched_object_pass(world, strict):
    school_class = restrict(SchoolClass.objects.all(), world.aigul).get(pk=world.a8a.pk)
    assert [e.student_id for e in school_class.enrolments.all()] == [world.aibek.pk]


def test_declared_code_reads_unscoped(world, strict):
    with unscoped("a command counts every class"):
        assert SchoolClass.objects.count() == 4

    @unscoped("the summaries engine")
    def engine():
        return Student.objects.filter(school=world.school_a).count()

    assert engine() == 2


def test_reference_data_is_not_scoped(world, strict):
    assert Subject.objects.get(code="math") == world.math


def test_a_request_is_scoped_even_inside_declared_code(world, settings):
    settings.SAPAT_SCOPES = "strict"

    def view(request):
        return HttpResponse(str(SchoolClass.objects.count()))

    with unscoped("test code"), pytest.raises(ScopeError):
        ScopedRequestMiddleware(view)(RequestFactory().get("/"))


def test_a_declaration_must_say_why():
    with pytest.raises(ValueError):
        unscoped("")


def test_a_lazy_queryset_declared_unscoped_passes_wherever_it_is_read(world, strict):
    rows = SchoolClass.objects.filter(grade=8).unscoped("the admin's country rule")
    assert rows.order_by("letter").count() == 3
    with pytest.raises(ValueError):
        SchoolClass.objects.unscoped("")


def test_the_suite_and_development_run_strict(settings):
    assert settings.SAPAT_SCOPES == "strict"
