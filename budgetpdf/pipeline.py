"""The parse, top to bottom: open the file, read each page, find its ruled grids, read the tables, then the key
figures and metadata, then run the checks. Each stage is one module; `read` only passes results along.
"""

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import BinaryIO

from . import checks, inferred, metadata, parallel, performance
from .errors import NoTextLayer
from .grids import Grid, group_grids
from .model import Hints, PageText, PerformanceRecord, Report, Source, Table
from .ocr import confidence
from .ocr.document import Cancelled, OcrProgress, OcrSettings, ocr_page_images
from .pages import READERS, Page
from .source import Document, open_document, sha256_of, time_limit
from .tables import one_table_per_type, read_table

Progress = Callable[[str, int], None]


class Stage(StrEnum):
    """The parse's stages, in order, as reported to `progress`."""

    READING_PAGES = "reading_pages"
    FINDING_TABLES = "finding_tables"
    OCR = "ocr"  # only when pages are read by OCR
    READING_FIGURES = "reading_figures"
    VALIDATING = "validating"


@dataclass(frozen=True)
class Limits:
    max_bytes: int | None = None
    max_pages: int | None = None
    page_seconds: float | None = None
    workers: int = 1  # processes reading the pages' text layer (OCR has its own, in OcrSettings)


@dataclass(frozen=True)
class Inspection:
    pages: int
    metadata: metadata.Metadata


def inspect(path: str | Path, *, limits: Limits = Limits(), cover_pages: int = 3) -> Inspection:
    """A quick look before a full parse: the file is a readable PDF, and what its cover says.

    Raises the same UnusableDocument errors as `read` for files that cannot be read.
    """
    with open_document(path, max_bytes=limits.max_bytes, max_pages=limits.max_pages) as document:
        texts = []
        for number in range(1, min(cover_pages, document.page_count) + 1):
            with time_limit(limits.page_seconds, page=number):
                # the cover as its text layer says: an upload is looked at quickly, OCR waits for the parse
                texts.append(READERS["text"]().read(document, number).text)
        return Inspection(pages=document.page_count, metadata=metadata.detect(texts))


def read(
    source: "str | Path | BinaryIO",
    *,
    hints: Hints | dict | None = None,
    limits: Limits = Limits(),
    progress: Progress | None = None,
    ocr: "str | OcrSettings" = "auto",
    ocr_progress: OcrProgress | None = None,
    cancelled: Callable[[], bool] | None = None,
    workers: int | None = None,
) -> Report:
    """The report a PDF discloses. `source` is a path or a binary file object; `hints`, when given, win over what
    the file says about itself. `progress(stage, percent)` is called as the work advances.

    `ocr` says which pages are read by OCR: "auto" (pages with no text but images), "force" (every page) or
    "off" (none; a report that is only images is then refused with NoTextLayer). `ocr_progress(done, total)` is
    called after each OCR page and `cancelled()` before each; a cancelled reading raises `Cancelled`.

    `workers` (or `limits.workers`) processes read the pages' text layer; the report is the same for any number."""
    if workers is not None:
        limits = replace(limits, workers=workers)
    report_progress = progress or (lambda stage, percent: None)
    settings = ocr if isinstance(ocr, OcrSettings) else OcrSettings(mode=ocr)
    given = Hints.of(hints)
    report_progress(Stage.READING_PAGES, 0)
    with open_document(source, max_bytes=limits.max_bytes, max_pages=limits.max_pages) as document:
        read_pages = _read_pages(document, limits, report_progress, _OcrRun(settings, ocr_progress, cancelled))
        pages, grids = read_pages.pages, read_pages.grids
        source_record = Source(
            filename=document.filename,
            sha256=sha256_of(document.path),
            pages=document.page_count,
            text_pages=sum(1 for page in pages if page.text.strip() and page.source == "text"),
            ocr_pages=sorted(set(read_pages.image_pages) | set(read_pages.ocr_pages)),
            page_sources={page.number: page.source for page in pages},
        )

    report_progress(Stage.READING_FIGURES, 80)
    tables, performance_records = _read_tables(grids)
    # before the checks: a decimal point the recogniser dropped is mended only where an identity proves it
    confidence.annotate(tables, read_pages.ocr_pages)
    meta = _metadata(pages, grids, given)
    inferred.infer_codes(tables, meta.fiscal_year)
    evidence = checks.evidence_from(tables, pages, meta)

    report_progress(Stage.VALIDATING, 90)
    results = checks.run(evidence)

    return Report(
        source=source_record,
        jurisdiction=meta.jurisdiction,
        department=meta.department,
        scope=meta.scope,
        fiscal_year=meta.fiscal_year,
        kind=meta.kind,
        title=meta.title,
        unknown=meta.unknown,
        hints=given,
        pages=pages,
        tables=tables,
        key_figures=evidence.figures,
        performance=performance.merge_continued(performance_records),
        checks=results,
    )


@dataclass
class _OcrRun:
    settings: OcrSettings
    progress: OcrProgress | None = None
    cancelled: Callable[[], bool] | None = None


@dataclass
class _PagesRead:
    pages: list[PageText] = field(default_factory=list)
    grids: list[Grid] = field(default_factory=list)
    image_pages: list[int] = field(default_factory=list)
    ocr_pages: dict[int, Page] = field(default_factory=dict)


def _read_pages(document: Document, limits: Limits, progress: Progress, ocr: _OcrRun) -> _PagesRead:
    """Each page's text and ruled grids, from the text layer or by OCR; the pages that are only images are listed.
    The text layer is read on `limits.workers` processes when more than one is allowed."""
    page_count = document.page_count
    by_number: dict[int, tuple[PageText, list[Grid]]] = {}
    result = _PagesRead()
    to_ocr: list[int] = []

    def done(number: int) -> None:
        progress(Stage.FINDING_TABLES, 5 + int((35 if to_ocr else 75) * number / page_count))

    for read in parallel.read_pages(
        document, workers=limits.workers, ocr_mode=ocr.settings.mode, page_seconds=limits.page_seconds, done=done
    ):
        if read.image_only:
            result.image_pages.append(read.number)
        if read.to_ocr:
            to_ocr.append(read.number)
        else:
            by_number[read.number] = (read.text, read.grids)
    result.ocr_pages = _ocr(document, to_ocr, progress, ocr)
    for number, page in result.ocr_pages.items():
        by_number[number] = parallel.page_and_grids(page)
    # a text page whose pictures held no table comes back as read from its text
    result.ocr_pages = {number: page for number, page in result.ocr_pages.items() if page.source == "ocr"}
    for number in sorted(by_number):
        page_text, grids = by_number[number]
        result.pages.append(page_text)
        result.grids.extend(grids)
    if not any(page.text.strip() for page in result.pages):
        error = NoTextLayer(f"{page_count} pages")
        if result.ocr_pages:
            error.message = NoTextLayer.after_ocr_message
        raise error
    return result


def _ocr(document: Document, numbers: list[int], progress: Progress, ocr: _OcrRun) -> dict[int, Page]:
    """The pages read by OCR; each page read moves the progress from 40 to 80 percent."""

    def page_done(done: int, total: int) -> None:
        progress(Stage.OCR, 40 + int(40 * done / total))
        if ocr.progress is not None:
            ocr.progress(done, total)

    if numbers:
        progress(Stage.OCR, 40)
    return ocr_page_images(
        document.path,
        numbers,
        workers=ocr.settings.workers,
        dpi=ocr.settings.dpi,
        page_seconds=ocr.settings.page_seconds,
        progress=page_done,
        cancelled=ocr.cancelled,
    )


def _read_tables(grids: list[Grid]) -> tuple[list[Table], list[PerformanceRecord]]:
    tables, performance_records = [], []
    for group in group_grids(grids):
        if performance.is_performance(group[0].title):
            performance_records.extend(performance.read(group, group[0].title))
        else:
            tables.append(read_table(group))
    one_table_per_type(tables)
    return tables, performance_records


def _metadata(pages: list[PageText], grids: list[Grid], hints: Hints | None) -> metadata.Metadata:
    """What the cover, the 部门 lines above the tables and the table titles say, with the hints winning."""
    department_lines = [metadata.department_line(" ".join(grid.above)) for grid in grids]
    meta = metadata.detect(
        [page.text for page in pages[:3]],
        [line for line in department_lines if line],
        [grid.title for grid in grids if grid.title],
    )
    if hints is None:
        return meta
    return metadata.with_hints(meta, hints.given())


__all__ = ["Cancelled", "Inspection", "Limits", "OcrSettings", "Progress", "Stage", "inspect", "read"]
