"""The standard tables a report lists in its own table of contents are printed, and an empty one says so."""

import re

from ..model import STANDARD_TABLES, Check, Table, TableType
from ..tables import classify
from .reading import table_pages
from .registry import Evidence, rule

STANDARD = {*STANDARD_TABLES, TableType.PROJECT_EXPENDITURE}
# The tables every 部门决算 prints; budgets' sets differ by province, so for them only their contents count.
REQUIRED_IN_FINAL = {
    TableType(name): label
    for name, label in (
        ("income_expenditure_summary", "收入支出决算总表"),
        ("income", "收入决算表"),
        ("expenditure", "支出决算表"),
        ("appropriation_summary", "财政拨款收入支出决算总表"),
        ("general_budget_expenditure", "一般公共预算财政拨款支出决算表"),
        ("basic_expenditure_economic", "一般公共预算财政拨款基本支出决算明细表"),
        ("government_fund", "政府性基金预算财政拨款收入支出决算表"),
        ("state_capital", "国有资本经营预算财政拨款支出决算表"),
        ("three_public", "财政拨款“三公”经费支出决算表"),
    )
}
CONTENTS_ENTRY = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|\d+[、.．])\s*(?P<title>\S.{2,40}表)\s*$")
EMPTY_NOTE = re.compile(r"本表无数据|无数据|本表为空|没有.{0,20}(?:收支|收入|支出|经费|数据)|无.{0,12}(?:收支|支出)")


@rule(
    "standard_tables_present",
    needs=("pages", "tables"),
    description="目录所列的标准表均已公开；无数据的表注明“本表无数据”",
)
def standard_tables_present(evidence: Evidence) -> list[Check]:
    present = {table.type for table in evidence.tables}
    checks = []
    listed = _contents(evidence)
    for kind, title, page in listed:
        if kind not in present:
            checks.append(
                Check(
                    rule="",
                    status="fail",
                    message=f"第{page}页目录列有“{title}”，报告中没有这张表",
                    table=kind,
                    page=page,
                )
            )
    if not listed and evidence.metadata.kind == "final" and evidence.tables:
        checks += [_required_missing(kind, label) for kind, label in REQUIRED_IN_FINAL.items() if kind not in present]
    pages = {page.number: page.text for page in evidence.pages}
    checks += [
        _unmarked_empty(table, _said_elsewhere(table, evidence))
        for table in evidence.tables
        if _empty_without_note(table, pages)
    ]
    return checks


# The fund an empty table is about, as the rest of the report names it.
FUND_WORDS = {
    TableType.GOVERNMENT_FUND: "政府性基金",
    TableType.STATE_CAPITAL: "国有资本经营",
    TableType.THREE_PUBLIC: "三公",
}
NOTHING = r"(?:为\s*0(?:\.0+)?(?![\d.])|为零|(?<![\d.])0(?:\.0+)?\s*万?元|空表|不涉及|无数据|无收支|无支出|无收入)"
SUMMARIES = ("income_expenditure_summary", "appropriation_summary")


def _said_elsewhere(table: Table, evidence: Evidence) -> bool:
    """The report says elsewhere that the table's fund has nothing: "本部门无当年政府性基金预算收支，并已公开空表",
    "政府性基金拨款支出预算为0", a contents marking it 空表/不涉及, or a summary table printing its line blank."""
    fund = FUND_WORDS.get(table.type)
    if fund is None:
        return False
    said = re.compile(rf"(?:无|没有|未安排)[^。；;]{{0,12}}{fund}|{fund}[^。；;]{{0,30}}?{NOTHING}")
    if any(said.search(re.sub(r"\s", "", page.text)) for page in evidence.pages if page.number not in table.pages):
        return True
    lines = [
        row for summary in evidence.tables if summary.type in SUMMARIES for row in summary.rows if fund in row.name
    ]
    return bool(lines) and not any(value for row in lines for value in row.values.values())


def _contents(evidence: Evidence) -> list[tuple[str, str, int]]:
    """The standard tables the table of contents lists: on the pages before the first table."""
    printed = table_pages(evidence.tables)
    if not printed:
        return []
    first_table = min(printed)
    listed: dict[str, tuple[str, str, int]] = {}
    for page in evidence.pages:
        if page.number >= first_table:
            break
        for line in page.text.splitlines():
            entry = CONTENTS_ENTRY.match(line)
            kind = classify(entry["title"]) if entry else TableType.OTHER
            if kind in STANDARD and kind not in listed:
                listed[kind] = (kind, entry["title"], page.number)
    return list(listed.values())


def _empty_without_note(table: Table, pages: dict[int, str]) -> bool:
    if table.type not in STANDARD or table.empty or table.rows:
        return False
    return not any(EMPTY_NOTE.search(pages.get(page, "")) for page in table.pages)


def _unmarked_empty(table: Table, said_elsewhere: bool) -> Check:
    """An error when nothing in the report says the table is empty on purpose; a note when the rest of the report
    says its fund has nothing (the reader is told, only not on the table)."""
    told = "，报告其他部分说明该项无数据" if said_elsewhere else ""
    return Check(
        rule="",
        status="fail",
        message=f"“{table.title}”（第{table.pages[0]}页）没有数据，也没有“本表无数据”的说明{told}",
        table=table.type,
        page=table.pages[0],
        severity="note" if said_elsewhere else "error",
    )


def _required_missing(kind: str, label: str) -> Check:
    return Check(
        rule="",
        status="fail",
        message=f"部门决算应公开“{label}”，报告中没有这张表",
        table=kind,
    )
