"""Celery tasks: each takes an id and calls one service."""

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import OperationalError

from . import services


@shared_task(
    acks_late=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
)
def process_ingestion_job(job_id: int) -> None:
    try:
        services.job_run(job_id=job_id)
    except SoftTimeLimitExceeded:
        services.job_fail(
            job_id=job_id, code="timeout", message="解析超时，文件可能过大或有异常页面，请检查后重新解析。"
        )


@shared_task
def fail_stuck_jobs() -> int:
    return services.jobs_fail_stuck(older_than_seconds=settings.INGESTION_STUCK_AFTER_SECONDS)
