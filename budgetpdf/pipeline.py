"""The parse, top to bottom: open the file, read each page, find its ruled grids, read the tables, then the key
figures and metadata, then run the checks. Each stage is one module; `read` only passes results along.
"""

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import BinaryIO

from . import checks, metadata, performance
from .errors import NoTextLayer
from .grids import Grid, grids_on_page, group_grids
from .model import Hints, PageText, PerformanceRecord, Report, Source, Table
from .pages import read_page
from .source import Document, open_document, sha256_of, time_limit
from .tables import one_table_per_type, read_table

Progress = Callable[[str, int], None]


class Stage(StrEnum):
    """The parse's stages, in order, as reported to `progress`."""

    READING_PAGES = "reading_pages"
    FINDING_TABLES = "finding_tables"
    READING_FIGURES = "reading_figures"
    VALIDATING = "validating"


@dataclass(frozen=True)
class Limits:
    max_bytes: int | None = None
    max_pages: int | None = None
    page_seconds: float | None = None


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
                texts.append(read_page(document, number).text)
        return Inspection(pages=document.page_count, metadata=metadata.detect(texts))


def read(
    source: "str | Path | BinaryIO",
    *,
    hints: Hints | dict | None = None,
    limits: Limits = Limits(),
    progress: Progress | None = None,
) -> Report:
    """The report a PDF discloses. `source` is a path or a binary file object; `hints`, when given, win over what
    the file says about itself. `progress(stage, percent)` is called as the work advances."""
    report_progress = progress or (lambda stage, percent: None)
    given = Hints.of(hints)
    report_progress(Stage.READING_PAGES, 0)
    with open_document(source, max_bytes=limits.max_bytes, max_pages=limits.max_pages) as document:
        pages, grids, image_pages = _read_pages(document, limits, report_progress)
        source_record = Source(
            filename=document.filename,
            sha256=sha256_of(document.path),
            pages=document.page_count,
            text_pages=sum(1 for page in pages if page.text.strip() and page.source == "text"),
            ocr_pages=image_pages,
            page_sources={page.number: page.source for page in pages},
        )

    report_progress(Stage.READING_FIGURES, 80)
    tables, performance_records = _read_tables(grids)
    meta = _metadata(pages, grids, given)
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


def _read_pages(document: Document, limits: Limits, progress: Progress) -> tuple[list[PageText], list[Grid], list[int]]:
    """Each page's text and ruled grids; the pages that are only images are listed."""
    page_count = document.page_count
    pages: list[PageText] = []
    grids: list[Grid] = []
    image_pages: list[int] = []
    for number in range(1, page_count + 1):
        with time_limit(limits.page_seconds, page=number):
            page = read_page(document, number)
            text = page.text
            if page.images and (page.source != "text" or not text.strip()):
                image_pages.append(number)
            pages.append(PageText(number=number, text=text, source=page.source))
            if text.strip():
                grids.extend(grids_on_page(page))
        progress(Stage.FINDING_TABLES, 5 + int(75 * number / page_count))
    if not any(page.text.strip() for page in pages):
        raise NoTextLayer(f"{page_count} pages")
    return pages, grids, image_pages


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


__all__ = ["Inspection", "Limits", "Progress", "Stage", "inspect", "read"]
