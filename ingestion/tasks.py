"""Celery tasks: each takes an id and calls one service."""

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings

from . import services

TIMEOUT_MESSAGE = "解析超时，文件可能过大或有异常页面，请检查后重新解析。"
UNAVAILABLE_MESSAGE = "数据库暂时不可用，多次重试后仍未完成。请稍后点击“重新解析”。"


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=3,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
)
def process_ingestion_job(self, job_id: int) -> None:
    """Idempotent: a job already finished or being run by a live worker is left alone."""
    try:
        services.job_run(job_id=job_id)
    except SoftTimeLimitExceeded:
        services.job_fail(job_id=job_id, code="timeout", message=TIMEOUT_MESSAGE)
    except services.TRANSIENT_ERRORS as exc:
        if self.request.retries >= self.max_retries:
            services.job_fail(job_id=job_id, code="unavailable", message=UNAVAILABLE_MESSAGE)
            raise
        raise self.retry(exc=exc, countdown=5 * 2**self.request.retries) from exc


@shared_task
def fail_stuck_jobs() -> int:
    return services.jobs_fail_stuck(older_than_seconds=settings.INGESTION_STUCK_AFTER_SECONDS)
