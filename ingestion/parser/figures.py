"""Key figures stated in the narrative (情况说明), with the page they are on."""

import re

from . import numbers
from .model import KeyFigure, Table

AMOUNT = r"([\d,]+(?:\.\d+)?)\s*万元"
NARRATIVE_PATTERNS: list[tuple[str, str, str]] = [
    ("grand_total_expenditure", r"收、?支(?:预算)?总计\s*" + AMOUNT, "万元"),
    ("total_income", r"本?年?收入合计\s*" + AMOUNT, "万元"),
    ("total_expenditure", r"本?年?支出合计\s*" + AMOUNT, "万元"),
    ("fiscal_appropriation_income", r"其中[:：]\s*财政拨款收入\s*" + AMOUNT, "万元"),
    ("other_income", r"其他收入\s*" + AMOUNT, "万元"),
    ("basic_expenditure", r"基本支出\s*" + AMOUNT, "万元"),
    ("project_expenditure", r"项目支出\s*" + AMOUNT, "万元"),
    ("personnel_expenditure", r"人员经费\s*" + AMOUNT, "万元"),
    ("public_expenditure", r"公用经费\s*" + AMOUNT, "万元"),
    ("government_procurement_total", r"政府采购支出总额\s*" + AMOUNT, "万元"),
    ("staff_actual", r"在职实有人数\s*(\d+)\s*人", "人"),
    ("staff_authorized", r"编制(?:人数|数)\s*(\d+)\s*(?:人|名)", "人"),
    ("retirees", r"离退休人员\s*(\d+)\s*人", "人"),
]
TABLE_TOTALS: list[tuple[str, str, str]] = [
    ("total_expenditure", "expenditure", "total"),
    ("basic_expenditure", "expenditure", "basic"),
    ("project_expenditure", "expenditure", "project"),
    ("total_income", "income", "total"),
]


def from_narrative(pages: list[tuple[int, str]]) -> dict[str, KeyFigure]:
    figures: dict[str, KeyFigure] = {}
    for page_number, text in pages:
        flat = re.sub(r"\s+", "", text)
        for key, pattern, unit in NARRATIVE_PATTERNS:
            if key in figures:
                continue
            match = re.search(pattern.replace(r"\s*", ""), flat)
            if match:
                value = numbers.parse_amount(match.group(1))
                if value is not None:
                    figures[key] = KeyFigure(
                        key=key,
                        value=value,
                        source="narrative",
                        page=page_number,
                        quote=match.group(0)[:200],
                        unit=unit,
                    )
    return figures


def from_tables(tables: list[Table]) -> dict[str, KeyFigure]:
    figures: dict[str, KeyFigure] = {}
    for key, table_type, column in TABLE_TOTALS:
        table = next((t for t in tables if t.type == table_type and t.unit in ("万元", "")), None)
        if table is None:
            continue
        total = next((r for r in table.rows if _is_total(r.name) and column in r.values), None)
        if total is not None:
            figures[key] = KeyFigure(
                key=key,
                value=total.values[column],
                source="table",
                table=table_type,
                page=total.page,
            )
    for table in tables:
        if table.type == "expenditure" and table.unit in ("万元", ""):
            for row in table.rows:
                if row.level == 1 and "total" in row.values:
                    figures.setdefault(
                        f"function_{row.code}",
                        KeyFigure(
                            key=f"function_{row.code}",
                            value=row.values["total"],
                            source="table",
                            table=table.type,
                            page=row.page,
                        ),
                    )
    return figures


def _is_total(name: str) -> bool:
    return name.replace(" ", "") in {"合计", "总计", "本年支出合计", "本年收入合计", "支出合计", "收入合计"}


def merge(table_figures: dict[str, KeyFigure], narrative: dict[str, KeyFigure]) -> dict[str, KeyFigure]:
    """Tables win: a narrative figure that disagrees is a check, not a replacement."""
    merged = dict(narrative)
    merged.update(table_figures)
    return merged
