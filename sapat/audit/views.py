"""An object's history, for users who may see the object."""

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from sapat.access.scope import restrict

from .selectors import history_of

# The models whose history can be opened from the pages, by the name used in URLs.
HISTORY_MODELS = {
    "unit": "structure.OrgUnit",
    "class": "structure.SchoolClass",
    "student": "structure.Student",
    "staff": "structure.Staff",
}


@login_required
def object_history(request, kind: str, pk: int):
    if kind not in HISTORY_MODELS:
        raise Http404
    model = apps.get_model(HISTORY_MODELS[kind])
    obj = get_object_or_404(restrict(model.objects.all(), request.user), pk=pk)
    return render(request, "audit/history.html", {"object": obj, "entries": history_of(obj)})
