"""Pages OCR cannot read: each gets a note on that page, nothing is made up from it, and the reader
stays within its memory and time."""

import time

import cv2
import numpy as np
import pytest

from budgetpdf.ocr import OcrPageReader, image
from budgetpdf.ocr import reader as reader_module
from budgetpdf.ocr.budget import Deadline, PageTimeout
from budgetpdf.ocr.document import ocr_page_images
from budgetpdf.ocr.reader import read_image

from .drawing import table_page
from .test_reader import _pdf_of

SCALE = 200 / 72


def _scribbles(width: int = 700, lines: int = 5) -> np.ndarray:
    """Lines of pen strokes that look like handwriting and are no printed glyph."""
    rng = np.random.default_rng(3)
    page = np.full((80 + 75 * lines, width), 255, np.uint8)
    for line in range(lines):
        y, x = 70 + line * 75, 40
        while x < width - 90:
            points = [(x, y)]
            for _ in range(8):
                x += int(rng.integers(4, 14))
                points.append((x, y + int(rng.integers(-22, 22))))
            cv2.polylines(page, [np.array(points, np.int32)], False, 0, 2, cv2.LINE_AA)
            x += int(rng.integers(10, 30))
    return page


def test_a_blank_page_is_noted_as_blank_and_not_recognised(monkeypatch):
    monkeypatch.setattr(reader_module, "recognise", _never)

    page = read_image(np.full((2339, 1654), 250, np.uint8), SCALE, 4)

    assert (page.notes, page.chars, page.edges) == (["第4页为空白页"], [], [])


def test_a_photo_is_noted_as_a_picture_and_not_recognised(monkeypatch):
    monkeypatch.setattr(reader_module, "recognise", _never)
    rows, columns = np.mgrid[0:1200, 0:900]
    photo = (120 + 60 * np.sin(rows / 37.0) * np.cos(columns / 23.0)).astype(np.uint8)
    photo = np.clip(photo + np.random.default_rng(1).normal(0, 25, photo.shape), 0, 255).astype(np.uint8)

    page = read_image(photo, SCALE, 2)

    assert page.notes == ["第2页是照片或图片，没有可识别的文字或表格"] and page.chars == []


def test_a_page_of_handwriting_is_noted_as_not_reliably_read():
    page = read_image(_scribbles(), SCALE, 3)

    assert len(page.notes) == 1
    assert "第3页" in page.notes[0] and ("无法可靠识别" in page.notes[0] or "没有识别出文字" in page.notes[0])


def test_a_ten_thousand_pixel_square_image_is_shrunk_before_recognition(monkeypatch):
    seen = []
    monkeypatch.setattr(reader_module, "recognise", lambda picture: seen.append(picture.shape) or [])
    monkeypatch.setattr(image, "quarter_turns", lambda grey, detect: 0)
    huge = np.full((10_000, 10_000), 255, np.uint8)
    huge[4000:4010, 1000:9000] = 0
    huge[3000:6000, 5000:5010] = 0

    page = read_image(huge, 10_000 / 595, 5)

    assert seen and all(max(shape[:2]) <= image.MAX_SIDE_PX for shape in seen)
    assert page.notes[0] == f"第5页尺寸过大，按 {round(10_000 / 595 * image.MAX_SIDE_PX / 10_000 * 72)} dpi 识别"


def test_a_ten_thousand_pixel_image_page_is_rendered_within_the_cap_and_the_report_goes_on(tmp_path):
    from PIL import Image

    huge = Image.new("L", (10_000, 10_000), 255)
    drawn = table_page([["项目", "合计", "财政拨款"], ["201", "53.33", "37.16"]], scale=SCALE)
    if drawn is None:
        pytest.skip("no CJK font installed")
    path = _pdf_of(tmp_path / "huge.pdf", [(huge, (7200, 7200)), (drawn, (drawn.width / SCALE, drawn.height / SCALE))])

    pages = ocr_page_images(path, [1, 2], workers=1)

    assert "第1页尺寸过大" in pages[1].notes[0] and "第1页为空白页" in pages[1].notes
    assert "53.33" in "".join(c["text"] for c in pages[2].chars)


def test_a_page_over_its_time_budget_is_skipped_with_a_note_and_the_next_page_is_read(tmp_path, monkeypatch):
    drawn = table_page([["项目", "合计", "财政拨款"], ["201", "53.33", "37.16"]], scale=SCALE)
    if drawn is None:
        pytest.skip("no CJK font installed")
    size = (drawn.width / SCALE, drawn.height / SCALE)
    path = _pdf_of(tmp_path / "slow.pdf", [(drawn, size), (drawn, size)])
    real = reader_module.recognise
    calls = []

    def first_page_hangs(picture):
        calls.append(1)
        while len(calls) == 1:
            time.sleep(0.01)
        return real(picture)

    monkeypatch.setattr(reader_module, "recognise", first_page_hangs)
    started = time.monotonic()

    pages = ocr_page_images(path, [1, 2], workers=1, page_seconds=1.5)

    assert pages[1].notes == ["第1页识别超过 1.5 秒，已跳过，须人工核对"] and pages[1].chars == []
    assert "53.33" in "".join(c["text"] for c in pages[2].chars)
    assert time.monotonic() - started < 60


def test_the_deadline_is_checked_between_stages_where_no_timer_can_interrupt():
    deadline = Deadline(0.01)
    time.sleep(0.02)

    with pytest.raises(PageTimeout):
        deadline.check()
    Deadline(None).check()


def test_a_damaged_image_is_a_note_but_a_worker_time_limit_ends_the_reading(tmp_path, monkeypatch):
    class TimeLimit(Exception):
        pass

    path = _pdf_of(tmp_path / "one.pdf", [(None, (595, 842))])
    monkeypatch.setattr(OcrPageReader, "read", _raising(ValueError("bad jpeg")))
    assert ocr_page_images(path, [1], workers=1)[1].notes == ["第1页图像无法识别（ValueError）"]

    monkeypatch.setattr(OcrPageReader, "read", _raising(TimeLimit()))
    with pytest.raises(TimeLimit):
        ocr_page_images(path, [1], workers=1)


def _raising(exc):
    def read(self, document, number):
        raise exc

    return read


def _never(picture):
    raise AssertionError("the recogniser was called")
