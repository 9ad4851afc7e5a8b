"""The narrative (情况说明) against the tables: a figure or a line's amount stated in words equals the table's."""

import re
from decimal import ROUND_HALF_UP, Decimal

from ..codes import function_class_code
from ..model import Check, KeyFigure, PageText, Row, Table
from ..numbers import parse_amount
from .registry import Evidence, rule

NARRATIVE_CHECKED = [
    "grand_total_expenditure",
    "grand_total_income",
    "total_income",
    "total_expenditure",
    "basic_expenditure",
    "project_expenditure",
    "personnel_expenditure",
    "public_expenditure",
    "other_income",
    "carryover_begin",
    "carryover_end",
]


@rule(
    "narrative_equals_table",
    needs=("figures", "narrative"),
    description="A key figure the narrative states equals the figure the tables print.",
    rounded=True,
)
def narrative_figures_equal_tables(evidence: Evidence) -> list[Check]:
    return narrative_matches_tables(evidence.figures, evidence.narrative)


@rule(
    "narrative_item_equals_table",
    needs=("tables", "pages"),
    description="A 类/款/项 amount the narrative states equals its line in the general budget expenditure table.",
    rounded=True,
)
def narrative_items_equal_tables(evidence: Evidence) -> list[Check]:
    return narrative_items_match_tables(evidence.pages, evidence.tables)


def _at_precision_of(value: Decimal, printed: Decimal) -> Decimal:
    """A table in 元 compared with a narrative that rounds to 万元: compare at the narrative's precision."""
    exponent = printed.as_tuple().exponent
    if not isinstance(exponent, int) or value.as_tuple().exponent >= exponent:
        return value
    return value.quantize(Decimal(1).scaleb(exponent), rounding=ROUND_HALF_UP)


def narrative_matches_tables(figures: dict[str, KeyFigure], narrative: dict[str, KeyFigure]) -> list[Check]:
    checks = []
    for key in NARRATIVE_CHECKED:
        said, table_figure = narrative.get(key), figures.get(key)
        if said is None or table_figure is None or table_figure.source != "table":
            continue
        table_value = _at_precision_of(table_figure.value, said.value)
        status = "pass" if said.value == table_value else "fail"
        message = f"说明中的“{said.quote[:40]}”与表格一致"
        if status == "fail":
            message = (
                f"说明第{said.page}页写为{said.value}万元，表格（第{table_figure.page}页）为{table_figure.value}万元，"
                f"相差{abs(said.value - table_figure.value)}万元"
            )
        checks.append(
            Check(
                rule="",
                status=status,
                message=message,
                table=table_figure.table,
                row=key,
                expected=table_figure.value,
                found=said.value,
                page=said.page,
            )
        )
    return checks


_ITEM_NAME = r"(?:[\u4e00-\u9fff、]|[（(](?![类款项][)）])[\u4e00-\u9fff]{1,4}[)）])+?"
NARRATIVE_ITEM_RE = re.compile(
    rf"(?P<cls>{_ITEM_NAME})[（(]类[)）](?:(?P<kuan>{_ITEM_NAME})[（(]款[)）])?"
    rf"(?:(?P<xiang>{_ITEM_NAME})[（(]项[)）])?[。.，,]?[^。]{{0,60}}?支出决算(?:数)?为(?P<amount>[\d,]+(?:\.\d+)?)万元"
)


def narrative_items_match_tables(pages: list[PageText], tables: list[Table]) -> list[Check]:
    """'住房保障支出(类)住房改革支出(款)提租补贴(项)。…支出决算为29.73万元' against the table's line."""
    detail = next(
        (t for t in tables if t.type == "general_budget_expenditure" and not t.empty and t.unit in ("万元", "")),
        None,
    )
    if detail is None:
        return []
    checks = []
    for page_text in pages:
        page, flat = page_text.number, re.sub(r"\s+", "", page_text.text)
        for match in NARRATIVE_ITEM_RE.finditer(flat):
            said = parse_amount(match.group("amount"))
            row = _narrative_row(
                detail, function_class_code(match.group("cls")), match.group("kuan"), match.group("xiang")
            )
            if said is None or row is None or "total" not in row.values:
                continue
            found = row.values["total"]
            name = match.group("xiang") or match.group("kuan") or match.group("cls")
            status = "pass" if said == found else "fail"
            message = f"说明中“{name}”支出决算为{said}万元，与{detail.title}一致"
            if status == "fail":
                message = (
                    f"说明第{page}页写“{name}”支出决算为{said}万元，{detail.title}（第{row.page}页）为"
                    f"{found}万元，相差{abs(said - found)}万元"
                )
            checks.append(
                Check(
                    rule="",
                    status=status,
                    message=message,
                    table=detail.type,
                    row=row.code or name,
                    expected=found,
                    found=said,
                    page=page,
                )
            )
    return checks


def _narrative_row(table: Table, class_code: str, kuan: str | None, xiang: str | None) -> Row | None:
    if not class_code:
        return None
    rows = [r for r in table.rows if r.code.startswith(class_code)]
    if not kuan:
        return next((r for r in rows if r.code == class_code), None)
    kuan_row = next((r for r in rows if r.level == 2 and _same_name(r.name, kuan)), None)
    if kuan_row is None:
        return None
    if not xiang:
        return kuan_row
    return next(
        (r for r in rows if r.level == 3 and r.code.startswith(kuan_row.code) and _same_name(r.name, xiang)), None
    )


def _same_name(printed: str, said: str) -> bool:
    def bare(text: str) -> str:
        return text.replace("（", "(").replace("）", ")").replace(" ", "")

    return bare(printed) == bare(said)
