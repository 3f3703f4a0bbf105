"""The achievements page of a unit (its tables and the participations the user may see) and the evidence of a
participation, served only to those whose scope reaches it (never a public URL)."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from sapat.access.scope import oversees, restrict
from sapat.structure.models import OrgUnit
from sapat.structure.selectors import current_year

from .models import Participation
from .selectors import unit_page


@login_required
def index(request, code: str):
    """An overseer of the unit sees its tables; everyone who reaches the unit sees the participations in their
    scope (a parent their child's, a teacher their classes' and their own)."""
    unit = get_object_or_404(restrict(OrgUnit.objects.all(), request.user), code=code)
    year_code = request.GET.get("year") or ""
    year = current_year(unit.country) if not year_code else None
    context = unit_page(
        unit=unit,
        year_code=year_code or (year.code if year else ""),
        participations=restrict(Participation.objects.all(), request.user),
        with_tables=oversees(request.user, unit),
    )
    return render(request, "achievements/index.html", {"unit": unit, **context})


@login_required
def evidence(request, pk: int):
    """Another school's participation is a 404 like a missing one; so is a participation without a file."""
    participation = get_object_or_404(restrict(Participation.objects.all(), request.user), pk=pk)
    if not participation.evidence:
        raise Http404(_("This participation has no evidence file."))
    try:
        handle = participation.evidence.open("rb")
    except FileNotFoundError:
        raise Http404(_("This participation has no evidence file.")) from None
    name = participation.evidence.name.rsplit("/", 1)[-1]
    response = FileResponse(handle, as_attachment=True, filename=name)
    response["Cache-Control"] = "private, no-store"
    return response
