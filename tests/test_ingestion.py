"""The ingestion pipeline a staff upload and the ingest_pdf command share (tasks run eagerly)."""

import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from disclosures.models import LineValue, Report
from ingestion import services
from ingestion.models import IngestionJob

from . import pdfs

pytestmark = pytest.mark.django_db(transaction=True)


def upload(data: bytes, name: str = "report.pdf"):
    return services.job_create(upload=SimpleUploadedFile(name, data), filename=name)


def test_an_upload_is_parsed_into_a_draft_report_with_exact_values():
    created = upload(pdfs.small_report())
    job = IngestionJob.objects.get(pk=created.job.pk)
    assert (job.status, job.stage, job.progress) == ("succeeded", "done", 100)
    report = job.report
    assert report.status == Report.Status.DRAFT
    assert (report.department.name, report.fiscal_year.year, report.kind) == ("武汉市江岸区大数据中心", 2023, "final")
    value = LineValue.objects.get(line__table__report=report, line__code="2060503", column__key="total")
    assert (value.amount, value.printed) == (Decimal("2494.23"), "2,494.23")
    assert report.checks.filter(status="fail").exists()


def test_the_same_file_uploaded_twice_leads_to_the_existing_job():
    data = pdfs.small_report()
    first = upload(data)
    second = upload(data, name="copy.pdf")
    assert second.created is False
    assert second.job.pk == first.job.pk
    assert Report.objects.count() == 1


def test_a_bad_upload_fails_with_its_reason_and_leaves_earlier_reports_untouched():
    good = IngestionJob.objects.get(pk=upload(pdfs.small_report()).job.pk)
    before = LineValue.objects.count()

    bad = IngestionJob.objects.get(pk=upload(pdfs.small_report(encrypt="x"), name="locked.pdf").job.pk)

    assert (bad.status, bad.error_code) == ("failed", "encrypted")
    assert bad.error_message == "文件已加密，请上传未加密的版本。"
    assert bad.file.storage.exists(bad.file.name)
    assert Report.objects.count() == 1
    assert LineValue.objects.count() == before
    good.report.refresh_from_db()
    assert good.report.status == Report.Status.DRAFT


def test_a_rerun_replaces_the_report_content_instead_of_appending():
    job = IngestionJob.objects.get(pk=upload(pdfs.small_report()).job.pk)
    rows_before = LineValue.objects.filter(line__table__report=job.report).count()

    services.job_rerun(job=job)

    job.refresh_from_db()
    assert job.status == "succeeded"
    assert Report.objects.count() == 1
    assert LineValue.objects.filter(line__table__report=job.report).count() == rows_before


def test_a_job_claimed_once_is_not_run_again_by_a_redelivered_message():
    job = IngestionJob.objects.get(pk=upload(pdfs.small_report()).job.pk)
    assert services.job_claim(job_id=job.pk) is False
    job.refresh_from_db()
    assert job.attempts == 1


def test_jobs_stuck_in_running_are_failed_by_the_sweep():
    from django.utils import timezone

    job = IngestionJob.objects.get(pk=upload(pdfs.small_report(encrypt="y")).job.pk)
    IngestionJob.objects.filter(pk=job.pk).update(
        status="running", heartbeat_at=timezone.now() - timezone.timedelta(hours=2)
    )
    assert services.jobs_fail_stuck(older_than_seconds=600) == 1
    job.refresh_from_db()
    assert (job.status, job.error_code) == ("failed", "stuck")


def test_ingest_pdf_writes_the_report_json(tmp_path):
    path = tmp_path / "jiangan.pdf"
    path.write_bytes(pdfs.small_report())
    out = tmp_path / "report.json"

    call_command("ingest_pdf", str(path), "--json", str(out))

    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["schema"] == "disclosure-report/1"
    assert document["fiscal_year"] == 2023 and document["kind"] == "final"
    (table,) = document["tables"]
    row = next(r for r in table["rows"] if r["code"] == "2060501")
    assert row["values"] == {"total": "165.79", "basic": "165.79"}
    assert row["page"] == 2 and len(row["bbox"]) == 4
    assert document["key_figures"]["total_expenditure"]["value"] == "2743.11"


def test_ingest_pdf_exits_with_a_one_line_reason_for_an_unusable_file(tmp_path):
    path = tmp_path / "notes.pdf"
    path.write_bytes(pdfs.not_a_pdf())
    with pytest.raises(CommandError, match="不是PDF"):
        call_command("ingest_pdf", str(path))
    assert Report.objects.count() == 0
