"""Every total the narrative states for the report's year (收支总计, 收入/支出合计, 财政拨款收入, 基本/项目支出)
against the table's, not only the first statement of each: one finding per wrong figure, naming every page."""

import re
from decimal import Decimal

from ..figures import is_total
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
    ("fiscal_appropriation_income", r"(?<!预算)(?<!基金)财政拨款收入(?:合计)?"),
    ("basic_expenditure", r"(?:(?<=年)|(?<=其中[:：])|(?<=[，,；;]))基本支出(?:预算)?"),
    ("project_expenditure", r"(?:(?<=年)|(?<=其中[:：])|(?<=[，,；;]))项目支出(?:预算)?"),
)
# The appropriations' own basic and project spending (the general budget table's total line), which a list
# "其中：基本支出…，项目支出…" under "一般公共预算财政拨款支出…" states.
APPROPRIATION_COLUMNS = {"basic_expenditure": "basic", "project_expenditure": "project"}
BUDGETED = re.compile(r"预算数|调整后|年初预算")
OF_APPROPRIATIONS = ("grand_total_expenditure", "general_budget_appropriation_income", "fiscal_appropriation_income")
TOTAL_RE = [(key, re.compile(f"(?:{words})" + AMOUNT)) for key, words in STATED_TOTALS]


@rule(
    "narrative_total_equals_table",
    needs=("pages", "tables", "figures", "metadata"),
    description="说明中每一处本年度的总额（收支总计、收入/支出合计、一般公共预算财政拨款收入）与表格一致",
    rounded=True,
)
def narrative_total_equals_table(evidence: Evidence) -> list[Check]:
    year = evidence.metadata.fiscal_year
    appropriations = _appropriation_figures(evidence)
    final = evidence.metadata.kind == "final"
    printed = _income_table_figures(evidence)
    checks = []
    previous = ""
    for sentence in narrative_sentences(evidence):
        text, opening = sentence.normalized, previous
        previous = text
        if not is_prose(sentence) or not _of_the_year(text, opening, year):
            continue
        for key, pattern in TOTAL_RE:
            table = evidence.figures.get(key)
            if table is None or table.source != "table":
                table = printed.get(key)
            if table is None:
                continue
            already = evidence.narrative.get(key)
            for match in pattern.finditer(text):
                if already is not None and already.page == sentence.page and already.quote in match.group(0):
                    continue  # the first statement, which narrative_equals_table compares
                if key not in OF_APPROPRIATIONS and _of_appropriations(text, match.start()):
                    continue
                if final and BUDGETED.search(re.split(r"[。；;]", text[: match.start()])[-1]):
                    continue  # "调整后收入预算数为5359.78万元，其中：财政拨款收入5359.78万元": a budget, not the final
                check = _compared(sentence.page, match, table, appropriations.get(key))
                if check is not None:
                    checks.append(check)
    return one_per_fact(checks)


def _of_the_year(text: str, previous: str, year: int | None) -> bool:
    """A sentence stating the report's year's figures: it names the year, or it is the "其中：…" list of a
    sentence that does; not one opening with the year compared with."""
    if re.search(r"20\d\d\s*年", text) and re.search(r"(?:与|比)\s*20\d\d|上年", text[:12]):
        return False
    if not year or re.search(rf"{year}\s*年", text):
        return True
    return bool(re.match(r"\s*其中", text)) and bool(re.search(rf"{year}\s*年", previous))


def _income_table_figures(evidence: Evidence) -> dict[str, KeyFigure]:
    """The 财政拨款收入 the income table totals (its 财政拨款 column on the 合计 line)."""
    table = next((t for t in evidence.tables if t.type == "income" and not t.empty), None)
    total = next((row for row in table.rows if is_total(row.name)), None) if table else None
    if total is None or total.values.get("fiscal_appropriation") is None:
        return {}
    value = total.values["fiscal_appropriation"]
    if table.unit == "元":
        value = value / Decimal(10000)
    key = "fiscal_appropriation_income"
    return {key: KeyFigure(key, value, "table", total.page, table.type)}


def _appropriation_figures(evidence: Evidence) -> dict[str, Decimal]:
    table = next((t for t in evidence.tables if t.type == "general_budget_expenditure" and not t.empty), None)
    total = next((row for row in table.rows if is_total(row.name)), None) if table else None
    if total is None:
        return {}
    return {key: total.values[column] for key, column in APPROPRIATION_COLUMNS.items() if column in total.values}


def _of_appropriations(text: str, position: int) -> bool:
    """ "一般公共预算财政拨款本年支出合计": the appropriations' total, not the report's."""
    return bool(re.search(r"拨款|一般公共预算|政府性基金", text[:position]))


def _compared(page: int, match: re.Match, table: KeyFigure, appropriation: Decimal | None = None) -> Check | None:
    said = Decimal(match["amount"].replace(",", ""))
    if said == rounded_like(table.value, said):
        return None
    if appropriation is not None and said == rounded_like(appropriation, said):
        return None  # the appropriations' own basic or project spending
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
