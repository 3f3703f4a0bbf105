"""The error pages people meet: bad request, denied, missing, server error and a refused form (CSRF).

Each is a whole page of the site in the user's language with a way home, never Django's technical or bare
English page. The server-error page is rendered from the template alone, without the request's context
processors: whatever failed (the database, a session, a user's scope) may be what they would need.
"""

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _


def _error_page(request, status: int, title: str, text: str):
    context = {"status": status, "title": title, "text": text}
    return render(request, "web/error.html", context, status=status)


def bad_request(request, exception=None):
    text = _("The address or the form sent to Sapat could not be understood. Go back and try again.")
    return _error_page(request, 400, _("Bad request"), text)


def permission_denied(request, exception=None):
    text = _("You have no access to this page. If you need it, ask your administrator.")
    return _error_page(request, 403, _("Access denied"), text)


def page_not_found(request, exception=None):
    text = _("There is no such page, or it is not open to you. Check the address or start from the home page.")
    return _error_page(request, 404, _("Page not found"), text)


def server_error(request):
    template = loader.get_template("web/500.html")
    return HttpResponseServerError(template.render({"status": 500}))


def csrf_failure(request, reason=""):
    """The form came without its security token (an old tab, cookies off, a page kept open too long)."""
    text = _(
        "The form could not be accepted because its security check failed. This happens when a page was open "
        "too long or cookies are switched off. Open the page again and send the form once more."
    )
    return _error_page(request, 403, _("The form was not accepted"), text)
