"""The scoped admin refuses what it cannot scope: a registration outside ScopedAdmin (sapat.E001), an unknown
rule (sapat.E002), a narrowing rule on a model without a scope_rule (sapat.E003, and its pages raise instead of
listing every row)."""

import pytest
from django.contrib import admin
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from sapat.access.admin_scoping import READ_ONLY, SCOPED, ScopedAdmin
from sapat.access.checks import admin_registrations_are_scoped
from sapat.structure.models import AcademicYear, SchoolClass


def errors_with(monkeypatch, model, model_admin_class) -> list[str]:
    monkeypatch.setitem(admin.site._registry, model, model_admin_class(model, admin.site))
    return [error.id for error in admin_registrations_are_scoped() if error.msg.startswith(model._meta.label)]


def test_the_shipped_registrations_pass():
    assert admin_registrations_are_scoped() == []


def test_a_plain_model_admin_is_refused(monkeypatch):
    assert errors_with(monkeypatch, SchoolClass, admin.ModelAdmin) == ["sapat.E001"]


def test_an_unknown_rule_is_refused(monkeypatch):
    class Lenient(ScopedAdmin):
        rule = "everyone"

    assert errors_with(monkeypatch, SchoolClass, Lenient) == ["sapat.E002"]


@pytest.mark.parametrize("rule", [SCOPED, READ_ONLY])
def test_a_narrowing_rule_on_a_model_without_a_scope_rule_is_refused(monkeypatch, rule):
    class Narrowing(ScopedAdmin):
        pass

    Narrowing.rule = rule
    assert errors_with(monkeypatch, AcademicYear, Narrowing) == ["sapat.E003"]


@pytest.mark.django_db
def test_its_pages_raise_instead_of_listing_every_row(world):
    class Narrowing(ScopedAdmin):
        rule = READ_ONLY

    request = RequestFactory().get("/admin/")
    request.user = world.aigul
    with pytest.raises(ImproperlyConfigured, match="AcademicYear has no scope_rule"):
        Narrowing(AcademicYear, admin.site).get_queryset(request)
