"""A report that is only images is read by OCR, page by page, instead of being refused."""

from decimal import Decimal

import pytest

import budgetpdf
from budgetpdf.errors import NoTextLayer
from budgetpdf.pipeline import read
from tests import pdfs

from .scans import ocr_read_once


@pytest.fixture(scope="module")
def scanned(scanned_pdf, ocr_readings):
    with ocr_read_once(ocr_readings):
        return scanned_pdf, read(scanned_pdf, ocr="auto")


def test_a_report_of_images_only_is_read_by_ocr_with_its_table_and_amounts(scanned):
    _, report = scanned
    assert report.source.text_pages == 0
    assert report.source.page_sources == {1: "ocr", 2: "ocr"}
    (table,) = [t for t in report.tables if t.type == "expenditure"]
    rows = {row.code: row for row in table.rows if row.code}
    assert rows["221"].values["total"] == Decimal("46.71")
    assert rows["221"].source == "ocr" and rows["221"].ocr["total"]["confidence"] > 0


def test_ocr_progress_counts_the_pages_read(scanned_pdf, pages_read_by_ocr_once):
    counted, stages = [], []
    with pytest.raises(budgetpdf.Cancelled):
        read(
            scanned_pdf,
            progress=lambda stage, percent: stages.append(stage),
            ocr_progress=lambda done, total: counted.append((done, total)),
            cancelled=lambda: len(counted) >= 1,
        )
    assert counted == [(1, 2)]
    assert budgetpdf.Stage.OCR in stages


def test_with_ocr_off_a_report_of_images_only_is_refused_as_having_no_text(scanned):
    path, _ = scanned
    with pytest.raises(NoTextLayer):
        read(path, ocr="off")


def test_a_report_of_blank_images_is_refused_saying_ocr_read_no_text(tmp_path):
    path = tmp_path / "blank.pdf"
    path.write_bytes(pdfs.image_only())
    with pytest.raises(NoTextLayer) as refused:
        read(path, ocr="auto")
    assert refused.value.message == NoTextLayer.after_ocr_message
    with pytest.raises(NoTextLayer) as refused_without_ocr:
        read(path, ocr="off")
    assert refused_without_ocr.value.message == NoTextLayer.message
