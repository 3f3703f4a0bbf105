"""Report runs: kept with parameters and "data as of", built inline or by the worker, failing visibly,
retried, claimed once each; the pages that ask for them and the command line."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from sapat.access.models import Membership
from sapat.reports.models import ReportRun
from sapat.reports.services import report_claim_next, report_request, report_requeue_stale, report_retry

from .readback import pdf_text

PARAMS = {"unit": "A", "year": "2024-2025", "subject": "math", "work": "h1"}


def ask(world, inline=None, fmt="pdf", **params):
    return report_request(
        kind="control-note", params={**PARAMS, **params}, language="ru", fmt=fmt, user=world.aigul, inline=inline
    )


def test_a_small_report_is_built_at_once_and_kept(control_case):
    run = ask(control_case["world"])
    run.refresh_from_db()
    assert run.status == ReportRun.Status.DONE and run.progress == 100 and run.attempts == 1
    assert run.parameters["compare"] == "" and run.parameters["against"] == "h1"
    assert run.data_as_of is not None and run.finished_at is not None
    assert run.file_name.endswith(".pdf") and "88,9" in pdf_text(bytes(run.file_data))


def test_a_queued_report_is_built_by_the_worker(control_case):
    run = ask(control_case["world"], inline=False, fmt="xlsx")
    assert run.status == ReportRun.Status.QUEUED
    out = StringIO()
    call_command("run_reports", "--once", stdout=out)
    run.refresh_from_db()
    assert run.status == ReportRun.Status.DONE and run.file_data
    assert "1 report(s) built" in out.getvalue()


def test_a_failure_is_kept_on_the_run_and_a_retry_builds_it(control_case):
    world = control_case["world"]
    run = ask(world, inline=False)
    ReportRun.objects.filter(pk=run.pk).update(parameters={**run.parameters, "work": "nope"})
    call_command("run_reports", "--once", stdout=StringIO())
    run.refresh_from_db()
    assert run.status == ReportRun.Status.FAILED and run.error and not run.file_data
    run.parameters["work"] = "h1"
    run.save(update_fields=["parameters"])
    report_retry(run=run)
    run.refresh_from_db()
    assert run.status == ReportRun.Status.DONE and run.attempts == 2 and run.error == ""


def test_a_report_waiting_in_the_queue_respects_a_scope_that_changed(control_case):
    world = control_case["world"]
    run = ask(world, inline=False)
    Membership.objects.filter(user=world.aigul).delete()
    call_command("run_reports", "--once", stdout=StringIO())
    run.refresh_from_db()
    assert run.status == ReportRun.Status.FAILED and not run.file_data


def test_each_queued_run_is_claimed_once(control_case):
    world = control_case["world"]
    first, second = ask(world, inline=False), ask(world, inline=False)
    claimed = [report_claim_next(), report_claim_next(), report_claim_next()]
    assert [run.pk if run else None for run in claimed] == [first.pk, second.pk, None]
    assert {r.status for r in ReportRun.objects.all()} == {ReportRun.Status.RUNNING}


def test_runs_left_running_by_a_dead_worker_are_queued_again(control_case):
    run = ask(control_case["world"], inline=False)
    report_claim_next()
    ReportRun.objects.filter(pk=run.pk).update(started_at=timezone.now() - datetime.timedelta(hours=2))
    assert report_requeue_stale(older_than_minutes=30) == 1
    run.refresh_from_db()
    assert run.status == ReportRun.Status.QUEUED


def test_unknown_language_or_format_is_refused(control_case):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        report_request(kind="control-note", params=PARAMS, language="de", fmt="pdf", user=control_case["world"].aigul)
    with pytest.raises(ValidationError):
        report_request(kind="public", params=PARAMS, language="ru", fmt="pdf", user=control_case["world"].aigul)


def test_deputy_builds_the_note_in_two_clicks(control_case, login):
    world = control_case["world"]
    client = login(world.aigul)
    form = client.get("/reports/control-note/")
    assert form.status_code == 200 and "A|2024-2025|math|h1" in form.text
    answer = client.post("/reports/control-note/", {"work": "A|2024-2025|math|h1", "language": "ky", "format": "docx"})
    run = ReportRun.objects.get()
    assert answer.status_code == 302 and answer.url == f"/reports/runs/{run.pk}/"
    page = client.get(answer.url)
    assert f"/reports/runs/{run.pk}/file/" in page.text
    download = client.get(f"/reports/runs/{run.pk}/file/")
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    assert client.post(f"/reports/runs/{run.pk}/retry/").status_code == 302
    assert ReportRun.objects.get().attempts == 2


def test_the_report_command_writes_a_file(control_case, tmp_path):
    target = tmp_path / "note.pdf"
    params = [f"--param={key}={value}" for key, value in PARAMS.items()]
    call_command("report", "control-note", *params, "--user=aigul", "--language=kk", f"-o={target}", stdout=StringIO())
    assert "88,9" in pdf_text(target.read_bytes())


def test_report_pages_do_not_grow_queries_with_runs(control_case, login, django_assert_max_num_queries):
    world = control_case["world"]
    for _ in range(5):
        ask(world, inline=False)
    client = login(world.aigul)
    with django_assert_max_num_queries(12):
        assert client.get("/reports/").status_code == 200
    run = ReportRun.objects.first()
    with django_assert_max_num_queries(10):
        assert client.get(f"/reports/runs/{run.pk}/").status_code == 200


def test_the_school_results_form_builds_a_run_and_the_comparative_one_queues(control_case, login):
    world = control_case["world"]
    client = login(world.dana)
    form = {"subject": "A", "year": "2024-2025", "period": "h1", "language": "kk", "format": "xlsx"}
    answer = client.post("/reports/new/school-results/", form)
    run = ReportRun.objects.get(kind="school-results")
    assert answer.status_code == 302 and run.status == ReportRun.Status.DONE and run.language == "kk"
    answer = client.post("/reports/new/comparative/", {**form, "subject": "ALA", "span": 2})
    run = ReportRun.objects.get(kind="comparative")
    assert answer.status_code == 302 and run.status == ReportRun.Status.QUEUED
    assert run.parameters == {"unit": "ALA", "level": "school", "source": "indicators", "year": "2024-2025",
                              "span": 1, "period": "h1", "cohort_grade": 9}  # fmt: skip
