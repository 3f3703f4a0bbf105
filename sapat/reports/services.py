"""Writes of the reports app: asking for a report, building it (inline or by the worker), retrying it, and
publishing or withdrawing the open report.

A report is asked for with its parameters; `resolve` checks them through the scoping rule (404 outside the
user's reach) and the run is saved queued. Small reports are built at once in the request; for the others a
task is enqueued through Django's tasks API (tasks.py) in the same transaction as the run, and the worker
(`sapat run-reports`) builds it, writing its progress as it goes. A run is claimed by a conditional update,
so two attempts never build the same run.
"""

import datetime
import logging
import traceback

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from sapat.core.querysets import unscoped
from sapat.core.services import refuse, validated_save

from .builders import REPORTS
from .models import Publication, ReportRun
from .renderers import FORMATS, RENDERERS, render

log = logging.getLogger(__name__)
LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)


def report_request(*, kind: str, params: dict, language: str, fmt: str, user, inline: bool | None = None) -> ReportRun:
    """Save a run of report `kind` for `user` (Http404 when the parameters reach outside their scope) and build
    it now when the kind is small (or `inline` says so)."""
    report = _kind(kind)
    _check_output(language, fmt)
    resolved = report.resolve(params, user)
    run = ReportRun.objects.create(
        kind=kind, unit=resolved.unit, parameters=resolved.params, language=language, format=fmt, requested_by=user
    )
    if report.inline if inline is None else inline:
        report_claim(run=run)
        report_build(run=run)
    else:
        report_enqueue(run=run)
    return run


def report_enqueue(*, run: ReportRun) -> ReportRun:
    """Hand a queued run to the worker: a task of Django's tasks API, kept with the run."""
    from .tasks import build_report

    result = build_report.enqueue(run.pk)
    run.task_id = str(result.id)
    run.save(update_fields=["task_id"])
    return run


def _kind(kind: str):
    if kind not in REPORTS or REPORTS[kind].public:
        refuse(_("Unknown report: %(kind)s.") % {"kind": kind}, "kind")
    return REPORTS[kind]


def _check_output(language: str, fmt: str) -> None:
    if language not in LANGUAGES:
        refuse(_("Unknown report language: %(language)s.") % {"language": language}, "language")
    if fmt not in FORMATS:
        refuse(_("Unknown format: %(format)s.") % {"format": fmt}, "format")


def report_claim(*, run: ReportRun) -> ReportRun:
    """Mark a run as running (a new attempt)."""
    run.status, run.progress, run.error = ReportRun.Status.RUNNING, 0, ""
    run.started_at, run.finished_at = timezone.now(), None
    run.attempts += 1
    run.save(update_fields=["status", "progress", "error", "started_at", "finished_at", "attempts"])
    return run


def report_claim_queued(*, run_id: int) -> ReportRun | None:
    """Take a queued run for the task that builds it; None when it is not queued (any more): a conditional
    update, so that of two attempts at the same run only one builds it."""
    now = timezone.now()
    taken = ReportRun.objects.filter(pk=run_id, status=ReportRun.Status.QUEUED).update(
        status=ReportRun.Status.RUNNING, progress=0, error="", started_at=now, finished_at=None,
        attempts=F("attempts") + 1,
    )  # fmt: skip
    return ReportRun.objects.get(pk=run_id) if taken else None


def report_build(*, run: ReportRun) -> ReportRun:
    """Build and render a claimed run in the time zone of its unit; any failure is kept on the run (status
    failed, the error) for a retry."""
    try:
        with timezone.override(run.unit.time_zone):  # times in the document are the unit's, whoever runs it
            document = build_document(run, progress=lambda percent: _progress(run, percent))
            data = render(document, run.format)
    except Exception as error:
        log.exception("report run %s failed", run.pk)
        return _finish(run, status=ReportRun.Status.FAILED, error=_error_text(error))
    run.title = document.title[:255]
    run.data_as_of = document.as_of
    run.file_name = f"{slugify(run.kind)}-{run.pk}-{run.language}.{RENDERERS[run.format].EXTENSION}"
    run.file_data = data
    return _finish(run, status=ReportRun.Status.DONE, error="")


def build_document(run: ReportRun, progress=lambda percent: None):
    """The run's neutral document, resolved again for the user who asked (their scope may have changed)."""
    report = REPORTS[run.kind]
    resolved = report.resolve(run.parameters, run.requested_by)  # through the asker's scope: a 404 outside it
    progress(10)
    return build_resolved(report, resolved, run.language, progress)


@unscoped("a report builds its figures from what resolve() reached through the asker's scope")
def build_resolved(report, resolved, language: str, progress=lambda percent: None):
    """The document of a resolved report: queued runs and the small reports built on request alike."""
    return report.build(resolved, language, progress)


def _error_text(error: Exception) -> str:
    from django.http import Http404

    if isinstance(error, Http404):
        return _("The report's data is not there or not within your reach any more.")
    if isinstance(error, ValidationError):
        return "; ".join(error.messages)
    return "".join(traceback.format_exception_only(error)).strip()[:2000]


@unscoped("the progress of the run being built, written by its own id")
def _progress(run: ReportRun, percent: int) -> None:
    """Written at once, outside any transaction of the build, so the run's page shows it."""
    run.progress = percent
    ReportRun.objects.filter(pk=run.pk).update(progress=percent)


def _finish(run: ReportRun, *, status: str, error: str) -> ReportRun:
    run.status, run.error, run.finished_at = status, error, timezone.now()
    run.progress = 100 if status == ReportRun.Status.DONE else run.progress
    fields = ["status", "error", "finished_at", "progress", "title", "data_as_of", "file_name", "file_data"]
    run.save(update_fields=fields)
    return run


def report_retry(*, run: ReportRun) -> ReportRun:
    """Queue a finished run again (same parameters, language and format); a small one is rebuilt at once."""
    if not run.finished:
        refuse(_("The report is still being built."))
    run.status, run.progress, run.error = ReportRun.Status.QUEUED, 0, ""
    run.save(update_fields=["status", "progress", "error"])
    if REPORTS[run.kind].inline:
        report_claim(run=run)
        report_build(run=run)
    else:
        report_enqueue(run=run)
    return run


def report_requeue_stale(*, older_than_minutes: int = 30) -> int:
    """Runs left "running" by a worker that died are queued again, with a new task; returns how many."""
    limit = timezone.now() - datetime.timedelta(minutes=older_than_minutes)
    stale = list(ReportRun.objects.filter(status=ReportRun.Status.RUNNING, started_at__lt=limit).defer("file_data"))
    for run in stale:
        with transaction.atomic():
            if ReportRun.objects.filter(pk=run.pk, status=ReportRun.Status.RUNNING).update(
                status=ReportRun.Status.QUEUED, progress=0
            ):
                report_enqueue(run=run)
    return len(stale)


def report_enqueue_orphans() -> int:
    """Queued runs without a task (asked for before the worker used the tasks API) get one."""
    orphans = list(ReportRun.objects.filter(status=ReportRun.Status.QUEUED, task_id="").defer("file_data"))
    for run in orphans:
        report_enqueue(run=run)
    return len(orphans)


# Publications ----------------------------------------------------------------------------------------------


@transaction.atomic
def publication_create(*, unit, period, user, min_group: int | None = None) -> Publication:
    """Publish the unit's open report for a period (the school's or district's own decision)."""
    minimum = min_group if min_group is not None else getattr(settings, "SAPAT_PUBLIC_MIN_GROUP", 5)
    if minimum < 1:
        refuse(_("The smallest group shown must be at least 1."), "min_group")
    publication = Publication(unit=unit, year=period.year, period=period, min_group=minimum, published_by=user)
    return validated_save(publication)


@transaction.atomic
def publication_delete(*, publication: Publication) -> None:
    publication.delete()
