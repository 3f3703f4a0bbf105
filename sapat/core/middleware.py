"""Requests that carry a NUL character are refused with the site's 400 page before any view runs.

No text Sapat stores or looks up may hold one: PostgreSQL refuses it in every string (a server error, where
SQLite would quietly store it), so a code in the address (`/units/%00/`), a query parameter or a field of a
form posted with a NUL is a bad request. Large multipart bodies (the file uploads) are not read here: the
upload view checks their size before anything parses them, and their text fields go through form fields,
which refuse NUL themselves (Django's ProhibitNullCharactersValidator).
"""

from django.conf import settings
from django.urls import get_resolver

from . import values

NUL = "\x00"


class RefuseNulCharactersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _holds_nul(request):  # the site's own 400 page (sapat.urls.handler400), in the user's language
            return get_resolver().resolve_error_handler(400)(request, exception=None)
        return self.get_response(request)


def _holds_nul(request) -> bool:
    if NUL in request.path or NUL in request.META.get("QUERY_STRING", "") or _in(request.GET):
        return True
    if request.method == "POST" and _small_form(request):
        return _in(request.POST)
    return False


def _small_form(request) -> bool:
    """A form body read here: any urlencoded one (Django bounds its size), a multipart one (the journal's
    scripts post FormData) only when it is small, so that an upload is still measured by its view first."""
    if request.content_type == "application/x-www-form-urlencoded":
        return True
    length = values.identifier(request.META.get("CONTENT_LENGTH")) or 0
    return request.content_type == "multipart/form-data" and length <= settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def _in(query) -> bool:
    return any(NUL in key or any(NUL in value for value in values) for key, values in query.lists())
