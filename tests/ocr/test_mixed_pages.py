"""A text page that prints its table as a picture: the picture is read by OCR, the text layer kept around it."""

import pytest
from PIL import Image, ImageDraw
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from budgetpdf.grids import grids_on_page
from budgetpdf.ocr import reader as reader_module
from budgetpdf.ocr.document import needs_ocr, ocr_page_images, read_pdf
from budgetpdf.pages import READERS
from budgetpdf.source import open_document
from tests.pdfs import FONT

from .drawing import table_page

SCALE = 200 / 72
CELLS = [["项目", "合计", "财政拨款"], ["201", "1,294.48", "1,184.75"], ["一般公共服务支出", "53.33", "37.16"]]
NOTE = "说明：本单位本年无政府性基金预算财政拨款收入、支出"


def _page_with(path, picture, *, text_over_picture: bool = False):
    width = 340.0
    height = width * picture.height / picture.width
    sheet = canvas.Canvas(str(path), pagesize=A4)
    sheet.drawImage(ImageReader(picture.convert("RGB")), 40, A4[1] - 60 - height, width, height)
    sheet.setFont(FONT, 11)
    sheet.drawString(40, A4[1] - 80 - height, NOTE)
    if text_over_picture:
        sheet.drawString(60, A4[1] - 60 - height / 2, "武汉市洪山区大数据中心")
    sheet.save()
    return path


@pytest.fixture
def picture():
    drawn = table_page(CELLS, scale=SCALE)
    if drawn is None:
        pytest.skip("no CJK font installed")
    return drawn


def _text_page(path):
    with open_document(path) as document:
        return READERS["text"]().read(document, 1)


def test_a_table_printed_as_a_picture_under_a_typed_note_is_read_with_the_note_kept(tmp_path, picture):
    path = _page_with(tmp_path / "mixed.pdf", picture)
    assert needs_ocr(_text_page(path), "auto")

    page = ocr_page_images(path, [1], workers=1)[1]
    report = read_pdf(path, workers=1)

    assert (report.source.ocr_pages, report.source.page_sources) == ([1], {1: "ocr"})
    assert NOTE in page.text.replace(" ", "")
    grid = grids_on_page(page)[0]
    assert [[cell.replace(" ", "") if cell else cell for cell in row] for row in grid.cells] == CELLS
    kept = [char for char in page.chars if char["text"] == "说"]
    assert kept and kept[0]["fontname"] != "OCR"


def test_a_picture_with_text_of_the_layer_over_it_is_read_from_the_text(tmp_path, picture):
    path = _page_with(tmp_path / "letterhead.pdf", picture, text_over_picture=True)

    assert not needs_ocr(_text_page(path), "auto")
    assert needs_ocr(_text_page(path), "force") and not needs_ocr(_text_page(path), "off")


def test_a_chart_under_the_text_is_not_recognised_and_the_page_keeps_its_text(tmp_path, monkeypatch):
    chart = Image.new("L", (900, 600), 255)
    draw = ImageDraw.Draw(chart)
    draw.pieslice((150, 50, 650, 550), 0, 250, fill=90)
    draw.pieslice((150, 50, 650, 550), 250, 360, fill=170)
    path = _page_with(tmp_path / "chart.pdf", chart)
    text_page = _text_page(path)
    monkeypatch.setattr(reader_module, "recognise", lambda picture: pytest.fail("the chart was recognised"))

    page = ocr_page_images(path, [1], workers=1)[1]

    assert needs_ocr(text_page, "auto")
    assert [c["text"] for c in page.chars] == [c["text"] for c in text_page.chars]
    assert (page.source, page.notes, grids_on_page(page)) == ("text", [], [])
    report = read_pdf(path, workers=1)
    assert (report.source.ocr_pages, report.source.page_sources) == ([], {1: "text"})
