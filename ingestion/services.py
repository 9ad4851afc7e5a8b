"""Ingestion jobs: create one for a file, run it, fail it. Tasks and commands call these."""

import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from disclosures import services as disclosure_services
from disclosures.models import Department, Report

from . import parser
from .models import IngestionJob
from .parser.errors import UnusableDocument

logger = logging.getLogger(__name__)

Stage = IngestionJob.Stage
Status = IngestionJob.Status

METADATA_MISSING_MESSAGE = "未能从文件中识别{fields}，请在上传时填写后重新解析。"
FIELD_NAMES = {"department": "部门", "fiscal_year": "年度", "kind": "预算/决算类型"}


@dataclass(frozen=True)
class JobCreated:
    job: IngestionJob
    created: bool


def file_sha256(handle) -> str:
    digest = hashlib.sha256()
    handle.seek(0)
    for chunk in iter(lambda: handle.read(1 << 20), b""):
        digest.update(chunk)
    handle.seek(0)
    return digest.hexdigest()


def job_create(*, upload, filename: str, user=None, hints: dict | None = None, enqueue: bool = True) -> JobCreated:
    """A job for an uploaded file; the same bytes uploaded again lead to the existing job.

    The parse is queued after the transaction commits, so the worker always finds the row.
    """
    sha256 = file_sha256(upload)
    existing = IngestionJob.objects.filter(sha256=sha256).first()
    if existing:
        return JobCreated(existing, False)
    try:
        with transaction.atomic():
            job = IngestionJob(
                original_filename=filename[:255],
                sha256=sha256,
                size=upload.size if hasattr(upload, "size") else 0,
                uploaded_by=user,
                hints=hints or {},
            )
            job.file.save(Path(filename).name, upload if isinstance(upload, File) else File(upload), save=False)
            job.save()
            if enqueue:
                transaction.on_commit(lambda: job_enqueue(job=job))
    except IntegrityError:
        return JobCreated(IngestionJob.objects.get(sha256=sha256), False)
    return JobCreated(job, True)


def job_create_from_path(*, path: Path, user=None, hints: dict | None = None, enqueue: bool = True) -> JobCreated:
    with open(path, "rb") as handle:
        return job_create(
            upload=File(handle, name=path.name), filename=path.name, user=user, hints=hints, enqueue=enqueue
        )


def job_enqueue(*, job: IngestionJob) -> None:
    from .tasks import process_ingestion_job

    process_ingestion_job.delay(job.pk)


def job_claim(*, job_id: int) -> bool:
    """Take a pending job for this worker. A redelivered message finds nothing to claim."""
    now = timezone.now()
    claimed = IngestionJob.objects.filter(pk=job_id, status=Status.PENDING).update(
        status=Status.RUNNING,
        stage=Stage.READING_PAGES,
        progress=0,
        started_at=now,
        heartbeat_at=now,
        finished_at=None,
        error_code="",
        error_message="",
        attempts=F("attempts") + 1,
    )
    return bool(claimed)


def job_progress(*, job_id: int, stage: str, progress: int) -> None:
    IngestionJob.objects.filter(pk=job_id, status=Status.RUNNING).update(
        stage=stage, progress=max(0, min(progress, 99)), heartbeat_at=timezone.now()
    )


def job_fail(*, job_id: int, code: str, message: str) -> None:
    IngestionJob.objects.filter(pk=job_id).update(
        status=Status.FAILED, error_code=code[:40], error_message=message, finished_at=timezone.now()
    )


def job_run(*, job_id: int) -> IngestionJob:
    """Parse the job's file and store the report; the job row records every outcome."""
    if not job_claim(job_id=job_id):
        return IngestionJob.objects.get(pk=job_id)
    job = IngestionJob.objects.get(pk=job_id)
    limits = parser.Limits(
        max_bytes=settings.INGESTION_MAX_UPLOAD_BYTES,
        max_pages=settings.INGESTION_MAX_PAGES,
        page_seconds=settings.INGESTION_PAGE_TIMEOUT_SECONDS,
    )
    try:
        parsed = parser.parse_pdf(
            job.file.path,
            progress=lambda stage, percent: job_progress(job_id=job_id, stage=stage, progress=percent),
            limits=limits,
        )
        parsed.source.filename = job.original_filename
        job_progress(job_id=job_id, stage=Stage.SAVING, progress=95)
        report = _store(job=job, parsed=parsed)
    except UnusableDocument as exc:
        logger.info("job %s: unusable document: %s", job_id, exc)
        job_fail(job_id=job_id, code=exc.code, message=exc.message)
    except MetadataMissing as exc:
        job_fail(job_id=job_id, code="metadata_missing", message=str(exc))
    except Exception:
        logger.exception("job %s failed unexpectedly", job_id)
        job_fail(job_id=job_id, code="internal", message="解析时发生内部错误，已记录。请稍后重新解析或联系管理员。")
        raise
    else:
        IngestionJob.objects.filter(pk=job_id).update(
            status=Status.SUCCEEDED, stage=Stage.DONE, progress=100, report=report, finished_at=timezone.now()
        )
    return IngestionJob.objects.get(pk=job_id)


class MetadataMissing(Exception):
    pass


def _store(*, job: IngestionJob, parsed: parser.ParsedReport) -> Report:
    hints = job.hints or {}
    missing = []
    department = None
    if hints.get("department_id"):
        department = Department.objects.get(pk=hints["department_id"])
    elif parsed.department:
        jurisdiction = disclosure_services.jurisdiction_get_or_create(name=parsed.jurisdiction or parsed.department)
        department = disclosure_services.department_resolve(jurisdiction=jurisdiction, name=parsed.department)
    else:
        missing.append("department")
    fiscal_year = hints.get("fiscal_year") or parsed.fiscal_year
    kind = hints.get("kind") or parsed.kind
    scope = hints.get("scope") or parsed.scope or Report.Scope.DEPARTMENT
    if not fiscal_year:
        missing.append("fiscal_year")
    if not kind:
        missing.append("kind")
    if missing:
        raise MetadataMissing(METADATA_MISSING_MESSAGE.format(fields="、".join(FIELD_NAMES[f] for f in missing)))
    return disclosure_services.report_store_parsed(
        parsed=parsed,
        department=department,
        fiscal_year=int(fiscal_year),
        kind=kind,
        scope=scope,
        source_file=job.file.name,
        source_filename=job.original_filename,
        report=job.report,
    )


def job_rerun(*, job: IngestionJob) -> IngestionJob:
    """Queue the job again; its report, if any, is replaced when the parse succeeds."""
    IngestionJob.objects.filter(pk=job.pk).exclude(status=Status.RUNNING).update(
        status=Status.PENDING,
        stage=Stage.QUEUED,
        progress=0,
        error_code="",
        error_message="",
        started_at=None,
        finished_at=None,
    )
    transaction.on_commit(lambda: job_enqueue(job=job))
    return IngestionJob.objects.get(pk=job.pk)


def jobs_fail_stuck(*, older_than_seconds: int) -> int:
    """Fail jobs whose worker stopped reporting (killed, lost); they can be re-run."""
    cutoff = timezone.now() - timezone.timedelta(seconds=older_than_seconds)
    return IngestionJob.objects.filter(status=Status.RUNNING, heartbeat_at__lt=cutoff).update(
        status=Status.FAILED,
        error_code="stuck",
        finished_at=timezone.now(),
        error_message="解析进程中断（超时或进程退出），请重新解析。",
    )


def ingest_path(*, path: Path, user=None, hints: dict | None = None) -> IngestionJob:
    """Synchronously: the same job, parse and store a staff upload goes through."""
    created = job_create_from_path(path=path, user=user, hints=hints, enqueue=False)
    job = created.job
    if job.status == Status.SUCCEEDED:
        return job
    if job.status != Status.PENDING:
        IngestionJob.objects.filter(pk=job.pk).update(status=Status.PENDING, stage=Stage.QUEUED)
    return job_run(job_id=job.pk)
