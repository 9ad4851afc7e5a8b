"""Ingesting a folder of reports: which files, with what hints, what became of each.

Each file goes through the same job as a staff upload (deduplicated by checksum), so running the same folder again
skips what is already stored and picks up what an interrupted run left behind.
"""

import csv
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from budgetpdf.errors import UnusableDocument
from disclosures.models import Report, ValidationCheck

from . import services
from .hints import InvalidHint, hints_from
from .models import IngestionJob

Status = IngestionJob.Status
HINT_COLUMNS = {
    "department": ("department", "部门"),
    "jurisdiction": ("jurisdiction", "district", "行政区"),
    "fiscal_year": ("year", "fiscal_year", "年度"),
    "kind": ("kind", "类型"),
    "scope": ("scope", "范围"),
}
OUTCOME_COLUMNS = ["file", "report_id", "status", "reason", "tables", "findings", "seconds"]


UNKNOWN_NAMES = {"jurisdiction": "行政区", "department": "部门", "fiscal_year": "年度", "kind": "类型", "scope": "范围"}


class HintsFileError(ValueError):
    """The hints CSV cannot be used; the message names the line."""


@dataclass
class BulkItem:
    path: Path
    name: str
    hints: dict = field(default_factory=dict)
    job_id: int | None = None
    skipped: bool = False
    refused: str = ""
    started: float = field(default_factory=time.monotonic)
    seconds: float | None = None


def read_hints(path: Path) -> dict[str, dict]:
    """Hints by file name (as written in the CSV's `file` column, relative to the folder or a bare name)."""
    by_file: dict[str, dict] = {}
    with open(path, encoding="utf-8-sig", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=2):
            name = (row.get("file") or row.get("文件") or "").strip()
            if not name:
                raise HintsFileError(f"{path.name} 第{number}行：缺少 file 列（文件名）。")
            values = {key: _first(row, aliases) for key, aliases in HINT_COLUMNS.items()}
            try:
                by_file[name] = hints_from(**values)
            except InvalidHint as exc:
                raise HintsFileError(f"{path.name} 第{number}行（{name}）：{exc}") from exc
    return by_file


def _first(row: dict, aliases: tuple[str, ...]) -> str:
    return next(((row.get(a) or "").strip() for a in aliases if (row.get(a) or "").strip()), "")


def items_in(folder: Path, hints_by_file: dict[str, dict] | None = None) -> list[BulkItem]:
    hints_by_file = hints_by_file or {}
    paths = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() == ".pdf")
    items = []
    for path in paths:
        name = str(path.relative_to(folder))
        hints = hints_by_file.get(name) or hints_by_file.get(path.name) or {}
        items.append(BulkItem(path=path, name=name, hints=hints))
    return items


def submit(item: BulkItem, *, run_here: bool) -> None:
    """Create (or find) the file's job; queue it for the workers, or run it in this process."""
    created = services.job_create_from_path(path=item.path, hints=item.hints or None, enqueue=not run_here)
    job = created.job
    item.job_id = job.pk
    if not created.created:
        if job.status == Status.SUCCEEDED:
            item.skipped = True
            return
        if job.status == Status.FAILED or (item.hints and item.hints != job.hints):
            services.job_rerun(job=job, hints={**job.hints, **item.hints} if item.hints else None)
        elif job.status == Status.PENDING and not run_here:
            services.job_enqueue(job=job)
    if run_here:
        if IngestionJob.objects.filter(pk=job.pk, status=Status.FAILED).exists():
            IngestionJob.objects.filter(pk=job.pk).update(status=Status.PENDING)
        services.job_run(job_id=job.pk)


def unfinished(items: list[BulkItem]) -> list[BulkItem]:
    """Items whose job is still queued or running; those that finished get their time."""
    waiting = [i for i in items if i.job_id and not i.skipped and i.seconds is None]
    done = IngestionJob.objects.filter(pk__in=[i.job_id for i in waiting], status__in=[Status.SUCCEEDED, Status.FAILED])
    finished = set(done.values_list("pk", flat=True))
    for item in waiting:
        if item.job_id in finished:
            item.seconds = time.monotonic() - item.started
    return [i for i in waiting if i.job_id not in finished]


def outcome(item: BulkItem) -> dict:
    row = {"file": item.name, "report_id": "", "status": "", "reason": "", "tables": "", "findings": "", "seconds": ""}
    if item.refused:
        return {**row, "status": "refused", "reason": item.refused}
    job = IngestionJob.objects.select_related("report").filter(pk=item.job_id).first()
    if job is None:
        return {**row, "status": "missing"}
    row["status"] = "skipped" if item.skipped else job.status
    row["reason"] = "已导入（相同文件）" if item.skipped else job.error_message
    if job.report_id:
        row["report_id"] = job.report_id
        row["tables"] = job.report.tables.count()
        row["findings"] = job.report.checks.filter(status=ValidationCheck.Status.FAIL).count()
    if item.seconds is not None:
        row["seconds"] = f"{item.seconds:.1f}"
    return row


def workers_available(timeout: float = 1.0) -> bool:
    """A Celery worker answers on the configured broker (the file broker of a local install cannot be asked)."""
    if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False):
        return False
    from config.celery_app import app

    try:
        return bool(app.control.ping(timeout=timeout))
    except Exception:  # a transport without broadcast, or no broker at all
        return False


@dataclass
class Uploaded:
    """What became of one of several files a staff member uploaded at once."""

    name: str
    job: IngestionJob | None = None
    duplicate: bool = False
    refused: str = ""
    cover: str = ""

    @property
    def message(self) -> str:
        if self.refused:
            return self.refused
        if self.duplicate:
            return "这个文件已经上传过（内容完全相同），没有重复解析；请打开原来的记录。"
        return "已上传，排队解析。"


def cover_summary(inspection, hints: dict | None = None) -> str:
    """What a file's cover says (department, year, kind, pages), and what it does not say, in one line."""
    meta = inspection.metadata
    hints = hints or {}
    kind = hints.get("kind") or meta.kind
    said = [
        hints.get("department") or meta.department,
        f"{hints.get('fiscal_year') or meta.fiscal_year}年" if (hints.get("fiscal_year") or meta.fiscal_year) else "",
        Report.Kind(kind).label if kind in Report.Kind.values else "",
    ]
    text = " · ".join(part for part in said if part) or "封面未读出部门和年度"
    missing = [UNKNOWN_NAMES[name] for name in meta.unknown if name in UNKNOWN_NAMES and not hints.get(name)]
    note = f"；未读出：{'、'.join(missing)}（解析时再识别，可在审核时修改）" if missing else ""
    return f"{text}（共{inspection.pages}页）{note}"


def upload_one(*, upload, user=None, hints: dict | None = None) -> Uploaded:
    """One uploaded file: opened once to check it and read its cover, then its own job (or the job it already has)."""
    item = Uploaded(name=upload.name)
    try:
        inspection = services.upload_inspect(upload=upload)
    except UnusableDocument as exc:
        item.refused = exc.message
        return item
    item.cover = cover_summary(inspection, hints)
    created = services.job_create(upload=upload, filename=upload.name, user=user, hints=hints)
    item.job = created.job
    item.duplicate = not created.created
    return item
