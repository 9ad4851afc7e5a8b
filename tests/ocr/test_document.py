"""Mixed reports: text pages read from the text layer, image pages by OCR, per page."""

from pathlib import Path

import pypdfium2
import pytest

from budgetpdf.ocr.document import pages_to_ocr, read_pdf

from .drawing import table_page

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "pdfs" / "hanyang-2023-final.pdf"
SCALE = 200 / 72


def _mixed_pdf(path: Path) -> Path | None:
    """Page 1: the sample's 收入决算表 as text; page 2: a table printed as a picture."""
    drawn = table_page(
        [["项目", "合计", "财政拨款"], ["201", "1,294.48", "1,184.75"], ["一般公共服务支出", "53.33", "37.16"]],
        scale=SCALE,
    )
    if drawn is None:
        return None
    document = pypdfium2.PdfDocument.new()
    document.import_pages(pypdfium2.PdfDocument(str(SAMPLE)), [6])
    width, height = drawn.width / SCALE, drawn.height / SCALE
    page = document.new_page(width, height)
    picture = pypdfium2.PdfImage.new(document)
    picture.set_bitmap(pypdfium2.PdfBitmap.from_pil(drawn.convert("RGB")))
    picture.set_matrix(pypdfium2.PdfMatrix().scale(width, height))
    page.insert_obj(picture)
    page.gen_content()
    document.save(str(path))
    return path


def test_image_pages_are_read_by_ocr_and_text_pages_from_their_text(tmp_path):
    path = _mixed_pdf(tmp_path / "mixed.pdf")
    if path is None:
        pytest.skip("no CJK font installed")
    assert pages_to_ocr(path, "auto") == [2]
    assert pages_to_ocr(path, "force") == [1, 2]
    assert pages_to_ocr(path, "off") == []
    progress = []
    report = read_pdf(path, ocr="auto", workers=1, progress=lambda done, total: progress.append((done, total)))
    assert progress == [(1, 1)]
    assert report.source.ocr_pages == [2]
    assert report.source.page_sources == {1: "text", 2: "ocr"}
    assert [page.source for page in report.pages] == ["text", "ocr"]
    assert report.tables[0].type == "income"
    read = [entry for t in report.tables for row in t.rows if row.page == 2 for entry in row.ocr.values()]
    assert read and all(0 < entry["confidence"] <= 1 for entry in read)
    assert all(row.source == "text" and not row.ocr for t in report.tables for row in t.rows if row.page == 1)
    document = report.to_json()
    ocr_rows = [row for t in document["tables"] for row in t["rows"] if row.get("source") == "ocr"]
    assert ocr_rows and set(next(iter(ocr_rows[0]["ocr"].values()))) >= {"confidence", "confirmed", "flagged", "raw"}


def test_unknown_ocr_mode_is_refused():
    with pytest.raises(ValueError):
        pages_to_ocr(SAMPLE, "sometimes")


def test_cancelled_reading_stops_before_the_next_page():
    from budgetpdf.ocr.document import Cancelled, ocr_page_images

    with pytest.raises(Cancelled):
        ocr_page_images(SAMPLE, [1, 2], workers=1, cancelled=lambda: True)


def test_inside_a_celery_prefork_child_pages_are_read_in_process(monkeypatch):
    import billiard

    from budgetpdf.ocr import document

    class PreforkChild:
        daemon = True

    read_here = []
    monkeypatch.setattr(billiard, "current_process", lambda: PreforkChild())
    monkeypatch.setattr(document, "_read_in_process", lambda path, numbers, *args: read_here.append(numbers) or {})
    assert document.in_daemonic_process()
    document.ocr_page_images(SAMPLE, [1, 2], workers=2)
    assert read_here == [[1, 2]]
