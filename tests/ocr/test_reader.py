"""The OCR page reader end to end on small synthetic pages, and the notes it leaves on pages it cannot read."""

import numpy as np
import pypdfium2
import pytest
from PIL import Image

from budgetpdf.grids import grids_on_page
from budgetpdf.ocr import OcrPageReader
from budgetpdf.ocr.reader import read_image

from .drawing import table_page

SCALE = 200 / 72


def _pdf_of(path, images_and_sizes):
    document = pypdfium2.PdfDocument.new()
    for image, (width, height) in images_and_sizes:
        page = document.new_page(width, height)
        if image is not None:
            bitmap = pypdfium2.PdfBitmap.from_pil(image.convert("RGB"))
            picture = pypdfium2.PdfImage.new(document)
            picture.set_bitmap(bitmap)
            picture.set_matrix(pypdfium2.PdfMatrix().scale(width, height))
            page.insert_obj(picture)
            page.gen_content()
    document.save(str(path))
    return path


def test_synthetic_table_page_is_read_into_its_cells():
    cells = [["项目", "合计", "财政拨款"], ["201", "1,294.48", "1,184.75"], ["一般公共服务支出", "53.33", "37.16"]]
    drawn = table_page(cells, scale=SCALE)
    if drawn is None:
        pytest.skip("no CJK font installed")
    page = read_image(np.asarray(drawn), SCALE, 1)
    grids = grids_on_page(page)
    assert page.source == "ocr" and page.notes == []
    assert [[c.replace(" ", "") if c else c for c in row] for row in grids[0].cells] == cells
    assert all(0 < c["confidence"] <= 1 for c in page.chars)


def test_blank_photo_and_oversized_pages_get_notes_and_the_other_pages_are_read(tmp_path):
    rng = np.random.default_rng(7)
    photo = Image.fromarray(np.clip(rng.normal(120, 45, (400, 300)), 0, 255).astype(np.uint8))
    blank = Image.new("L", (300, 400), 255)
    path = _pdf_of(tmp_path / "bad.pdf", [(blank, (595, 842)), (photo, (595, 842)), (blank, (10000, 10000))])
    reader = OcrPageReader(dpi=150)
    try:
        pages = [reader.read(path, number) for number in (1, 2, 3)]
    finally:
        reader.close()
    assert pages[0].notes == ["第1页为空白页"]
    assert "照片" in pages[1].notes[0]
    assert "尺寸过大" in pages[2].notes[0] and "第3页为空白页" in pages[2].notes
    assert all(page.chars == [] for page in pages)
