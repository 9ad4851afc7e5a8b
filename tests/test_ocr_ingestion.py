"""Reports read by OCR through ingestion: stored with their per-value readings and page notes, and exported."""

import os
import signal
from decimal import Decimal

import billiard.pool
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

import budgetpdf
from budgetpdf.errors import NoTextLayer
from budgetpdf.ocr import document as ocr_document
from budgetpdf.ocr import reader as ocr_reader
from disclosures.export import report_to_contract
from disclosures.models import LineItem, LineValue
from ingestion import services
from ingestion.models import IngestionJob
from ingestion.tasks import process_ingestion_job

from . import pdfs
from .test_staff import make_user, signed_in

pytestmark = pytest.mark.django_db(transaction=True)

READING = {"confidence": 0.81, "confirmed": False, "flagged": True, "raw": "46.71"}


def upload(data: bytes, name: str = "report.pdf"):
    return services.job_create(upload=SimpleUploadedFile(name, data), filename=name)


@pytest.fixture
def parse_marks_one_row_as_read_by_ocr(monkeypatch):
    """The text parse of the small report, with row 221 and page 2 as an OCR reading would leave them."""
    read = budgetpdf.read

    def read_with_ocr_row(source, **options):
        report = read(source, **options)
        for table in report.tables:
            for row in table.rows:
                if row.code == "221":
                    row.source, row.ocr = "ocr", {"total": dict(READING)}
        report.pages[1].notes = ["第2页尺寸过大，按 150 dpi 识别"]
        return report

    monkeypatch.setattr(budgetpdf, "read", read_with_ocr_row)


def test_values_read_by_ocr_are_stored_and_exported_with_their_confidence_and_flag(parse_marks_one_row_as_read_by_ocr):
    job = IngestionJob.objects.get(pk=upload(pdfs.small_report()).job.pk)
    assert job.status == "succeeded", job.error_message
    line = LineItem.objects.get(table__report=job.report, code="221")
    assert (line.source, line.ocr, line.flagged_columns) == ("ocr", {"total": READING}, {"total"})
    document = report_to_contract(job.report)
    (row,) = [r for t in document["tables"] for r in t["rows"] if r["code"] == "221"]
    assert (row["source"], row["ocr"]) == ("ocr", {"total": READING})
    other = [r for t in document["tables"] for r in t["rows"] if r["code"] == "206"]
    assert other and all("ocr" not in r and "source" not in r for r in other)
    assert document["source"]["page_notes"] == {"2": ["第2页尺寸过大，按 150 dpi 识别"]}


def test_a_scanned_report_is_ingested_through_the_task_with_its_table_and_amounts(scanned_pdf, settings, monkeypatch):
    settings.INGESTION_OCR = "auto"
    notes = []
    show_progress = services.job_ocr_progress

    def record(**progress):
        show_progress(**progress)
        notes.append(IngestionJob.objects.get(pk=progress["job_id"]).progress_note)

    monkeypatch.setattr(services, "job_ocr_progress", record)
    created = services.job_create(
        upload=SimpleUploadedFile("scanned.pdf", scanned_pdf.read_bytes()), filename="scanned.pdf", enqueue=False
    )
    process_ingestion_job.delay(created.job.pk)
    job = IngestionJob.objects.get(pk=created.job.pk)
    assert job.status == "succeeded", job.error_message
    assert notes == ["OCR 第1页，共2页", "OCR 第2页，共2页"]
    values = LineValue.objects.filter(line__table__report=job.report, column__key="total")
    amounts = {value.line.code: value.amount for value in values.select_related("line") if value.line.code}
    assert amounts["221"] == Decimal("46.71")
    assert amounts["2060503"] == Decimal("2494.23")
    assert set(job.report.pages.values_list("source", flat=True)) == {"ocr"}
    assert LineItem.objects.filter(table__report=job.report, source="ocr").exists()


def test_with_ocr_off_the_command_refuses_a_scanned_report_with_the_no_text_message(scanned_pdf):
    with pytest.raises(CommandError, match=NoTextLayer.message):
        call_command("ingest_pdf", str(scanned_pdf), ocr="off", json_out="-")


def test_ocr_progress_is_shown_as_the_page_read_of_the_pages_to_read():
    job = IngestionJob.objects.get(pk=upload(pdfs.small_report()).job.pk)
    IngestionJob.objects.filter(pk=job.pk).update(status="running")
    services.job_ocr_progress(job_id=job.pk, done=7, total=31)
    job.refresh_from_db()
    assert (job.stage, job.get_stage_display(), job.progress_note) == ("ocr", "文字识别（OCR）", "OCR 第7页，共31页")
    assert 40 < job.progress < 80


def test_a_cancelled_job_fails_as_cancelled_and_its_reader_stops_at_the_next_page(
    scanned_pdf, pages_read_by_ocr_once, settings, monkeypatch
):
    settings.INGESTION_OCR = "auto"
    job = services.job_create_from_path(path=scanned_pdf, enqueue=False).job
    read_pages = []

    def cancel_after_the_first_page(*, job_id, done, total):
        read_pages.append(done)
        services.job_cancel(job=IngestionJob.objects.get(pk=job_id))

    monkeypatch.setattr(services, "job_ocr_progress", cancel_after_the_first_page)
    job = services.job_run(job_id=job.pk)
    assert (job.status, job.error_code, job.report_id) == ("failed", "cancelled", None)
    assert read_pages == [1]


def test_a_soft_time_limit_reached_while_a_prefork_child_reads_a_page_fails_the_job_as_timeout(
    scanned_pdf, settings, monkeypatch
):
    settings.INGESTION_OCR = "auto"
    # as in a Celery prefork child: pages read in process, the soft limit arriving as SIGUSR1
    monkeypatch.setattr(ocr_document, "in_daemonic_process", lambda: True)
    previous = signal.signal(signal.SIGUSR1, billiard.pool.soft_timeout_sighandler)
    recognise = ocr_reader.recognise
    recognised = []

    def limit_reached_during_recognition(picture):
        recognised.append(1)
        os.kill(os.getpid(), signal.SIGUSR1)
        return recognise(picture)

    monkeypatch.setattr(ocr_reader, "recognise", limit_reached_during_recognition)
    created = services.job_create_from_path(path=scanned_pdf, enqueue=False)
    try:
        process_ingestion_job.delay(created.job.pk)
    finally:
        signal.signal(signal.SIGUSR1, previous)

    job = IngestionJob.objects.get(pk=created.job.pk)
    assert (job.status, job.error_code, job.report_id) == ("failed", "timeout", None)
    assert "超时" in job.error_message
    assert recognised == [1]


def test_staff_cancel_a_queued_job_from_its_page_and_a_finished_job_cannot_be_cancelled():
    staff = signed_in(make_user("reviewer", "上传人员"))
    queued = services.job_create(
        upload=SimpleUploadedFile("r.pdf", pdfs.small_report()), filename="r.pdf", enqueue=False
    ).job
    page = staff.get(reverse("staff:job", args=[queued.pk]))
    assert reverse("staff:job_cancel", args=[queued.pk]) in page.content.decode()
    staff.post(reverse("staff:job_cancel", args=[queued.pk]))
    queued.refresh_from_db()
    assert (queued.status, queued.error_code) == ("failed", "cancelled")
    assert services.job_cancel(job=queued) is False
