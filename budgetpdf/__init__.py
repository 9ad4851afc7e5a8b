"""The disclosure parser: a PDF in, a ParsedReport out. No ORM, no settings.

    report = parse_pdf(path, progress=callback)

`progress(stage, percent)` is called as the work advances; stages are
reading_pages, finding_tables, reading_figures, validating.
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import checks, figures, metadata, performance
from .errors import NoTextLayer, UnusableDocument
from .model import ParsedReport, Source
from .source import open_pdf, sha256_of, time_limit
from .tables import grids_on_page, group_grids, read_table, text_lines

__all__ = ["Inspection", "Limits", "ParsedReport", "UnusableDocument", "inspect_pdf", "parse_pdf"]

Progress = Callable[[str, int], None]


@dataclass(frozen=True)
class Limits:
    max_bytes: int | None = None
    max_pages: int | None = None
    page_seconds: float | None = None


@dataclass(frozen=True)
class Inspection:
    pages: int
    metadata: metadata.Metadata


def inspect_pdf(path: str | Path, *, limits: Limits = Limits(), cover_pages: int = 3) -> Inspection:
    """A quick look before a full parse: the file is a readable PDF, and what its cover says.

    Raises the same UnusableDocument errors as parse_pdf for files that cannot be read.
    """
    path = Path(path)
    with open_pdf(path, max_bytes=limits.max_bytes, max_pages=limits.max_pages) as pdf:
        texts = []
        for index, page in enumerate(pdf.pages[:cover_pages], start=1):
            with time_limit(limits.page_seconds, page=index):
                texts.append("\n".join(line for _, line in text_lines(page)))
            page.flush_cache()
        return Inspection(pages=len(pdf.pages), metadata=metadata.detect(texts))


def parse_pdf(path: str | Path, *, progress: Progress | None = None, limits: Limits = Limits()) -> ParsedReport:
    path = Path(path)
    report_progress = progress or (lambda stage, percent: None)
    report_progress("reading_pages", 0)
    with open_pdf(path, max_bytes=limits.max_bytes, max_pages=limits.max_pages) as pdf:
        page_count = len(pdf.pages)
        texts: list[tuple[int, str]] = []
        grids = []
        image_pages: list[int] = []
        for index, page in enumerate(pdf.pages, start=1):
            with time_limit(limits.page_seconds, page=index):
                lines = text_lines(page)
                text = "\n".join(line for _, line in lines)
                if not text.strip() and page.images:
                    image_pages.append(index)
                texts.append((index, text))
                if text.strip():
                    grids.extend(grids_on_page(page, index, lines))
            page.flush_cache()
            report_progress("finding_tables", 5 + int(75 * index / page_count))
        if not any(text.strip() for _, text in texts):
            raise NoTextLayer(f"{page_count} pages")

    report_progress("reading_figures", 80)
    tables, performance_records = [], []
    for group in group_grids(grids):
        if performance.is_performance(group[0].title):
            performance_records.extend(performance.read(group, group[0].title))
        else:
            tables.append(read_table(group))
    department_lines = [g.above for g in grids]
    dept = [metadata.department_line(" ".join(lines)) for lines in department_lines]
    meta = metadata.detect(
        [text for _, text in texts[:3]], [d for d in dept if d], [grid.title for grid in grids if grid.title]
    )
    narrative = figures.from_narrative(texts)
    table_figures = figures.from_tables(tables)
    key_figures = figures.merge(table_figures, narrative)

    report_progress("validating", 90)
    results = checks.run_all(tables, key_figures, narrative, texts)

    return ParsedReport(
        source=Source(
            filename=path.name,
            sha256=sha256_of(path),
            pages=page_count,
            text_pages=sum(1 for _, text in texts if text.strip()),
            ocr_pages=image_pages,
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
        checks=results,
    )
