"""Serve a logged-in user in the language they chose, on every device, and in their units' time zone."""

from django.utils import timezone, translation

from sapat.core.querysets import _unscoped_reason
from sapat.structure.models import time_zone_of

from .scope import scope_of


class UserLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = getattr(request.user, "language", "") if request.user.is_authenticated else ""
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)


class UnitTimeZoneMiddleware:
    """Times on every page in the time zone of the user's units (their country's: Asia/Bishkek, Asia/Almaty);
    the server's TIME_ZONE for anyone else. A page about one unit for everyone (the public report) overrides
    it with that unit's zone. The scope is the request's own, computed once (sapat.access.scope)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        countries = scope_of(request.user).countries if request.user.is_authenticated else frozenset()
        zone = time_zone_of(next(iter(countries))) if len(countries) == 1 else None
        if zone is None:
            timezone.deactivate()
        else:
            timezone.activate(zone)
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


class ScopedRequestMiddleware:
    """A request is scoped, whatever the code around it declared (a test's own code is unscoped): a page's
    queries on scoped models go through restrict() or a fetched object (core/querysets.py)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _unscoped_reason.set(None)
        try:
            return self.get_response(request)
        finally:
            _unscoped_reason.reset(token)
