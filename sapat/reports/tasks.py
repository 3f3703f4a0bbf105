"""The background task that builds a queued report run, through Django's tasks API (the django-tasks backport
with its database backend: the task is a row in the same database as the run, saved in the same transaction).

The task carries only the run's id; the run itself keeps the parameters, the progress and the file. A task
that finds its run already taken (built, or claimed by another attempt) does nothing.
"""

from django_tasks import task

QUEUE = "reports"


@task(queue_name=QUEUE)
def build_report(run_id: int) -> str:
    from . import services

    run = services.report_claim_queued(run_id=run_id)
    if run is None:
        return "taken"
    return services.report_build(run=run).status
