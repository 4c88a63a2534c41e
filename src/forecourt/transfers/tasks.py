"""Background tasks: they take a job id and call one service."""

from __future__ import annotations

from typing import Any

from django_tasks import task
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from forecourt.transfers.models import JobKind, TransferJob


@task()
def export_task(job_id: str) -> None:
    from forecourt.transfers.services import export_run

    export_run(job_id=job_id)


@task()
def import_task(job_id: str) -> None:
    from forecourt.transfers.services import import_run

    import_run(job_id=job_id)


@db_periodic_task(crontab(minute="*/15"))
def purge_expired_transfers() -> None:
    """Every quarter hour the worker deletes export files and reports past their 24 hours."""
    from forecourt.transfers.services import transfers_purge_expired

    transfers_purge_expired()


def enqueue_transfer(job: TransferJob) -> Any:
    """Hand the job to the task queue (huey, through django-tasks)."""
    runner = export_task if job.kind == JobKind.EXPORT else import_task
    return runner.enqueue(str(job.pk))
