"""Celery tasks: each takes an id and calls one service.

Time limits are not set here: the worker's own settings (CELERY_TASK_SOFT_TIME_LIMIT, CELERY_TASK_TIME_LIMIT)
apply, so a limit given to the workers is honoured whatever process queued the task.
"""

import logging

from celery import shared_task
from django.conf import settings

from . import services
from .models import IngestionJob

logger = logging.getLogger(__name__)

UNAVAILABLE_MESSAGE = "数据库暂时不可用，多次重试后仍未完成。请稍后点击“重新解析”。"


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=3)
def process_ingestion_job(self, job_id: int) -> None:
    """Idempotent: a finished job is left alone; one held by another worker is looked at again later.

    A message delivered again after its pool process was killed finds the job running with a recent
    heartbeat; instead of dropping it, it checks back once the heartbeat would be stale and takes it over.
    """
    try:
        job = services.job_run(job_id=job_id)
    except services.TRANSIENT_ERRORS as exc:
        if self.request.retries >= self.max_retries:
            _fail_unavailable(job_id)
            return
        raise self.retry(exc=exc, countdown=settings.INGESTION_RETRY_BASE_SECONDS * 2**self.request.retries) from exc
    if job.status == IngestionJob.Status.RUNNING and not self.request.is_eager:
        self.apply_async((job_id,), countdown=settings.INGESTION_RECLAIM_AFTER_SECONDS + 1)


def _fail_unavailable(job_id: int) -> None:
    try:
        services.job_fail(job_id=job_id, code="unavailable", message=UNAVAILABLE_MESSAGE)
    except services.TRANSIENT_ERRORS:
        # The database is still away: the periodic sweep queues the job again once it is back.
        logger.warning("job %s: database unavailable; left for the sweep", job_id)


@shared_task
def sweep_ingestion_jobs() -> int:
    sweep = services.jobs_sweep(
        silent_seconds=settings.INGESTION_STUCK_AFTER_SECONDS, max_attempts=settings.INGESTION_MAX_ATTEMPTS
    )
    return sweep.requeued + sweep.failed
