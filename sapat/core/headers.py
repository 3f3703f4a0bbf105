"""Response headers that tell the browser what a Sapat page may never do.

The Content-Security-Policy itself comes from django-csp (settings.CONTENT_SECURITY_POLICY); this middleware adds
the Permissions-Policy, which Django does not set: no page of Sapat uses the camera, the microphone, the
location or payments, so no page (nor anything injected into one) may ask for them.
"""

from csp.constants import NONE, UNSAFE_INLINE
from django.conf import settings

# A downloaded or stored document (a report's HTML file) is a whole page of its own, built before any request:
# its print styles are inline, and it never needs a script, so none may run in it.
DOCUMENT_POLICY = {"script-src": [NONE], "style-src": [UNSAFE_INLINE]}


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.value = ", ".join(f"{feature}=()" for feature in settings.SAPAT_PERMISSIONS_POLICY_DENIED)

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.value)
        return response


def as_standalone_document(response):
    """Serve `response` under DOCUMENT_POLICY instead of the site's policy (what django-csp's csp_replace does)."""
    response._csp_replace = DOCUMENT_POLICY
    return response
