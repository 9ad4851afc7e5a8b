"""A stored report as the export JSON (disclosure-report/1), read in a bounded number of queries."""

from collections import defaultdict

from django.db.models import Count, Prefetch

from budgetpdf.model import decimal_text, printed_text

from .models import DisclosureTable, LineItem, LineValue, PerformanceRecord, Report, ReportPage, TableColumn

SCHEMA = "disclosure-report/1"


def report_to_contract(report: Report, *, rows: bool = True) -> dict:
    """The whole report; without `rows`, each table says how many rows it has instead of listing them."""
    report = (
        Report.objects.select_related("department__jurisdiction", "fiscal_year")
        .prefetch_related(
            Prefetch("tables", queryset=DisclosureTable.objects.order_by("position")),
            "key_figures",
            Prefetch("performance_records", queryset=PerformanceRecord.objects.prefetch_related("indicators")),
            "checks",
            Prefetch(
                "pages", queryset=ReportPage.objects.order_by("number").only("report_id", "number", "source", "notes")
            ),
        )
        .get(pk=report.pk)
    )
    return {
        "schema": SCHEMA,
        "source": {
            "filename": report.source_filename,
            "sha256": report.source_sha256,
            "pages": report.page_count,
            "text_pages": report.text_pages,
            "ocr_pages": report.ocr_pages,
            "page_sources": {str(page.number): page.source for page in report.pages.all()},
            "page_notes": {str(page.number): page.notes for page in report.pages.all() if page.notes},
        },
        "jurisdiction": report.jurisdiction_printed or report.department.jurisdiction.name,
        "department": report.department_printed or report.department.name,
        "scope": report.scope,
        "fiscal_year": report.fiscal_year.year,
        "kind": report.kind,
        "status": report.status,
        "version": report.version,
        "tables": _tables(report) if rows else _table_summaries(report),
        "key_figures": {
            figure.key: {
                "value": decimal_text(figure.value),
                "source": figure.source,
                **({"table": figure.table_type} if figure.table_type else {}),
                "page": figure.page,
            }
            for figure in report.key_figures.all()
        },
        "performance": [_performance(record) for record in report.performance_records.all()],
        "checks": [
            {
                "rule": c.rule,
                "status": c.status,
                "severity": c.severity,
                **({"kind": c.kind} if c.kind else {}),
                "table": c.table_type,
                "row": c.row,
                "expected": decimal_text(c.expected),
                "found": decimal_text(c.found),
                "message": c.message,
                "page": c.page,
            }
            for c in report.checks.all()
            if c.status != "corrected"
        ],
    }


def _tables(report: Report) -> list[dict]:
    """Columns, rows and values read as plain tuples: a report has thousands of cells."""
    columns: dict[int, list[tuple]] = defaultdict(list)
    for row in (
        TableColumn.objects.filter(table__report=report)
        .order_by("table_id", "position")
        .values_list("id", "table_id", "key", "label")
    ):
        columns[row[1]].append(row)
    keys = {column_id: key for rows in columns.values() for column_id, _table, key, _label in rows}
    values: dict[int, dict[str, str]] = defaultdict(dict)
    for line_id, column_id, printed, amount in (
        LineValue.objects.filter(line__table__report=report)
        .order_by("line_id", "column__position")
        .values_list("line_id", "column_id", "printed", "amount")
    ):
        values[line_id][keys[column_id]] = printed_text(printed, amount)
    rows: dict[int, list[dict]] = defaultdict(list)
    for line_id, table_id, side, code, name, page, bbox, source, ocr in (
        LineItem.objects.filter(table__report=report)
        .order_by("table_id", "position")
        .values_list("id", "table_id", "side", "code", "name", "page", "bbox", "source", "ocr")
    ):
        row = {
            "side": side or None,
            "code": code,
            "name": name,
            "values": values.get(line_id, {}),
            "page": page,
            "bbox": bbox,
        }
        if source == "ocr":
            row.update(source="ocr", ocr=ocr)
        rows[table_id].append(row)
    return [
        {
            **_table_head(table),
            "columns": [{"key": key, "label": label} for _id, _table, key, label in columns.get(table.pk, [])],
            "rows": rows.get(table.pk, []),
        }
        for table in report.tables.all()
    ]


def _table_head(table: DisclosureTable) -> dict:
    """What the contract says of a table besides its columns and rows."""
    return {
        "type": table.type,
        "title": table.title,
        "printed_number": table.printed_number,
        "pages": table.pages,
        "unit": table.unit,
        "empty": table.empty,
    }


def _table_summaries(report: Report) -> list[dict]:
    """Each table with its id and number of rows, for a client to read its rows page by page."""
    columns: dict[int, list[dict]] = defaultdict(list)
    for table_id, key, label in (
        TableColumn.objects.filter(table__report=report)
        .order_by("table_id", "position")
        .values_list("table_id", "key", "label")
    ):
        columns[table_id].append({"key": key, "label": label})
    counts = dict(
        LineItem.objects.filter(table__report=report)
        .values("table_id")
        .annotate(n=Count("id"))
        .values_list("table_id", "n")
    )
    return [
        {
            "id": table.pk,
            **_table_head(table),
            "columns": columns.get(table.pk, []),
            "row_count": counts.get(table.pk, 0),
        }
        for table in report.tables.all()
    ]


def _performance(record: PerformanceRecord) -> dict:
    return {
        "kind": record.kind,
        "title": record.title,
        "overall": record.overall,
        "project": record.project,
        "budget": decimal_text(record.budget),
        "executed": decimal_text(record.executed),
        "execution_rate": decimal_text(record.execution_rate),
        "score": decimal_text(record.score),
        "goal": record.goal,
        "result": record.result,
        "deviation": record.deviation,
        "improvement": record.improvement,
        "pages": record.pages,
        "indicators": [
            {
                "level1": i.level1,
                "level2": i.level2,
                "name": i.name,
                "target": i.target_text,
                "target_value": decimal_text(i.target_value),
                "actual": i.actual_text,
                "actual_value": decimal_text(i.actual_value),
                "weight": decimal_text(i.weight),
                "score": decimal_text(i.score),
                "deviation": i.deviation,
                "page": i.page,
            }
            for i in record.indicators.all()
        ],
    }
