"""Which pages of a PDF OCR reads, and reading them on a pool of processes.

`ocr` is "auto" (pages with no text but an image), "force" (every page) or "off" (none: image
pages are listed and left unread). Image pages are recognised on `workers` processes, one
recogniser thread each; inside a daemonic process (a Celery prefork child) they are read in
process, since such a process may not start processes of its own.

    report = read_pdf(path, ocr="auto", workers=2)   # budgetpdf.read with OCR settings
"""

import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

import cv2

from ..pages import READERS, Page, reader_for
from ..source import open_document
from .budget import PAGE_SECONDS
from .image import DEFAULT_DPI
from .mixed import image_table_boxes
from .reader import OcrPageReader

MODES = ("auto", "off", "force")
# A worker is replaced after this many pages, so memory a page leaves behind cannot pile up.
PAGES_PER_WORKER = 40
# What a damaged or unreadable image raises. Anything else, such as a worker's time limit arriving
# as an exception, is not a property of the page and ends the reading.
PAGE_ERRORS = (ArithmeticError, LookupError, ValueError, TypeError, RuntimeError, OSError, MemoryError, cv2.error)

OcrProgress = Callable[[int, int], None]


class Cancelled(Exception):
    """The reading was stopped before every page was read."""


@dataclass(frozen=True)
class OcrSettings:
    """How a report's image pages are read: which pages (`mode`), on how many processes, at what dpi,
    and how long one page may take (`page_seconds`; None: no limit)."""

    mode: str = "auto"
    workers: int = 2
    dpi: int = DEFAULT_DPI
    page_seconds: float | None = PAGE_SECONDS

    def __post_init__(self):
        if self.mode not in MODES:
            raise ValueError(f"ocr must be one of {', '.join(MODES)}")


def needs_ocr(text_page: Page, mode: str) -> bool:
    """Whether OCR reads this page, given what its text layer holds: a page of images only, or a text page
    that also prints a table as a picture (only the picture is then read by OCR)."""
    if mode == "force":
        return True
    if mode == "off":
        return False
    return reader_for(text_page.number, text_page).source == "ocr" or bool(image_table_boxes(text_page))


def pages_to_ocr(path: str | Path, mode: str = "auto") -> list[int]:
    """The pages OCR has to read: pages with no text but an image (auto), every page (force), none (off)."""
    OcrSettings(mode=mode)
    if mode == "off":
        return []
    with open_document(path) as document:
        reader = READERS["text"]()
        return [
            number for number in range(1, document.page_count + 1) if needs_ocr(reader.read(document, number), mode)
        ]


def read_pdf(
    path: str | Path,
    *,
    ocr: str = "auto",
    workers: int = 2,
    dpi: int = DEFAULT_DPI,
    page_seconds: float | None = PAGE_SECONDS,
    progress: OcrProgress | None = None,
    cancelled: Callable[[], bool] | None = None,
):
    """`budgetpdf.read` of a file with the given OCR settings; `progress(done, total)` counts OCR pages."""
    from ..pipeline import read

    return read(
        path,
        ocr=OcrSettings(mode=ocr, workers=workers, dpi=dpi, page_seconds=page_seconds),
        ocr_progress=progress,
        cancelled=cancelled,
    )


def ocr_page_images(
    path: Path,
    numbers: list[int],
    *,
    workers: int = 2,
    dpi: int = DEFAULT_DPI,
    page_seconds: float | None = PAGE_SECONDS,
    progress: OcrProgress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> dict[int, Page]:
    """OCR the given pages, on `workers` processes; progress(done, total) after each page, `cancelled()` before.

    A page taking longer than `page_seconds` is left unread with a note."""
    report = progress or (lambda done, total: None)
    stop = cancelled or (lambda: False)
    if not numbers:
        return {}
    if workers <= 1 or len(numbers) == 1 or in_daemonic_process():
        return _read_in_process(path, numbers, OcrPageReader(dpi=dpi, page_seconds=page_seconds), report, stop)
    pages: dict[int, Page] = {}
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, max_tasks_per_child=PAGES_PER_WORKER) as pool:
        futures = {pool.submit(_ocr_page, str(path), number, dpi, page_seconds): number for number in numbers}
        try:
            for future in as_completed(futures):
                if stop():
                    raise Cancelled(f"{len(pages)} of {len(numbers)} pages read")
                pages[futures[future]] = future.result()
                report(len(pages), len(numbers))
        except BaseException:
            for future in futures:
                future.cancel()
            raise
    return pages


def in_daemonic_process() -> bool:
    """A daemonic process (a Celery prefork child, which billiard starts) may not start processes of its own."""
    if multiprocessing.current_process().daemon:
        return True
    try:
        import billiard
    except ImportError:
        return False
    return bool(billiard.current_process().daemon)


def _read_in_process(path: Path, numbers: list[int], reader: OcrPageReader, report: OcrProgress, stop):
    pages: dict[int, Page] = {}
    try:
        for number in numbers:
            if stop():
                raise Cancelled(f"{len(pages)} of {len(numbers)} pages read")
            pages[number] = _read_safely(reader, path, number)
            report(len(pages), len(numbers))
    finally:
        reader.close()
    return pages


_WORKER_READER: OcrPageReader | None = None


def _ocr_page(path: str, number: int, dpi: int, page_seconds: float | None = PAGE_SECONDS) -> Page:
    global _WORKER_READER
    if _WORKER_READER is None or (_WORKER_READER.dpi, _WORKER_READER.page_seconds) != (dpi, page_seconds):
        _WORKER_READER = OcrPageReader(dpi=dpi, page_seconds=page_seconds)
    return _read_safely(_WORKER_READER, Path(path), number)


def _read_safely(reader: OcrPageReader, path: Path, number: int) -> Page:
    """A page that cannot be read is a note on that page; the rest of the report is still read."""
    try:
        return reader.read(path, number)
    except PAGE_ERRORS as exc:
        return Page(
            number=number,
            width=0.0,
            height=0.0,
            chars=[],
            edges=[],
            images=1,
            source="ocr",
            notes=[f"第{number}页图像无法识别（{type(exc).__name__}）"],
        )
