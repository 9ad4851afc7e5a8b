"""Reads for the back office: drafts included, each table beside the source page it was read from."""

import contextlib
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from disclosures import page_images
from disclosures.formatting import side_label
from disclosures.models import Correction, DisclosureTable, LineValue, Report, TableColumn, ValidationCheck
from disclosures.selectors import checks_in_words
from ingestion.models import IngestionJob


def reports() -> QuerySet[Report]:
    return Report.objects.select_related("department__jurisdiction", "fiscal_year", "supersedes")


def dashboard_reports(*, limit: int = 50) -> QuerySet[Report]:
    """Reports not yet replaced, drafts first, each with its number of failed checks."""
    return (
        reports()
        .exclude(status=Report.Status.ARCHIVED)
        .annotate(failed_checks=Count("checks", filter=Q(checks__status=ValidationCheck.Status.FAIL)))
        .order_by("status", "-updated_at")[:limit]
    )


def recent_jobs(*, limit: int = 20) -> QuerySet[IngestionJob]:
    return IngestionJob.objects.select_related("report__department", "report__fiscal_year", "uploaded_by")[:limit]


@dataclass
class ReviewTable:
    """One table of a report under review: its rows with their cells, and its source pages with the rows to look at
    (failed checks, the selected line) boxed on them."""

    tables: list[DisclosureTable]
    failed_checks: list[ValidationCheck]
    table: DisclosureTable | None = None
    columns: list[TableColumn] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)
    pages: list[dict] = field(default_factory=list)


def _chosen_table(tables, failed, position: str | None) -> DisclosureTable | None:
    """The table asked for; else the one with the first failed check; else the first."""
    if not tables:
        return None
    table = next((t for t in tables if str(t.position) == position), None)
    if table is None and failed:
        table = next((t for t in tables if t.type == failed[0].table_type), tables[0])
    return table or tables[0]


def _review_rows(table: DisclosureTable, columns, failed, selected_line: str | None) -> list[dict]:
    by_line: dict[int, dict[int, LineValue]] = {}
    for value in LineValue.objects.filter(line__table=table).select_related("column"):
        by_line.setdefault(value.line_id, {})[value.column_id] = value
    flagged = {check.row for check in failed if check.table_type == table.type and check.row}
    return [
        {
            "line": line,
            "side": side_label(line.side),
            "cells": [by_line.get(line.pk, {}).get(column.pk) for column in columns],
            "failed": (line.code or line.name) in flagged,
            "unconfirmed": line.flagged_columns,
            "selected": str(line.pk) == selected_line,
        }
        for line in table.rows.order_by("position")
    ]


def _pages_with_highlights(report: Report, table: DisclosureTable, rows: list[dict]) -> list[dict]:
    pages = []
    for number in table.pages or sorted({row["line"].page for row in rows}):
        try:
            geometry = page_images.page_geometry(report, number)
        except page_images.PageNotFound:
            continue
        boxes = []
        for row in rows:
            line = row["line"]
            if line.page != number or not (row["failed"] or row["selected"]):
                continue
            box = geometry.box_percent(line.bbox)
            if box:
                boxes.append({"box": box, "failed": row["failed"], "selected": row["selected"], "line": line})
        pages.append({"number": number, "boxes": boxes})
    return pages


def reading_notes(report: Report) -> dict:
    """What the reading could not give, as the public page says it (standard tables missing, image pages not read,
    OCR values unconfirmed), and whether any table check ran."""
    words = checks_in_words(report)
    return {"notes": words["reading_notes"], "table_checks_ran": words["table_checks_ran"]}


def review_table(report: Report, *, position: str | None = None, selected_line: str | None = None) -> ReviewTable:
    tables = list(report.tables.order_by("position"))
    failed = list(report.checks.filter(status=ValidationCheck.Status.FAIL).order_by("page", "pk"))
    review = ReviewTable(tables=tables, failed_checks=failed, table=_chosen_table(tables, failed, position))
    if review.table is not None:
        review.columns = list(review.table.columns.order_by("position"))
        review.rows = _review_rows(review.table, review.columns, failed, selected_line)
        review.pages = _pages_with_highlights(report, review.table, review.rows)
    return review


def value_history(value: LineValue) -> QuerySet[Correction]:
    """Earlier corrections of the same cell, kept by position so they outlive a re-run of the parse."""
    line = value.line
    return Correction.objects.filter(
        report=line.table.report,
        table_position=line.table.position,
        line_position=line.position,
        column_key=value.column.key,
    ).select_related("created_by")


def value_box(value: LineValue) -> dict | None:
    """Where the value's line sits on its source page, in percent of the page; None without a page image."""
    with contextlib.suppress(page_images.PageNotFound):
        geometry = page_images.page_geometry(value.line.table.report, value.line.page)
        return geometry.box_percent(value.line.bbox)
    return None
