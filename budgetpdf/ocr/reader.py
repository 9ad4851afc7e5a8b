"""The OCR page reader: one image page of a PDF in, a Page of glyphs and rulings out."""

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pypdfium2

from ..pages import READERS, Page
from ..source import open_document
from . import grid, image, mixed
from .budget import PAGE_SECONDS, Deadline, PageTimeout
from .engine import detect, recognise
from .words import Word, chars_from_words, split_at_rulings, words_from_result

# Below this mean confidence a page is read again upside down, and if it stays below, flagged.
UPRIGHT_CONFIDENCE = 0.8
LEGIBLE_CONFIDENCE = 0.75


@dataclass
class PageImage:
    """A levelled page image and how it was obtained, kept for the review page and for tests."""

    grey: np.ndarray
    scale: float
    quarter_turns: int = 0
    skew: float = 0.0
    notes: list[str] = field(default_factory=list)


class OcrPageReader:
    source = "ocr"

    def __init__(
        self, dpi: int = image.DEFAULT_DPI, max_side: int = image.MAX_SIDE_PX, page_seconds: float | None = PAGE_SECONDS
    ):
        self.dpi = dpi
        self.max_side = max_side
        self.page_seconds = page_seconds
        self._documents: dict[str, pypdfium2.PdfDocument] = {}

    def read(self, document, number: int) -> Page:
        path = str(Path(document.path if hasattr(document, "path") else document))
        if path not in self._documents:
            self._documents[path] = pypdfium2.PdfDocument(path)
        deadline = Deadline(self.page_seconds)
        try:
            with deadline.interrupting():
                text_page = _text_layer(path, number)
                boxes = mixed.image_table_boxes(text_page)
                pdfium_page = self._documents[path][number - 1]
                rendered = image.render(pdfium_page, self.dpi, self.max_side)
                notes = []
                if rendered.capped:
                    notes.append(f"第{number}页尺寸过大，按 {round(rendered.scale * 72)} dpi 识别")
                if not boxes:
                    return read_image(rendered.image, rendered.scale, number, notes, deadline=deadline)
                return _read_pictures(rendered, text_page, boxes, notes, deadline)
        except PageTimeout:
            return _page(number, np.zeros((0, 0), np.uint8), 1.0, [], [], [_timeout_note(number, self.page_seconds)])

    def close(self) -> None:
        for document in self._documents.values():
            document.close()
        self._documents.clear()


def _timeout_note(number: int, seconds: float | None) -> str:
    return f"第{number}页识别超过 {seconds:g} 秒，已跳过，须人工核对"


def _read_pictures(rendered: image.Rendered, text_page: Page, boxes, notes: list[str], deadline: Deadline) -> Page:
    """A text page's pictures of ruled tables read by OCR, its text layer kept around them; the text page
    itself (source "text") when no picture holds a ruled table.

    A page with a text layer is upright and level: it is read as it is, so the pictures stay in place."""
    boxes = mixed.ruled_pictures(rendered.image, rendered.scale, boxes)
    if not boxes:  # charts or photos: the page is its text layer
        return text_page
    grey = mixed.only_pictures(rendered.image, rendered.scale, boxes)
    page = read_image(grey, rendered.scale, text_page.number, notes, deadline=deadline, upright=True)
    return mixed.combine(page, text_page, boxes)


def _text_layer(path: str, number: int) -> Page:
    with open_document(path) as document:
        return READERS["text"]().read(document, number)


def read_image(
    grey: np.ndarray,
    scale: float,
    number: int,
    notes: list[str] | None = None,
    deadline: Deadline | None = None,
    upright: bool = False,
) -> Page:
    """Read one page image (greyscale, `scale` pixels per PDF point) into a Page.

    An image larger than the reader ever recognises is shrunk first; `deadline` is checked between stages.
    An `upright` image is read as it is, neither turned nor levelled."""
    notes = list(notes or [])
    deadline = deadline or Deadline(None)
    grey, scale, shrunk = image.cap(grey, scale)
    if shrunk:
        notes.append(f"第{number}页尺寸过大，按 {round(scale * 72)} dpi 识别")
    kind = image.page_kind(grey)
    if kind == "blank":
        return _page(number, grey, scale, [], [], [*notes, f"第{number}页为空白页"])
    if kind == "photo":
        return _page(number, grey, scale, [], [], [*notes, f"第{number}页是照片或图片，没有可识别的文字或表格"])
    deadline.check()
    if upright:
        levelled = PageImage(grey=grey, scale=scale)
        words, rulings = _recognise(levelled)
    else:
        levelled = level(grey, scale)
        deadline.check()
        words, rulings, levelled = _recognise_upright(levelled, deadline)
    if not words:
        return _page(number, levelled.grey, scale, [], [], [*notes, f"第{number}页没有识别出文字"])
    confidence = float(np.mean([w.confidence for w in words]))
    if confidence < LEGIBLE_CONFIDENCE:
        notes.append(f"第{number}页文字无法可靠识别（手写或字迹不清，平均置信度 {confidence:.2f}），其中数值须人工核对")
    if not any(r.orientation == "v" for r in rulings):
        rulings = rulings + grid.rulings_from_alignment([(w.x0, w.top, w.x1, w.bottom) for w in words])
    words = split_at_rulings(words, rulings)
    return _page(number, levelled.grey, scale, words, rulings, notes)


def level(grey: np.ndarray, scale: float) -> PageImage:
    """Turn the page so its text runs left to right, then remove the small skew."""
    quarters = image.quarter_turns(grey, detect)
    turned = image.turn(grey, quarters)
    skew = image.skew_angle(image.binarise(turned))
    return PageImage(grey=image.rotate(turned, skew), scale=scale, quarter_turns=quarters, skew=skew)


def _recognise_upright(levelled: PageImage, deadline: Deadline) -> tuple[list[Word], list[grid.Ruling], PageImage]:
    words, rulings = _recognise(levelled)
    if not words or _mean_confidence(words) >= UPRIGHT_CONFIDENCE:
        return words, rulings, levelled
    deadline.check()
    flipped = PageImage(
        grey=image.turn(levelled.grey, 2),
        scale=levelled.scale,
        quarter_turns=levelled.quarter_turns + 2,
        skew=levelled.skew,
    )
    flipped_words, flipped_rulings = _recognise(flipped)
    if _mean_confidence(flipped_words) > _mean_confidence(words) + 0.05:
        return flipped_words, flipped_rulings, flipped
    return words, rulings, levelled


def _mean_confidence(words: list[Word]) -> float:
    return float(np.mean([w.confidence for w in words])) if words else 0.0


def _recognise(levelled: PageImage) -> tuple[list[Word], list[grid.Ruling]]:
    ink = image.binarise(levelled.grey)
    rulings = grid.find_rulings(ink, levelled.scale)
    # Rulings painted out: a line beside a digit is otherwise read as a 1 or a bar.
    clean = levelled.grey.copy()
    clean[grid.ruling_mask(clean.shape, rulings, levelled.scale) > 0] = 255
    return words_from_result(recognise(clean)), rulings


def _page(number, grey, scale, words, rulings, notes) -> Page:
    height_px, width_px = grey.shape[:2]
    width, height = width_px / scale, height_px / scale
    return Page(
        number=number,
        width=width,
        height=height,
        chars=chars_from_words(words, scale, height),
        edges=grid.edges_from_rulings(rulings, scale, height),
        images=1,
        source="ocr",
        notes=notes,
    )
