"""The pages of import and export: the list of past imports, the upload form, the preview (then apply, then
the result) and the template and export downloads. Thin: scoped fetch, form, one service call, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sapat.access.scope import restrict
from sapat.core import values
from sapat.structure.models import AcademicYear, OrgUnit, Period
from sapat.structure.selectors import current_year

from .forms import UploadForm
from .kinds import KINDS, ExportContext
from .models import ImportRecord
from .outcome import THINGS, count_rows, where
from .parsers import Limits
from .services import import_apply, import_preview, importable_units, may_import_into
from .templates import export_csv, export_xlsx

LIST_LENGTH = 100
UPLOAD_OVERHEAD = 1024 * 1024  # the form's fields and the multipart framing around the file


def _records(user):
    return restrict(ImportRecord.objects.select_related("user", "unit").defer("content"), user)


@login_required
def import_list(request):
    records = list(_records(request.user)[:LIST_LENGTH])
    for record in records:
        record.totals = _totals(record.counts)
    units = importable_units(request.user)
    context = {
        "records": records,
        "can_import": units.exists(),
        "kinds": KINDS.values(),
        "unit": _template_unit(request),
    }
    return render(request, "transfer/list.html", context)


def _totals(counts: dict) -> dict:
    return {name: sum(row.get(name, 0) for row in counts.values()) for name in ("created", "changed", "unchanged")}


def _template_unit(request) -> OrgUnit | None:
    """The unit the template links are for: the first one the user may import into, else the first they see."""
    return (
        importable_units(request.user).order_by("path").first()
        or restrict(OrgUnit.objects.order_by("path"), request.user).first()
    )


@login_required
def import_new(request):
    units = importable_units(request.user)
    if not units.exists():
        raise Http404
    initial = {"kind": request.GET.get("kind"), "unit": units.order_by("path").first()}
    form, refusal = UploadForm(units=units, initial=initial), ""
    if request.method == "POST":
        if _too_large(request):
            refusal = _("The file is larger than an import takes. Split it into smaller files.")
        else:
            form = UploadForm(request.POST, request.FILES, units=units)
            if form.is_valid():
                return _preview(request, form)
    context = {"form": form, "refusal": refusal, "kinds": KINDS.values(), "unit": _template_unit(request)}
    return render(request, "transfer/new.html", context)


def _too_large(request) -> bool:
    """A body far over the size limit is refused before Django reads it."""
    length = values.identifier(request.META.get("CONTENT_LENGTH")) or 0
    return length > Limits.from_settings().max_bytes + UPLOAD_OVERHEAD


def _preview(request, form: UploadForm):
    upload = form.cleaned_data["file"]
    try:
        record = import_preview(
            user=request.user,
            unit=form.cleaned_data["unit"],
            kind=form.cleaned_data["kind"],
            file_name=upload.name,
            content=upload.read(),
            year=form.cleaned_data["year"],
        )
    except PermissionDenied:
        raise Http404 from None
    return redirect("transfer-detail", pk=record.pk)


@login_required
def import_detail(request, pk: int):
    record = get_object_or_404(_records(request.user), pk=pk)
    problems = [{**problem, "where": where(problem)} for problem in record.problems]
    context = {
        "record": record,
        "kind": KINDS.get(record.kind),
        "counts": count_rows(record.counts),
        "problems": problems,
        "more_problems": record.problem_count - len(problems),
        "can_apply": _can_apply(request.user, record),
        "things": THINGS,
    }
    return render(request, "transfer/detail.html", context)


def _can_apply(user, record: ImportRecord) -> bool:
    return (
        record.status == ImportRecord.Status.PREVIEWED
        and record.kind in KINDS
        and record.user_id == user.pk
        and may_import_into(user, record.unit)
    )


@login_required
@require_POST
def import_apply_view(request, pk: int):
    record = get_object_or_404(_records(request.user), pk=pk)
    if not _can_apply(request.user, record):
        raise Http404
    try:
        record = import_apply(record=record, user=request.user)
    except (PermissionDenied, ValidationError):
        raise Http404 from None
    if record.status == ImportRecord.Status.APPLIED:
        messages.success(request, _("The import was applied."))
    else:
        messages.error(request, _("The file was refused, nothing was saved."))
    return redirect("transfer-detail", pk=record.pk)


@login_required
def template_download(request, kind: str):
    """A kind's template (empty, or the journal with its students) or, with data=1, an export of the unit's
    rows that the user may see, as .xlsx or .csv."""
    if kind not in KINDS:
        raise Http404
    unit = get_object_or_404(restrict(OrgUnit.objects.all(), request.user), code=request.GET.get("unit", ""))
    year = _year(request, unit)
    period = Period.objects.filter(year=year, code=request.GET.get("period", "")).first() if year else None
    ectx = ExportContext(
        user=request.user, unit=unit, year=year, with_data=request.GET.get("data") == "1", period=period
    )
    csv = request.GET.get("format") == "csv"
    content = export_csv(KINDS[kind], ectx) if csv else export_xlsx(KINDS[kind], ectx)
    name = "-".join(part for part in ("sapat", KINDS[kind].file_name, unit.code, year.code if year else "") if part)
    content_type = (
        "text/csv; charset=utf-8" if csv else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{"csv" if csv else "xlsx"}"'
    return response


def _year(request, unit: OrgUnit) -> AcademicYear | None:
    code = request.GET.get("year")
    if code == "all":
        return None
    if code:
        return get_object_or_404(AcademicYear, country=unit.country, code=code)
    return current_year(unit.country)
