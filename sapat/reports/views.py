"""The report pages: ask for a report, follow its run, download it; the report card; the open public report
(no login); publishing it. Thin: scoped fetches, one service call, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from sapat.core.headers import as_standalone_document
from sapat.structure.models import Period
from sapat.structure.models.calendar import PERIOD_LABELS

from . import selectors, services
from .builders import REPORTS
from .forms import ControlNoteForm, PublicationForm, UnitReportForm
from .renderers import FORMATS, RENDERERS, html
from .renderers import render as render_format

LANGUAGES = ("ky", "kk", "ru", "en")
PERIOD_CHOICES = [(code, PERIOD_LABELS[code]) for code in Period.ORDER]
REPORT_SUBJECT_LABELS = {"unit": _lazy("Unit"), "teacher": _lazy("Teacher")}


@login_required
def index(request):
    runs = selectors.runs_for(request.user).defer("file_data")[:30]
    can_note = selectors.overseen_units(request.user).exists()
    kinds = [REPORTS[kind] for kind in UNIT_REPORTS if selectors.report_subjects(request.user, kind)]
    context = {"runs": runs, "can_note": can_note, "kinds": kinds, "children": selectors.children_of(request.user)}
    return render(request, "reports/index.html", context)


@login_required
def control_note(request):
    language = get_language()
    works = selectors.control_work_choices(request.user, language)
    if not works:
        raise Http404
    compares = selectors.control_compare_choices(request.user, language)
    form = ControlNoteForm(request.POST or None, works=works, compares=compares, initial={"language": language})
    if request.method == "POST" and form.is_valid():
        run = _request(request, "control-note", form.parameters(), form)
        if run is not None:
            return redirect("reports:run", pk=run.pk)
    return render(request, "reports/control_note_form.html", {"form": form})


# What each generic report asks for: the field naming its subject, and whether it compares years.
UNIT_REPORTS = {"school-results": ("unit", False), "comparative": ("unit", True), "teacher": ("teacher", False)}


@login_required
def unit_report(request, kind: str):
    """The form of the school-results, comparative and teacher reports; the choices come from the user's scope."""
    if kind not in UNIT_REPORTS:
        raise Http404
    key, with_span = UNIT_REPORTS[kind]
    subjects = selectors.report_subjects(request.user, kind)
    if not subjects:
        raise Http404
    comparison = selectors.comparison_choices(request.user) if with_span else {}
    form = UnitReportForm(
        request.POST or None, subjects=subjects, years=selectors.year_codes(), periods=PERIOD_CHOICES,
        subject_label=REPORT_SUBJECT_LABELS[key], with_span=with_span, initial={"language": get_language()},
        **comparison,
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        params = {key: form.cleaned_data["subject"], "year": form.cleaned_data["year"],
                  "period": form.cleaned_data["period"], "span": form.cleaned_data.get("span") or 3}  # fmt: skip
        if with_span:
            params["cohort_grade"] = form.cleaned_data["cohort_grade"]
            params.update(form.comparison())
        run = _request(request, kind, params, form)
        if run is not None:
            return redirect("reports:run", pk=run.pk)
    return render(request, "reports/unit_report_form.html", {"form": form, "kind": REPORTS[kind]})


def _request(request, kind: str, params: dict, form):
    try:
        return services.report_request(
            kind=kind, params=params, language=form.cleaned_data["language"], fmt=form.cleaned_data["format"],
            user=request.user,
        )  # fmt: skip
    except ValidationError as error:
        form.add_error(None, error)
        return None


def _run_of(request, pk: int):
    return get_object_or_404(selectors.runs_for(request.user), pk=pk)


@login_required
def run_detail(request, pk: int):
    run = _run_of(request, pk)
    context = {"run": run, "kind": REPORTS.get(run.kind), "waiting": selectors.run_waiting(run),
               "body": selectors.run_html_body(run)}  # fmt: skip
    return render(request, "reports/run.html", context)


@login_required
def run_file(request, pk: int):
    run = _run_of(request, pk)
    if run.status != run.Status.DONE or run.file_data is None:
        raise Http404
    inline = run.format in ("html", "pdf") and not request.GET.get("download")
    return _file(bytes(run.file_data), run.format, run.file_name, inline=inline)


@login_required
@require_POST
def run_retry(request, pk: int):
    run = _run_of(request, pk)
    try:
        services.report_retry(run=run)
    except ValidationError as error:
        messages.error(request, "; ".join(error.messages))
    return redirect("reports:run", pk=run.pk)


def _file(data: bytes, fmt: str, name: str, *, inline: bool) -> HttpResponse:
    response = HttpResponse(data, content_type=RENDERERS[fmt].CONTENT_TYPE)
    response["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{name}"'
    return as_standalone_document(response) if fmt == "html" else response


def _output(request, default_language: str) -> tuple[str, str]:
    """The report's language and format from the query (?language=ky&format=pdf); HTML shows in the page."""
    language = request.GET.get("language") or default_language
    fmt = request.GET.get("format") or "page"
    if language not in LANGUAGES or fmt not in (*FORMATS, "page"):
        raise Http404
    return language, fmt


def _direct(request, kind: str, params: dict, user, default_language: str, template: str, extra: dict):
    """Build a small report on request, without keeping it: the report card and the public report; its
    times in the time zone of the unit it is about, whoever reads it."""
    language, fmt = _output(request, default_language)
    report = REPORTS[kind]
    resolved = report.resolve(params, user)
    with timezone.override(resolved.unit.time_zone):
        document = services.build_resolved(report, resolved, language)
        if fmt != "page":
            name = f"{kind}-{language}.{RENDERERS[fmt].EXTENSION}"
            return _file(render_format(document, fmt), fmt, name, inline=fmt in ("html", "pdf"))
        context = {"document": document, "body": html.fragment(document), "language": language,
                   "languages": LANGUAGES, "formats": FORMATS, **extra}  # fmt: skip
        return render(request, template, context)


@login_required
def report_card(request, student: int):
    """A parent opens only their own child's card (another child is a 404, as a missing one)."""
    default = request.user.language or get_language()
    return _direct(request, "report-card", {"student": student, "year": request.GET.get("year", "")},
                   request.user, default, "reports/card.html", {})  # fmt: skip


def public_index(request):
    return render(request, "reports/public_index.html", {"publications": selectors.public_publications()})


def public_report(request, unit: str, year: str, period: str):
    """Anyone may read a published report; an unpublished unit answers 404 like a missing one."""
    params = {"unit": unit, "year": year, "period": period}
    return _direct(request, "public", params, None, get_language(), "reports/public.html", {"params": params})


@login_required
def publications(request):
    units = selectors.publishable_units(request.user)
    if not units.exists():
        raise Http404
    unit_choices = [(u.code, u.name) for u in units]
    period_choices = [(p.pk, f"{p.year.code} · {p.label}") for p in selectors.publishable_periods(units[0])]
    form = PublicationForm(request.POST or None, units=unit_choices, periods=period_choices)
    if request.method == "POST" and form.is_valid() and _publish(request, form, units):
        return redirect("reports:publications")
    listed = selectors.publications_for(request.user)
    return render(request, "reports/publications.html", {"form": form, "publications": listed})


def _publish(request, form, units) -> bool:
    unit = get_object_or_404(units, code=form.cleaned_data["unit"])
    period = get_object_or_404(Period.objects.select_related("year"), pk=form.cleaned_data["period"])
    try:
        services.publication_create(
            unit=unit, period=period, user=request.user, min_group=form.cleaned_data["min_group"]
        )
    except ValidationError as error:
        form.add_error(None, error)
        return False
    messages.success(request, _("The report is published."))
    return True


@login_required
@require_POST
def publication_delete(request, pk: int):
    publication = get_object_or_404(selectors.publications_for(request.user), pk=pk)
    services.publication_delete(publication=publication)
    messages.success(request, _("The report is no longer published."))
    return redirect("reports:publications")
