"""The report export JSON (disclosure-report/1) from a ParsedReport."""

from decimal import Decimal

from .model import ParsedReport

SCHEMA = "disclosure-report/1"


def _amount(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def to_contract(report: ParsedReport) -> dict:
    return {
        "schema": SCHEMA,
        "source": {
            "filename": report.source.filename,
            "sha256": report.source.sha256,
            "pages": report.source.pages,
            "text_pages": report.source.text_pages,
            "ocr_pages": report.source.ocr_pages,
        },
        "jurisdiction": report.jurisdiction,
        "department": report.department,
        "scope": report.scope,
        "fiscal_year": report.fiscal_year,
        "kind": report.kind,
        "unknown": report.unknown,
        "tables": [
            {
                "type": table.type,
                "title": table.title,
                "printed_number": table.printed_number,
                "pages": table.pages,
                "unit": table.unit,
                "empty": table.empty,
                "columns": [{"key": c.key, "label": c.label} for c in table.columns],
                "rows": [
                    {
                        "side": row.side,
                        "code": row.code,
                        "name": row.name,
                        "values": {k: _amount(v) for k, v in row.values.items()},
                        "page": row.page,
                        "bbox": list(row.bbox) if row.bbox else None,
                    }
                    for row in table.rows
                ],
            }
            for table in report.tables
        ],
        "key_figures": {
            key: {
                "value": _amount(figure.value),
                "source": figure.source,
                **({"table": figure.table} if figure.table else {}),
                "page": figure.page,
            }
            for key, figure in report.key_figures.items()
        },
        "performance": [
            {
                "kind": record.kind,
                "title": record.title,
                "overall": record.overall,
                "project": record.project,
                "budget": _amount(record.budget),
                "executed": _amount(record.executed),
                "execution_rate": _amount(record.execution_rate),
                "score": _amount(record.score),
                "pages": record.pages,
                "indicators": [
                    {
                        "level1": i.level1,
                        "level2": i.level2,
                        "name": i.name,
                        "target": i.target_text,
                        "target_value": _amount(i.target_value),
                        "actual": i.actual_text,
                        "actual_value": _amount(i.actual_value),
                        "weight": _amount(i.weight),
                        "score": _amount(i.score),
                        "page": i.page,
                    }
                    for i in record.indicators
                ],
            }
            for record in report.performance
        ],
        "checks": [
            {
                "rule": c.rule,
                "status": c.status,
                "table": c.table,
                "row": c.row,
                "expected": _amount(c.expected),
                "found": _amount(c.found),
                "message": c.message,
                "page": c.page,
            }
            for c in report.checks
        ],
    }
