"""Every total the narrative states for the report's year (收支总计, 收入/支出合计, 财政拨款收入, 基本/项目支出)
against the table's, not only the first statement of each: one finding per wrong figure, naming every page."""

import re
from decimal import Decimal

from ..model import Check, KeyFigure
from .percentages import one_per_fact
from .reading import is_prose, narrative_sentences, rounded_like
from .registry import Evidence, rule

AMOUNT = r"\s*(?:为|各为|各)?\s*(?P<amount>\d[\d,]*(?:\.\d+)?)\s*万元"
# (figure, what the sentence says before the amount); "政府采购…支出合计" and "项目支出…占" are other figures.
STATED_TOTALS = (
    ("grand_total_expenditure", r"(?<!拨款)收、?支(?:预算|决算)?总计|部门收支总预算"),
    ("total_income", r"(?<!采购)本?年?收入(?:预算)?合计"),
    ("total_expenditure", r"(?<!采购预算)(?<!采购)本?年?支出(?:预算)?合计"),
    ("general_budget_appropriation_income", r"一般公共预算财政拨款收入"),
    ("basic_expenditure", r"(?<=年)基本支出(?:预算)?"),
    ("project_expenditure", r"(?<=年)项目支出(?:预算)?"),
)
TOTAL_RE = [(key, re.compile(f"(?:{words})" + AMOUNT)) for key, words in STATED_TOTALS]


@rule(
    "narrative_total_equals_table",
    needs=("pages", "tables", "figures", "metadata"),
    description="说明中每一处本年度的总额（收支总计、收入/支出合计、一般公共预算财政拨款收入）与表格一致",
    rounded=True,
)
def narrative_total_equals_table(evidence: Evidence) -> list[Check]:
    year = evidence.metadata.fiscal_year
    checks = []
    for sentence in narrative_sentences(evidence):
        text = sentence.normalized
        if not is_prose(sentence) or (year and not re.search(rf"{year}\s*年", text)):
            continue
        if re.search(r"20\d\d\s*年", text) and re.search(r"(?:与|比)\s*20\d\d|上年", text[:12]):
            continue  # a sentence opening with the year compared with states that year's figures
        for key, pattern in TOTAL_RE:
            table = evidence.figures.get(key)
            if table is None or table.source != "table":
                continue
            already = evidence.narrative.get(key)
            for match in pattern.finditer(text):
                if already is not None and already.page == sentence.page and already.quote in match.group(0):
                    continue  # the first statement, which narrative_equals_table compares
                if key not in ("grand_total_expenditure", "general_budget_appropriation_income") and _of_appropriations(
                    text, match.start()
                ):
                    continue
                check = _compared(sentence.page, match, table)
                if check is not None:
                    checks.append(check)
    return one_per_fact(checks)


def _of_appropriations(text: str, position: int) -> bool:
    """ "一般公共预算财政拨款本年支出合计": the appropriations' total, not the report's."""
    return bool(re.search(r"拨款|一般公共预算|政府性基金", text[:position]))


def _compared(page: int, match: re.Match, table: KeyFigure) -> Check | None:
    said = Decimal(match["amount"].replace(",", ""))
    printed = rounded_like(table.value, said)
    if said == printed:
        return None
    return Check(
        rule="",
        status="fail",
        message=(
            f"说明第{page}页“{match.group(0)}”，表格（第{table.page}页）为{table.value}万元，"
            f"相差{abs(said - table.value)}万元"
        ),
        table=table.table,
        row=table.key,
        expected=table.value,
        found=said,
        page=page,
    )
