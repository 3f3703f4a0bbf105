"""The site's addresses plus views that fail on purpose, for the error-page tests (`@pytest.mark.urls`)."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from sapat.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401


def _bad(request):
    raise SuspiciousOperation("a malformed request")


def _denied(request):
    raise PermissionDenied


def _broken(request):
    raise RuntimeError("a bug")


urlpatterns = [
    path("fail/400/", _bad),
    path("fail/403/", _denied),
    path("fail/500/", _broken),
    *urlpatterns,
]
