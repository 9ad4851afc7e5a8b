"""Reading the pages of one report on several processes: each process opens the file and reads a run of
consecutive pages (text, ruled grids, captions); the results come back in page order, so the report is the same
whatever the number of processes.

A daemonic process (a Celery prefork child) may not start processes of its own: it reads its pages itself.
"""

import multiprocessing
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .grids import Grid, grids_on_page
from .model import PageText
from .ocr.document import in_daemonic_process, needs_ocr
from .pages import READERS, Page
from .source import Document, open_pdf, time_limit

# pages per task: short enough to keep both processes busy to the end, long enough to open the file seldom
PAGES_PER_TASK = 12


@dataclass
class PageRead:
    """One page as read from its text layer: its text and grids, or a note that OCR has to read it."""

    number: int
    image_only: bool
    to_ocr: bool
    text: PageText | None = None
    grids: list[Grid] = field(default_factory=list)


def page_and_grids(page: Page) -> tuple[PageText, list[Grid]]:
    text = page.text
    page_text = PageText(number=page.number, text=text, source=page.source, notes=list(page.notes))
    return page_text, grids_on_page(page) if text.strip() else []


def read_text_page(document: Document, number: int, ocr_mode: str, page_seconds: float | None) -> PageRead:
    with time_limit(page_seconds, page=number):
        page = READERS["text"]().read(document, number)
        image_only = bool(page.images and not page.text.strip())
        if needs_ocr(page, ocr_mode):
            return PageRead(number, image_only, to_ocr=True)
        text, grids = page_and_grids(page)
        return PageRead(number, image_only, to_ocr=False, text=text, grids=grids)


def page_ranges(page_count: int, size: int | None = None) -> list[tuple[int, int]]:
    """(first, last) runs of consecutive pages covering 1..page_count."""
    size = size or PAGES_PER_TASK
    return [(first, min(first + size - 1, page_count)) for first in range(1, page_count + 1, size)]


def read_pages(
    document: Document,
    *,
    workers: int,
    ocr_mode: str,
    page_seconds: float | None,
    done: Callable[[int], None],
) -> Iterator[PageRead]:
    """Every page in order; `done(number)` after each. With workers > 1 the runs of pages are read on that many
    processes, otherwise here from the already opened document."""
    page_count = document.page_count
    ranges = page_ranges(page_count)
    if workers <= 1 or len(ranges) == 1 or in_daemonic_process():
        for number in range(1, page_count + 1):
            read = read_text_page(document, number, ocr_mode, page_seconds)
            done(number)
            yield read
        return
    with ProcessPoolExecutor(max_workers=workers, mp_context=_context()) as pool:
        futures = [
            pool.submit(_read_range, str(document.path), first, last, ocr_mode, page_seconds) for first, last in ranges
        ]
        try:
            for future in futures:
                for read in future.result():
                    done(read.number)
                    yield read
        except BaseException:
            for future in futures:
                future.cancel()
            raise


def _read_range(path: str, first: int, last: int, ocr_mode: str, page_seconds: float | None) -> list[PageRead]:
    with open_pdf(Path(path)) as pdf:
        document = Document(pdf=pdf, path=Path(path), filename=Path(path).name)
        return [read_text_page(document, number, ocr_mode, page_seconds) for number in range(first, last + 1)]


def _context():
    """Forked processes start at once; where fork is not offered, spawned ones import the parser first."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")
