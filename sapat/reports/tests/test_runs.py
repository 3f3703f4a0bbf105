"""Report runs: kept with parameters and "data as of", built inline or by the worker, failing visibly,
retried, claimed once each; the pages that ask for them and the command line."""

import datetime
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from sapat.access.models import Membership
from sapat.reports.models import ReportRun
from sapat.reports.services import report_claim_queued, report_request, report_requeue_stale, report_retry

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
    claimed = [report_claim_queued(run_id=first.pk), report_claim_queued(run_id=first.pk),
               report_claim_queued(run_id=second.pk)]  # fmt: skip
    assert [run.pk if run else None for run in claimed] == [first.pk, None, second.pk]
    assert {r.status for r in ReportRun.objects.all()} == {ReportRun.Status.RUNNING}
    assert {r.attempts for r in ReportRun.objects.all()} == {1}


def test_a_queued_report_is_a_task_of_djangos_tasks_api(control_case):
    from django_tasks_db.models import DBTaskResult

    run = ask(control_case["world"], inline=False)
    task = DBTaskResult.objects.get(pk=run.task_id)
    assert task.task_path == "sapat.reports.tasks.build_report" and task.queue_name == "reports"
    assert task.args_kwargs == {"args": [run.pk], "kwargs": {}} and task.status == "READY"
    call_command("run_reports", "--once", stdout=StringIO())
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL" and task.return_value == "done"


def test_runs_left_running_by_a_dead_worker_are_queued_again(control_case):
    run = ask(control_case["world"], inline=False)
    report_claim_queued(run_id=run.pk)
    ReportRun.objects.filter(pk=run.pk).update(started_at=timezone.now() - datetime.timedelta(hours=2))
    assert report_requeue_stale(older_than_minutes=30) == 1
    run.refresh_from_db()
    assert run.status == ReportRun.Status.QUEUED
    call_command("run_reports", "--once", stdout=StringIO())
    run.refresh_from_db()
    assert run.status == ReportRun.Status.DONE and run.attempts == 2


def test_the_run_page_says_plainly_when_no_worker_is_running(control_case, login):
    world = control_case["world"]
    run = ask(world, inline=False)
    client = login(world.aigul)
    page = client.get(f"/reports/runs/{run.pk}/").text
    assert 'data-testid="no-worker"' not in page and "Waiting in the queue (0 %)" in page
    ReportRun.objects.filter(pk=run.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=5))
    page = client.get(f"/reports/runs/{run.pk}/").text
    assert "No report worker is running" in page and "sapat run-reports" in page


def test_a_report_asked_for_in_html_opens_in_its_page(control_case, login):
    world = control_case["world"]
    client = login(world.aigul)
    answer = client.post("/reports/control-note/", {"work": "A|2024-2025|math|h1", "language": "ru", "format": "html"})
    page = client.get(answer.url).text
    assert 'data-testid="report-body"' in page and '<article class="report" lang="ru">' in page
    assert "88,9" in page  # the note itself, not a link to it
    assert "Russian" in page and "Ready" in page  # words, not "ru" and "done"
    opened = client.get(f"/reports/runs/{ReportRun.objects.get().pk}/file/")
    assert opened["Content-Disposition"].startswith("inline") and b"@media print" in opened.content


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


def test_the_note_compares_with_a_work_chosen_from_those_that_exist(control_case, login):
    """The works of the case are h1 and h2: the form offers them by name, and refuses a code typed by hand."""
    client = login(control_case["world"].aigul)
    form = client.get("/reports/control-note/").context["form"]
    assert form.fields["compare"].choices == [
        ("", "the previous work of the same subject"),
        ("h1", "First half-year control work"),
        ("h2", "Second half-year control work"),
    ]
    assert ("q2", "2nd quarter") in form.fields["against"].choices
    wanted = {"work": "A|2024-2025|math|h2", "language": "en", "format": "html"}
    refused = client.post("/reports/control-note/", {**wanted, "compare": "h9"})
    assert refused.status_code == 200 and "compare" in refused.context["form"].errors
    answer = client.post("/reports/control-note/", {**wanted, "compare": "h1", "against": "q2"})
    assert answer.status_code == 302
    assert {"compare": "h1", "against": "q2"}.items() <= ReportRun.objects.get().parameters.items()


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


def test_the_list_names_a_report_in_the_readers_language_whatever_its_own(control_case, login):
    world = control_case["world"]
    run = report_request(kind="control-note", params=PARAMS, language="ky", fmt="html", user=world.aigul)
    run.refresh_from_db()
    assert run.title.startswith("Административдик")  # the document's own title is Kyrgyz
    world.aigul.language = "ru"
    world.aigul.save(update_fields=["language"])
    client = login(world.aigul)
    listed = client.get("/reports/").content.decode()
    assert "Аналитическая справка по контрольной работе" in listed and run.title not in listed
    shown = client.get(f"/reports/runs/{run.pk}/").content.decode()  # the report itself follows, in Kyrgyz
    assert re.search(r"<h1>([^<]*)</h1>", shown).group(1) == "Аналитическая справка по контрольной работе"
