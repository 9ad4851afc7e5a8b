"""Key figures: what the narrative (情况说明) states and what the tables total, with their pages.

Amounts are in 万元 as printed; a table printed in 元 is converted only here,
for comparison, and the figure records that it was derived.
"""

import re
from decimal import Decimal

from . import numbers
from .model import KeyFigure, PageText, Table

AMOUNT = r"([\d,，]+(?:\.\d+)?)万元"
CHANGE = r"(增加|减少|增长|下降)([\d,]+(?:\.\d+)?)万元"

# (id, pattern); the first group is the value. Searched in the text with all white space removed.
NARRATIVE_PATTERNS: list[tuple[str, str, str]] = [
    ("grand_total_expenditure", r"收、?支(?:预算|决算)?总计(?:各)?为?" + AMOUNT, "万元"),
    ("grand_total_income", r"收、?支(?:预算|决算)?总计(?:各)?为?" + AMOUNT, "万元"),
    ("total_income", r"(?:本年)?收入(?:预算)?合计为?" + AMOUNT, "万元"),
    # "纳入政府采购预算支出合计1122.31万元" is the procurement total, not the spending total
    ("total_expenditure", r"(?<!采购预算)(?<!采购)(?:本年)?支出(?:预算)?合计为?" + AMOUNT, "万元"),
    ("general_budget_appropriation_income", r"一般公共预算财政拨款收入为?" + AMOUNT, "万元"),
    ("fiscal_appropriation_income", r"(?<!一般公共预算)财政拨款收入为?" + AMOUNT, "万元"),
    ("other_income", r"其他收入为?" + AMOUNT, "万元"),
    ("carryover_begin", r"年初结转和结余为?" + AMOUNT, "万元"),
    ("carryover_end", r"年末结转和结余为?" + AMOUNT, "万元"),
    ("basic_expenditure", r"支出(?:预算|决算)?(?:合计|总计|总额)[^。；]{0,40}?基本支出(?:预算)?为?" + AMOUNT, "万元"),
    ("project_expenditure", r"支出(?:预算|决算)?(?:合计|总计|总额)[^。；]{0,80}?项目支出(?:预算)?为?" + AMOUNT, "万元"),
    ("personnel_expenditure", r"基本支出[^。；]{0,40}?人员经费(?:支出)?为?" + AMOUNT, "万元"),
    ("public_expenditure", r"基本支出[^。]{0,400}?公用经费(?:支出)?为?" + AMOUNT, "万元"),
    ("three_public_budget", r"“?三公”?经费(?:财政拨款)?(?:年初)?预算(?:数)?为?" + AMOUNT, "万元"),
    (
        "three_public_actual",
        r"“?三公”?经费(?:财政拨款)?(?:年初)?预算(?:数)?为?[\d,.]+万元，?支出决算(?:数)?为?" + AMOUNT,
        "万元",
    ),
    # The 年初预算 of the department's general-budget appropriation spending; the same words in the “三公”
    # paragraph give the budget of 三公 spending only, which is three_public_budget.
    ("initial_budget", r"一般公共预算财政拨款支出(?:决算)?[^。；“”]{0,12}?年初预算(?:数)?为" + AMOUNT, "万元"),
    ("government_procurement_total", r"政府采购(?:支出|预算)?总额(?:为)?" + AMOUNT, "万元"),
    ("staff_actual", r"在职实有(?:人数)?(\d+)人", "人"),
    ("staff_authorized", r"(?:核定)?编制(?:人数|数)?(?:为)?(\d+)(?:人|名)", "人"),
    ("retirees", r"离退休人员(\d+)人", "人"),
]
PRIOR_YEAR_RE = re.compile(r"与(20\d{2})年度?(?:预算|决算)?相比[,，]?收、?支(?:预算|决算)?总计各?" + CHANGE)

SUMMARY_ROWS: list[tuple[str, str, re.Pattern]] = [
    ("total_income", "income", re.compile(r"^本年收入(?:合计|小计)$|^收入合计$")),
    ("total_expenditure", "expense", re.compile(r"^本年支出(?:合计|小计)$|^支出合计$")),
    ("grand_total_income", "income", re.compile(r"^(?:收入)?总计$")),
    ("grand_total_expenditure", "expense", re.compile(r"^(?:支出)?总计$")),
    ("carryover_begin", "income", re.compile(r"年初结转和结余$|上年结转")),
    ("carryover_end", "expense", re.compile(r"年末结转和结余$")),
    ("other_income", "income", re.compile(r"其他收入$")),
    ("general_budget_appropriation_income", "income", re.compile(r"一般公共预算(?:财政)?拨款(?:收入)?$")),
]
TOTAL_NAMES = {"合计", "总计", "本年支出合计", "本年收入合计", "支出合计", "收入合计", "合 计"}


def is_total(name: str) -> bool:
    return name.replace(" ", "") in TOTAL_NAMES


def from_narrative(pages: list[PageText]) -> dict[str, KeyFigure]:
    """Figures the narrative states, each with its page and the words quoted; the first statement of each wins."""
    figures: dict[str, KeyFigure] = {}
    for page in pages:
        page_number, flat = page.number, re.sub(r"\s+", "", page.text)
        for key, pattern, unit in NARRATIVE_PATTERNS:
            if key in figures:
                continue
            match = re.search(pattern, flat)
            value = numbers.parse_amount(match.group(1).replace("，", ",")) if match else None
            if value is not None:
                figures[key] = KeyFigure(
                    key=key, value=value, source="narrative", page=page_number, quote=match.group(0)[:200], unit=unit
                )
        if "prior_year_total" not in figures and "grand_total_expenditure" in figures:
            match = PRIOR_YEAR_RE.search(flat)
            if match:
                change = numbers.parse_amount(match.group(3))
                sign = Decimal(-1) if match.group(2) in ("减少", "下降") else Decimal(1)
                if change is not None:
                    figures["prior_year_change"] = KeyFigure(
                        key="prior_year_change",
                        value=sign * change,
                        source="narrative",
                        page=page_number,
                        quote=match.group(0)[:200],
                    )
                    figures["prior_year_total"] = KeyFigure(
                        key="prior_year_total",
                        value=figures["grand_total_expenditure"].value - sign * change,
                        source="narrative",
                        page=page_number,
                        quote=match.group(0)[:200],
                    )
    return figures


class _TableFigures:
    """Figures read from the tables; the first table to print a figure gives it."""

    def __init__(self) -> None:
        self.figures: dict[str, KeyFigure] = {}

    def put(self, key: str, value: Decimal | None, table: Table, page: int) -> None:
        if value is None or key in self.figures:
            return
        self.figures[key] = KeyFigure(
            key=key, value=_in_wan(value, table.unit), source="table", table=table.type, page=page
        )


def from_tables(tables: list[Table]) -> dict[str, KeyFigure]:
    """Figures the tables print or total, in 万元."""
    found = _TableFigures()
    for table in _of_type(tables, "income_expenditure_summary"):
        _summary_figures(found, table)
    for table in _of_type(tables, "expenditure", "general_budget_expenditure"):
        _expenditure_figures(found, table)
    for table in _of_type(tables, "basic_expenditure_economic"):
        _basic_expenditure_figures(found, table)
    for table in _of_type(tables, "income"):
        total = next((r for r in table.rows if is_total(r.name)), None)
        if total is not None:
            found.put("total_income", total.values.get("total"), table, total.page)
    return found.figures


def _summary_figures(found: _TableFigures, table: Table) -> None:
    for row in table.rows:
        name = row.name.replace(" ", "")
        for key, side, pattern in SUMMARY_ROWS:
            if row.side == side and pattern.search(name) and row.values:
                found.put(key, next(iter(row.values.values())), table, row.page)


def _expenditure_figures(found: _TableFigures, table: Table) -> None:
    total = next((r for r in table.rows if is_total(r.name)), None)
    if total is not None:
        found.put("total_expenditure", total.values.get("total"), table, total.page)
        found.put("basic_expenditure", total.values.get("basic"), table, total.page)
        found.put("project_expenditure", total.values.get("project"), table, total.page)
    for row in table.rows:
        if row.level == 1 and row.side is None:
            found.put(f"function_{row.code}", row.values.get("total"), table, row.page)


def _basic_expenditure_figures(found: _TableFigures, table: Table) -> None:
    for row in table.rows:
        name = row.name.replace(" ", "")
        if name.startswith("人员经费合计") or name == "人员经费":
            found.put("personnel_expenditure", _single(row), table, row.page)
        elif name.startswith("公用经费合计") or name == "公用经费":
            found.put("public_expenditure", _single(row), table, row.page)
    total = next((r for r in table.rows if is_total(r.name) and r.side is None), None)
    if total is not None:
        found.put("personnel_expenditure", total.values.get("personnel"), table, total.page)
        found.put("public_expenditure", total.values.get("public"), table, total.page)


def _of_type(tables: list[Table], *types: str) -> list[Table]:
    return [t for t in tables if t.type in types and not t.empty]


def _single(row) -> Decimal | None:
    return next(iter(row.values.values()), None) if row.values else None


def _in_wan(value: Decimal, unit: str) -> Decimal:
    return value / Decimal(10000) if unit == "元" else value


def merge(table_figures: dict[str, KeyFigure], narrative: dict[str, KeyFigure]) -> dict[str, KeyFigure]:
    """Tables win where both state a figure: a narrative that disagrees is reported by a check."""
    merged = dict(narrative)
    merged.update(table_figures)
    return merged
