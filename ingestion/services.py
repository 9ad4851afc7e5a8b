"""Ingestion jobs: create one for a file, run it, fail it. Tasks and commands call these."""

import hashlib
import logging
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files import File
from django.db import IntegrityError, InterfaceError, OperationalError, transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerUnavailable
from redis.exceptions import RedisError

import budgetpdf as parser
from budgetpdf.errors import UnusableDocument
from config.celery_app import app as celery_app
from disclosures import services as disclosure_services
from disclosures.models import AuditEntry, Department, Report

from .models import IngestionJob

logger = logging.getLogger(__name__)

Stage = IngestionJob.Stage
Status = IngestionJob.Status

METADATA_MISSING_MESSAGE = "未能从文件中识别{fields}，请在上传时填写后重新解析。"
FIELD_NAMES = {"department": "部门", "fiscal_year": "年度", "kind": "预算/决算类型"}
TRANSIENT_ERRORS = (OperationalError, InterfaceError)
PARSE_TASK = "ingestion.tasks.process_ingestion_job"
TIMEOUT_MESSAGE = "解析超时，文件可能过大或有异常页面，请检查后重新解析。"
QUEUE_UNAVAILABLE_MESSAGE = "任务队列暂时不可用，文件已保存，系统会自动重新排队；也可稍后点击“重新解析”。"
STUCK_MESSAGE = "解析进程多次中断（超时或进程退出），请检查文件后重新解析。"
CANCELLED_MESSAGE = "解析已取消。"
NOT_CANCELLABLE_MESSAGE = "该任务已结束，无法取消。"
RUNNING_MESSAGE = "正在解析中（{seconds}秒前仍有进展），无需重新解析；如果{limit}秒没有进展，可以重新解析。"


class NotRerunnable(Exception):
    """The job cannot be queued again now; its message says why and what to do."""


def _limits(*, max_bytes: int | None = None) -> parser.Limits:
    return parser.Limits(
        max_bytes=settings.INGESTION_MAX_UPLOAD_BYTES if max_bytes is None else max_bytes,
        max_pages=settings.INGESTION_MAX_PAGES,
        page_seconds=settings.INGESTION_PAGE_TIMEOUT_SECONDS,
    )


PAGES_OVER_LIMIT_RE = re.compile(r"(\d+) pages > (\d+)")
PAGES_OVER_LIMIT_MESSAGE = "文件共{pages}页，超过上限{limit}页。请拆分后上传。"


def _with_limit_named(exc: UnusableDocument) -> UnusableDocument:
    """A file over the page limit is told the page count and the limit."""
    found = PAGES_OVER_LIMIT_RE.search(getattr(exc, "detail", "") or "")
    if found:
        exc.message = PAGES_OVER_LIMIT_MESSAGE.format(pages=found.group(1), limit=found.group(2))
    return exc


def upload_inspect(*, upload) -> parser.Inspection:
    """Check an upload before anything is stored: a readable PDF within the limits, and what its cover says.

    Raises UnusableDocument with a message the uploader can act on.
    """
    try:
        if hasattr(upload, "temporary_file_path"):
            return parser.inspect(upload.temporary_file_path(), limits=_limits())
        with tempfile.NamedTemporaryFile(suffix=".pdf") as copy:
            upload.seek(0)
            for chunk in iter(lambda: upload.read(1 << 20), b""):
                copy.write(chunk)
            copy.flush()
            upload.seek(0)
            return parser.inspect(copy.name, limits=_limits())
    except UnusableDocument as exc:
        raise _with_limit_named(exc) from exc.__cause__


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
        if enqueue and existing.status == Status.PENDING:
            # Its message may have been lost (broker down at the first upload): queue it again.
            job_enqueue(job=existing)
        return JobCreated(existing, False)
    job = IngestionJob(
        original_filename=filename[:255],
        sha256=sha256,
        size=upload.size if hasattr(upload, "size") else 0,
        uploaded_by=user if getattr(user, "is_authenticated", False) else None,
        hints=hints or {},
    )
    job.file.save(Path(filename).name, upload if isinstance(upload, File) else File(upload), save=False)
    try:
        with transaction.atomic():
            job.save()
            disclosure_services.audit_record(
                user=user,
                action=AuditEntry.Action.UPLOAD,
                job_id=job.pk,
                summary=f"上传 {job.original_filename}（{job.size} 字节）",
                details={"sha256": sha256, "hints": job.hints},
            )
            if enqueue:
                transaction.on_commit(lambda: job_enqueue(job=job))
    except IntegrityError:
        job.file.delete(save=False)
        return JobCreated(IngestionJob.objects.get(sha256=sha256), False)
    return JobCreated(job, True)


def job_create_from_path(*, path: Path, user=None, hints: dict | None = None, enqueue: bool = True) -> JobCreated:
    with open(path, "rb") as handle:
        return job_create(
            upload=File(handle, name=path.name), filename=path.name, user=user, hints=hints, enqueue=enqueue
        )


def job_enqueue(*, job: IngestionJob) -> bool:
    """Send the parse task; when the broker cannot be reached the job stays pending for the periodic sweep.

    The upload itself has succeeded by then, so a broker failure is recorded on the job instead of raised.
    """
    try:
        # No time limits in the message: the worker applies its own CELERY_TASK_*_TIME_LIMIT.
        celery_app.tasks[PARSE_TASK].apply_async(
            (job.pk,),
            retry=True,
            retry_policy=settings.INGESTION_PUBLISH_RETRY,
            time_limit=None,
            soft_time_limit=None,
        )
    except (BrokerUnavailable, RedisError, OSError) as exc:
        logger.warning("job %s: could not be queued: %s", job.pk, exc)
        IngestionJob.objects.filter(pk=job.pk, status=Status.PENDING).update(
            error_message=QUEUE_UNAVAILABLE_MESSAGE, heartbeat_at=timezone.now()
        )
        return False
    IngestionJob.objects.filter(pk=job.pk, status=Status.PENDING).exclude(error_message="").update(error_message="")
    return True


def job_claim(*, job_id: int) -> bool:
    """Take a job for this worker: a pending one, or a running one whose worker stopped reporting.

    A message delivered twice while its job is alive finds nothing to claim.
    """
    now = timezone.now()
    stale = now - timezone.timedelta(seconds=settings.INGESTION_RECLAIM_AFTER_SECONDS)
    claimable = Q(status=Status.PENDING) | Q(status=Status.RUNNING, heartbeat_at__lt=stale)
    claimed = IngestionJob.objects.filter(claimable, pk=job_id).update(
        status=Status.RUNNING,
        stage=Stage.READING_PAGES,
        progress=0,
        progress_note="",
        started_at=now,
        heartbeat_at=now,
        finished_at=None,
        error_code="",
        error_message="",
        attempts=F("attempts") + 1,
    )
    return bool(claimed)


def job_progress(*, job_id: int, stage: str, progress: int, note: str = "") -> None:
    IngestionJob.objects.filter(pk=job_id, status=Status.RUNNING).update(
        stage=stage, progress=max(0, min(progress, 99)), progress_note=note, heartbeat_at=timezone.now()
    )


def job_ocr_progress(*, job_id: int, done: int, total: int) -> None:
    """The OCR stage, page by page: "OCR 第7页，共31页"."""
    job_progress(
        job_id=job_id, stage=Stage.OCR, progress=40 + 40 * done // max(total, 1), note=f"OCR 第{done}页，共{total}页"
    )


def job_is_cancelled(*, job_id: int) -> bool:
    return IngestionJob.objects.filter(pk=job_id, status=Status.FAILED, error_code="cancelled").exists()


def job_cancel(*, job: IngestionJob, user=None) -> bool:
    """Stop a queued or running parse: the job fails with code "cancelled" and its reader stops at the next page."""
    cancelled = IngestionJob.objects.filter(pk=job.pk, status__in=[Status.PENDING, Status.RUNNING]).update(
        status=Status.FAILED,
        error_code="cancelled",
        error_message=CANCELLED_MESSAGE,
        progress_note="",
        finished_at=timezone.now(),
    )
    if cancelled:
        disclosure_services.audit_record(
            user=user, action=AuditEntry.Action.CANCEL_JOB, summary=f"取消解析 {job.original_filename}", job_id=job.pk
        )
    return bool(cancelled)


def job_fail(*, job_id: int, code: str, message: str) -> None:
    IngestionJob.objects.filter(pk=job_id).update(
        status=Status.FAILED, error_code=code[:40], error_message=message, finished_at=timezone.now()
    )


def job_run(*, job_id: int, ocr: str | None = None) -> IngestionJob:
    """Parse the job's file and store the report; the job row records every outcome.

    `ocr` (auto, force, off) says which pages are read by OCR; settings.INGESTION_OCR when not given."""
    if not job_claim(job_id=job_id):
        return IngestionJob.objects.get(pk=job_id)
    job = IngestionJob.objects.get(pk=job_id)
    limits = _limits()
    try:
        parsed = parser.read(
            job.file.path,
            hints=_parser_hints(job.hints),
            progress=lambda stage, percent: job_progress(job_id=job_id, stage=stage, progress=percent),
            limits=limits,
            ocr=ocr or settings.INGESTION_OCR,
            ocr_progress=lambda done, total: job_ocr_progress(job_id=job_id, done=done, total=total),
            cancelled=lambda: job_is_cancelled(job_id=job_id),
        )
        parsed.source.filename = job.original_filename
        job_progress(job_id=job_id, stage=Stage.SAVING, progress=95)
        report = _store(job=job, parsed=parsed)
    except UnusableDocument as exc:
        _with_limit_named(exc)
        logger.info("job %s: unusable document: %s", job_id, exc)
        job_fail(job_id=job_id, code=exc.code, message=exc.message)
    except MetadataMissing as exc:
        job_fail(job_id=job_id, code="metadata_missing", message=str(exc))
    except parser.Cancelled:
        logger.info("job %s: cancelled", job_id)
    except TRANSIENT_ERRORS:
        logger.warning("job %s: transient database error; released for a retry", job_id, exc_info=True)
        job_release(job_id=job_id)
        raise
    except Exception as exc:
        if _time_limit_reached(exc):
            logger.warning("job %s: soft time limit reached", job_id)
            job_fail(job_id=job_id, code="timeout", message=TIMEOUT_MESSAGE)
        else:
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


def _time_limit_reached(exc: BaseException) -> bool:
    """The worker's soft time limit, even when a library caught it and raised its own exception."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, SoftTimeLimitExceeded):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


def _parser_hints(hints: dict | None) -> parser.Hints | None:
    """What the uploader said about the report, for the parser to prefer over what the file says."""
    given = parser.Hints.of(hints or {})
    return given if given.given() else None


def _store(*, job: IngestionJob, parsed: parser.Report) -> Report:
    """The parse stored as the job's draft; the parser has already put the uploader's hints first."""
    hints = job.hints or {}
    missing = []
    department = None
    department_name = (parsed.department or "").strip()
    if hints.get("department_id"):
        department = Department.objects.get(pk=hints["department_id"])
    elif department_name:
        place_name = (parsed.jurisdiction or department_name).strip()
        jurisdiction = disclosure_services.jurisdiction_get_or_create(name=place_name)
        department = disclosure_services.department_resolve(jurisdiction=jurisdiction, name=department_name)
    else:
        missing.append("department")
    fiscal_year = parsed.fiscal_year
    kind = parsed.kind
    scope = parsed.scope or Report.Scope.DEPARTMENT
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


def job_release(*, job_id: int) -> None:
    """Give a running job back to the queue after a transient failure, so that the retry can claim it."""
    IngestionJob.objects.filter(pk=job_id, status=Status.RUNNING).update(
        status=Status.PENDING, stage=Stage.QUEUED, heartbeat_at=timezone.now()
    )


def job_is_alive(job: IngestionJob) -> bool:
    """Running, and its worker reported progress recently."""
    if job.status != Status.RUNNING or job.heartbeat_at is None:
        return False
    silent = (timezone.now() - job.heartbeat_at).total_seconds()
    return silent < settings.INGESTION_RECLAIM_AFTER_SECONDS


def job_rerun(*, job: IngestionJob, user=None, hints: dict | None = None) -> IngestionJob:
    """Queue the job again, with corrected hints if given; its draft report is replaced when the parse succeeds."""
    if job.report_id and job.report.status != Report.Status.DRAFT:
        raise NotRerunnable("已发布或已归档的报告不能重新解析；请先撤回发布，或上传新版本。")
    job.refresh_from_db()
    if job_is_alive(job):
        silent = int((timezone.now() - job.heartbeat_at).total_seconds())
        raise NotRerunnable(RUNNING_MESSAGE.format(seconds=silent, limit=settings.INGESTION_RECLAIM_AFTER_SECONDS))
    if hints is not None:
        IngestionJob.objects.filter(pk=job.pk).update(hints=hints)
    stale = timezone.now() - timezone.timedelta(seconds=settings.INGESTION_RECLAIM_AFTER_SECONDS)
    rerun = (
        IngestionJob.objects.filter(pk=job.pk)
        .exclude(status=Status.RUNNING, heartbeat_at__gte=stale)
        .update(
            status=Status.PENDING,
            stage=Stage.QUEUED,
            progress=0,
            error_code="",
            error_message="",
            started_at=None,
            finished_at=None,
            heartbeat_at=timezone.now(),
        )
    )
    if not rerun:
        raise NotRerunnable("这个任务刚刚开始解析，无需重新解析。")
    disclosure_services.audit_record(
        user=user,
        action=AuditEntry.Action.RERUN,
        report=job.report,
        job_id=job.pk,
        summary=f"重新解析 {job.original_filename}",
        details={"hints": hints} if hints is not None else {},
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
        error_message=STUCK_MESSAGE,
    )


@dataclass(frozen=True)
class Sweep:
    requeued: int
    failed: int


def jobs_sweep(*, silent_seconds: int, max_attempts: int) -> Sweep:
    """The periodic repair of jobs no worker is looking after, so none stays pending or running for long.

    A running job silent for `silent_seconds` (its worker was killed, or lost its database) is queued again
    until it has had `max_attempts`, then failed; a pending job queued that long ago whose message was lost
    (broker down at upload, retries exhausted while the database was away) is queued again.
    """
    now = timezone.now()
    cutoff = now - timezone.timedelta(seconds=silent_seconds)
    silent_running = IngestionJob.objects.filter(status=Status.RUNNING, heartbeat_at__lt=cutoff)
    failed = silent_running.filter(attempts__gte=max_attempts).update(
        status=Status.FAILED, error_code="stuck", finished_at=now, error_message=STUCK_MESSAGE
    )
    silent_running.update(status=Status.PENDING, stage=Stage.QUEUED, heartbeat_at=cutoff)
    waiting = list(
        IngestionJob.objects.annotate(queued_at=Coalesce("heartbeat_at", "created_at"))
        .filter(status=Status.PENDING, queued_at__lte=cutoff)
        .values_list("pk", flat=True)
    )
    for job_id in waiting:
        IngestionJob.objects.filter(pk=job_id).update(heartbeat_at=now)
        job_enqueue(job=IngestionJob(pk=job_id))
    if waiting or failed:
        logger.warning("sweep: %s jobs queued again, %s failed after %s attempts", len(waiting), failed, max_attempts)
    return Sweep(requeued=len(waiting), failed=failed)


def ingest_path(*, path: Path, user=None, hints: dict | None = None, ocr: str | None = None) -> IngestionJob:
    """Synchronously: the same job, parse and store a staff upload goes through."""
    created = job_create_from_path(path=path, user=user, hints=hints, enqueue=False)
    job = created.job
    if job.status == Status.SUCCEEDED:
        return job
    if hints and not created.created:
        IngestionJob.objects.filter(pk=job.pk).update(hints={**job.hints, **hints})
    if job.status != Status.PENDING:
        IngestionJob.objects.filter(pk=job.pk).update(status=Status.PENDING, stage=Stage.QUEUED)
    return job_run(job_id=job.pk, ocr=ocr)
