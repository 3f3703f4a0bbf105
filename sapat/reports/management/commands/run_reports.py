"""`sapat run-reports`: the worker that builds queued report runs (no broker: the database is the queue).

Each loop claims the oldest queued run (`select_for_update(skip_locked=True)` on PostgreSQL, so several
workers may run side by side; on SQLite run one), builds it with progress, and sleeps when nothing waits.
Runs left "running" by a worker that died are queued again after --stale minutes.
"""

import time

from django.core.management.base import BaseCommand

from sapat.reports import services


class Command(BaseCommand):
    help = "Build queued reports in the background (run under systemd; see docs/reports.md)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="build what is queued now, then stop")
        parser.add_argument("--sleep", type=float, default=2.0, help="seconds to wait when nothing is queued")
        parser.add_argument("--stale", type=int, default=30, help="minutes after which a running run is requeued")
        parser.add_argument("--max-runs", type=int, default=0, help="stop after this many runs (0: never)")

    def handle(self, *args, **options):
        built = 0
        while not options["max_runs"] or built < options["max_runs"]:
            services.report_requeue_stale(older_than_minutes=options["stale"])
            run = services.report_claim_next()
            if run is None:
                if options["once"]:
                    break
                time.sleep(options["sleep"])
                continue
            run = services.report_build(run=run)
            built += 1
            self.stdout.write(f"run {run.pk} {run.kind} {run.format} {run.language}: {run.status}")
        self.stdout.write(f"{built} report(s) built")
