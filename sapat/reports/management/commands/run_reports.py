"""`sapat run-reports`: the worker that builds queued reports: the database worker of Django's tasks API
(django-tasks-db's `db_worker`) on the reports' queue, after requeueing runs that a dead worker left running.

`make demo` starts it beside the server; in production it runs under systemd (docs/reports.md). Several may
run side by side on PostgreSQL (a task is taken with `select_for_update(skip_locked=True)`); on SQLite run one.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

from sapat.reports import services
from sapat.reports.models import ReportRun
from sapat.reports.tasks import QUEUE


class Command(BaseCommand):
    help = "Build queued reports in the background (run under systemd; see docs/reports.md)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="build what is queued now, then stop")
        parser.add_argument("--sleep", type=float, default=1.0, help="seconds to wait when nothing is queued")
        parser.add_argument("--stale", type=int, default=30, help="minutes after which a running run is requeued")
        parser.add_argument("--max-runs", type=int, default=0, help="stop after this many runs (0: never)")

    def handle(self, *args, **options):
        started = timezone.now()
        services.report_requeue_stale(older_than_minutes=options["stale"])
        services.report_enqueue_orphans()
        worker = Worker(
            queue_names=[QUEUE], interval=options["sleep"], batch=options["once"], backend_name="default",
            startup_delay=False, max_tasks=options["max_runs"] or None, worker_id=get_random_string(32),
            excluded_queue_names=[],
        )  # fmt: skip
        if not options["once"]:
            self.stdout.write("Report worker started; Ctrl-C stops it.")
            worker.configure_signals()  # SIGTERM (systemd, make demo) ends it after the report it is building
        worker.run()
        for run in ReportRun.objects.filter(finished_at__gte=started).defer("file_data").order_by("finished_at"):
            self.stdout.write(f"run {run.pk} {run.kind} {run.format} {run.language}: {run.status}")
        built = ReportRun.objects.filter(finished_at__gte=started).count()
        self.stdout.write(f"{built} report(s) built")
