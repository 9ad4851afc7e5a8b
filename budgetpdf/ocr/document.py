"""A whole PDF read page by page: text pages from the text layer, image pages by OCR.

    scanned = read_pdf(path, ocr="auto", workers=2)
    scanned.report          # a ParsedReport, as budgetpdf.parse_pdf gives
    scanned.readings.all()  # each OCR value with its confidence, confirmation and flag

`ocr` is "auto" (image pages only), "force" (every page) or "off" (none: image pages are listed
and left unread). Image pages are recognised on `workers` processes, one thread each.
"""

import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .. import checks, figures, metadata, performance
from ..errors import NoTextLayer
from ..model import ParsedReport, Source
from ..source import open_pdf, sha256_of
from ..tables import grids_on_page, group_grids, read_table, text_lines
from .confidence import Readings, assess
from .image import DEFAULT_DPI
from .page import Page, PageView
from .reader import OcrPageReader

MODES = ("auto", "off", "force")
# A worker is replaced after this many pages, so memory a page leaves behind cannot pile up.
PAGES_PER_WORKER = 40

OcrProgress = Callable[[int, int], None]


class Cancelled(Exception):
    """The reading was stopped before every page was read."""


@dataclass
class ScannedReport:
    report: ParsedReport
    readings: Readings
    notes: list[str] = field(default_factory=list)

    @property
    def unconfirmed(self) -> int:
        return sum(reading.flagged for reading in self.readings.all())


def pages_to_ocr(path: Path, mode: str = "auto") -> list[int]:
    """The pages OCR has to read: pages with no text but an image (auto), every page (force), none (off)."""
    if mode not in MODES:
        raise ValueError(f"ocr must be one of {', '.join(MODES)}")
    if mode == "off":
        return []
    with open_pdf(path) as pdf:
        numbers = []
        for number, page in enumerate(pdf.pages, start=1):
            has_text = any(c["text"].strip() for c in page.chars)
            if mode == "force" or (not has_text and page.images):
                numbers.append(number)
            page.flush_cache()
        return numbers


def read_pdf(
    path: str | Path,
    *,
    ocr: str = "auto",
    workers: int = 2,
    dpi: int = DEFAULT_DPI,
    progress: OcrProgress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ScannedReport:
    path = Path(path)
    numbers = pages_to_ocr(path, ocr)
    ocr_pages = ocr_page_images(path, numbers, workers=workers, dpi=dpi, progress=progress, cancelled=cancelled)
    return parse_with_pages(path, ocr_pages)


def ocr_page_images(
    path: Path,
    numbers: list[int],
    *,
    workers: int = 2,
    dpi: int = DEFAULT_DPI,
    progress: OcrProgress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> dict[int, Page]:
    """OCR the given pages, on `workers` processes; progress(done, total) after each page."""
    report = progress or (lambda done, total: None)
    stop = cancelled or (lambda: False)
    pages: dict[int, Page] = {}
    if not numbers:
        return pages
    if workers <= 1 or len(numbers) == 1 or multiprocessing.current_process().daemon:
        # a daemonic process (a prefork worker) may not start processes of its own
        reader = OcrPageReader(dpi=dpi)
        try:
            for number in numbers:
                if stop():
                    raise Cancelled(f"{len(pages)} of {len(numbers)} pages read")
                pages[number] = _read_safely(reader, path, number)
                report(len(pages), len(numbers))
        finally:
            reader.close()
        return pages
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, max_tasks_per_child=PAGES_PER_WORKER) as pool:
        futures = {pool.submit(_ocr_page, str(path), number, dpi): number for number in numbers}
        try:
            for future in _in_page_order(futures):
                if stop():
                    raise Cancelled(f"{len(pages)} of {len(numbers)} pages read")
                pages[futures[future]] = future.result()
                report(len(pages), len(numbers))
        except BaseException:
            for future in futures:
                future.cancel()
            raise
    return pages


def _in_page_order(futures):
    from concurrent.futures import as_completed

    return as_completed(futures)


_WORKER_READER: OcrPageReader | None = None


def _ocr_page(path: str, number: int, dpi: int) -> Page:
    global _WORKER_READER
    if _WORKER_READER is None or _WORKER_READER.dpi != dpi:
        _WORKER_READER = OcrPageReader(dpi=dpi)
    return _read_safely(_WORKER_READER, Path(path), number)


def _read_safely(reader: OcrPageReader, path: Path, number: int) -> Page:
    """A page that cannot be read is a note on that page; the rest of the report is still read."""
    try:
        return reader.read(path, number)
    except Exception as exc:  # a damaged image must not stop the report
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


def parse_with_pages(path: Path, ocr_pages: dict[int, Page]) -> ScannedReport:
    """The parser's stages over a PDF whose image pages have been read by OCR."""
    with open_pdf(path) as pdf:
        page_count = len(pdf.pages)
        texts: list[tuple[int, str]] = []
        grids = []
        image_pages: list[int] = []
        for index, plumber_page in enumerate(pdf.pages, start=1):
            page = PageView(ocr_pages[index]) if index in ocr_pages else plumber_page
            lines = text_lines(page)
            text = "\n".join(line for _, line in lines)
            if index not in ocr_pages and not text.strip() and plumber_page.images:
                image_pages.append(index)
            texts.append((index, text))
            if text.strip():
                grids.extend(grids_on_page(page, index, lines))
            plumber_page.flush_cache()
        if not any(text.strip() for _, text in texts):
            raise NoTextLayer(f"{page_count} pages")
    report = _report(path, page_count, texts, grids, sorted(ocr_pages) + image_pages)
    readings = assess(report.tables, ocr_pages)
    notes = [note for number in sorted(ocr_pages) for note in ocr_pages[number].notes]
    return ScannedReport(report=report, readings=readings, notes=notes)


def _report(path: Path, page_count: int, texts, grids, ocr_numbers: list[int]) -> ParsedReport:
    tables, performance_records = [], []
    for group in group_grids(grids):
        if performance.is_performance(group[0].title):
            performance_records.extend(performance.read(group, group[0].title))
        else:
            tables.append(read_table(group))
    dept = [metadata.department_line(" ".join(grid.above)) for grid in grids]
    meta = metadata.detect(
        [text for _, text in texts[:3]], [d for d in dept if d], [grid.title for grid in grids if grid.title]
    )
    narrative = figures.from_narrative(texts)
    key_figures = figures.merge(figures.from_tables(tables), narrative)
    return ParsedReport(
        source=Source(
            filename=path.name,
            sha256=sha256_of(path),
            pages=page_count,
            text_pages=sum(1 for _, text in texts if text.strip()),
            ocr_pages=ocr_numbers,
        ),
        jurisdiction=meta.jurisdiction,
        department=meta.department,
        scope=meta.scope,
        fiscal_year=meta.fiscal_year,
        kind=meta.kind,
        title=meta.title,
        unknown=meta.unknown,
        tables=tables,
        key_figures=key_figures,
        performance=performance.merge_continued(performance_records),
        checks=checks.run_all(tables, key_figures, narrative, texts),
    )
