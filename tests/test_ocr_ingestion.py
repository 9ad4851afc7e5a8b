"""Reports read by OCR through ingestion: stored with their per-value readings and page notes, and exported."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

import budgetpdf
from disclosures.export import report_to_contract
from disclosures.models import LineItem
from ingestion import services
from ingestion.models import IngestionJob

from . import pdfs

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
