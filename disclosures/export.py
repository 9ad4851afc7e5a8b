"""A stored report as the export JSON (disclosure-report/1), read in a bounded number of queries."""

from decimal import Decimal

from django.db.models import Prefetch

from .models import DisclosureTable, LineItem, PerformanceRecord, Report

SCHEMA = "disclosure-report/1"


def report_to_contract(report: Report) -> dict:
    report = (
        Report.objects.select_related("department__jurisdiction", "fiscal_year")
        .prefetch_related(
            Prefetch(
                "tables",
                queryset=DisclosureTable.objects.prefetch_related(
                    "columns",
                    Prefetch("rows", queryset=LineItem.objects.prefetch_related("values__column")),
                ),
            ),
            "key_figures",
            Prefetch("performance_records", queryset=PerformanceRecord.objects.prefetch_related("indicators")),
            "checks",
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
        },
        "jurisdiction": report.jurisdiction_printed or report.department.jurisdiction.name,
        "department": report.department_printed or report.department.name,
        "scope": report.scope,
        "fiscal_year": report.fiscal_year.year,
        "kind": report.kind,
        "status": report.status,
        "version": report.version,
        "tables": [_table(table) for table in report.tables.all()],
        "key_figures": {
            figure.key: {
                "value": _decimal(figure.value),
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
                "table": c.table_type,
                "row": c.row,
                "expected": _decimal(c.expected),
                "found": _decimal(c.found),
                "message": c.message,
                "page": c.page,
            }
            for c in report.checks.all()
        ],
    }


def _decimal(value: Decimal | None) -> str | None:
    """Stored with four places; exported without the padding the column adds."""
    if value is None:
        return None
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _table(table: DisclosureTable) -> dict:
    return {
        "type": table.type,
        "title": table.title,
        "printed_number": table.printed_number,
        "pages": table.pages,
        "unit": table.unit,
        "empty": table.empty,
        "columns": [{"key": c.key, "label": c.label} for c in table.columns.all()],
        "rows": [
            {
                "side": row.side or None,
                "code": row.code,
                "name": row.name,
                "values": {v.column.key: _from_printed(v.printed, v.amount) for v in row.values.all()},
                "page": row.page,
                "bbox": row.bbox,
            }
            for row in table.rows.all()
        ],
    }


def _from_printed(printed: str, amount: Decimal) -> str:
    """The exact decimal string as printed (thousands separators removed)."""
    text = printed.replace(",", "")
    try:
        if Decimal(text) == amount:
            return text
    except ArithmeticError:
        pass
    return _decimal(amount)


def _performance(record: PerformanceRecord) -> dict:
    return {
        "kind": record.kind,
        "title": record.title,
        "overall": record.overall,
        "project": record.project,
        "budget": _decimal(record.budget),
        "executed": _decimal(record.executed),
        "execution_rate": _decimal(record.execution_rate),
        "score": _decimal(record.score),
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
                "target_value": _decimal(i.target_value),
                "actual": i.actual_text,
                "actual_value": _decimal(i.actual_value),
                "weight": _decimal(i.weight),
                "score": _decimal(i.score),
                "deviation": i.deviation,
                "page": i.page,
            }
            for i in record.indicators.all()
        ],
    }
