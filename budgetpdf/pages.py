"""Reading a page: its glyphs and ruling lines, from the text layer or (with a reader registered for it) by OCR.

Every later stage works from a `Page` alone, so a page read by OCR goes through
the same grid finding, captions and checks as a page with a text layer.
"""

from dataclasses import dataclass, field
from functools import cached_property
from typing import Protocol

from pdfplumber.utils import extract_words

from . import numbers
from .source import Document


@dataclass
class Page:
    number: int  # 1-based
    width: float  # PDF points
    height: float
    chars: list[dict]  # pdfplumber char dicts: text, x0, x1, top, bottom, upright, size (+ optional "confidence")
    edges: list[dict]  # pdfplumber edge dicts: orientation "h"|"v", x0, x1, top, bottom, width, height
    images: int = 0
    source: str = "text"  # "text" | "ocr"
    notes: list[str] = field(default_factory=list)
    image_boxes: list[tuple[float, float, float, float]] = field(default_factory=list)  # x0, top, x1, bottom

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (0, 0, self.width, self.height)

    def lines(self) -> list[tuple[float, str]]:
        return self._lines

    @cached_property
    def _lines(self) -> list[tuple[float, str]]:
        return text_lines(self.chars)

    @property
    def text(self) -> str:
        return "\n".join(line for _, line in self.lines())


class PageReader(Protocol):
    source: str

    def read(self, document: Document, number: int) -> Page: ...


class TextLayerReader:
    """The glyphs and lines the PDF itself holds."""

    source = "text"

    def read(self, document: Document, number: int) -> Page:
        pdf_page = document.pdf.pages[number - 1]
        try:
            return Page(
                number=number,
                width=float(pdf_page.width),
                height=float(pdf_page.height),
                chars=pdf_page.chars,
                edges=pdf_page.edges,
                images=len(pdf_page.images),
                source=self.source,
                image_boxes=[(i["x0"], i["top"], i["x1"], i["bottom"]) for i in pdf_page.images],
            )
        finally:
            # the lists above stay with the Page; pdfplumber's own caches go
            pdf_page.flush_cache()


READERS: dict[str, type[PageReader]] = {"text": TextLayerReader}


def reader_for(number: int, text_page: Page) -> PageReader:
    """The reader for a page, given what its text layer holds: OCR (when registered) for a page that is only images."""
    if not text_page.text.strip() and text_page.images and "ocr" in READERS:
        return READERS["ocr"]()
    return READERS["text"]()


def read_page(document: Document, number: int) -> Page:
    text_page = READERS["text"]().read(document, number)
    reader = reader_for(number, text_page)
    if reader.source == text_page.source:
        return text_page
    return reader.read(document, number)


def text_lines(chars: list[dict]) -> list[tuple[float, str]]:
    """The page's text as lines (top, text), top to bottom: one pass over the characters serves every reader."""
    words = extract_words(chars, keep_blank_chars=True, use_text_flow=False, x_tolerance=2)
    lines: dict[int, list] = {}
    for word in words:
        lines.setdefault(round(word["top"] / 3), []).append(word)
    result = []
    for key in sorted(lines):
        words_in_line = sorted(lines[key], key=lambda w: w["x0"])
        text = numbers.strip_control(" ".join(w["text"] for w in words_in_line)).strip()
        result.append((words_in_line[0]["top"], text))
    return result
