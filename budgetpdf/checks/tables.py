"""Identities within and between the tables: lines add up to their parents and totals, columns to their total,
the two sides of a summary balance, and a 类 has one total wherever it is printed."""

import re
from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal

from ..figures import is_total
from ..model import Check, Row, Table
from .registry import Evidence, rule

ZERO = Decimal("0")

ROW_CHECKED_TYPES = {
    "income",
    "expenditure",
    "general_budget_expenditure",
    "basic_expenditure_economic",
    "government_fund",
    "state_capital",
    "project_expenditure",
}
# Columns that note a part of another figure ("其中…", the procurement share) rather than add up to the total.
MEMO_COLUMN_RE = re.compile(r"(?:^|/)其中|政府采购|备注")


def _difference_message(subject: str, expected: Decimal, found: Decimal, unit: str) -> str:
    difference = abs(found - expected)
    return f"{subject}：按分项应为{expected}，表中为{found}，相差{difference}{unit}"


def _compare(table: Table, row: str, expected: Decimal, found: Decimal, page: int, subject: str) -> Check:
    status = "pass" if expected == found else "fail"
    message = subject if status == "pass" else _difference_message(subject, expected, found, table.unit)
    return Check(
        rule="", status=status, message=message, table=table.type, row=row, expected=expected, found=found, page=page
    )


def checked_tables(evidence: Evidence) -> Iterator[Table]:
    """Tables with data of a known type: an empty or unknown table has no identities to test."""
    return (table for table in evidence.tables if not table.empty and table.type != "other")


@rule(
    "parent_equals_sum_of_children",
    description="A coded line equals the sum of the lines one level under it.",
    rounded=True,
)
def parent_lines_equal_their_children(evidence: Evidence) -> Iterator[Check]:
    for table in checked_tables(evidence):
        yield from parent_equals_sum_of_children(table)


@rule("total_equals_sum_of_classes", description="The 合计 line equals the sum of the 类 lines.", rounded=True)
def total_lines_equal_their_classes(evidence: Evidence) -> Iterator[Check]:
    for table in checked_tables(evidence):
        yield from total_equals_sum_of_classes(table)


@rule(
    "row_total_equals_sum_of_parts",
    description="On every line, the total column equals the sum of its parts.",
    rounded=True,
)
def row_totals_equal_their_parts(evidence: Evidence) -> Iterator[Check]:
    for table in checked_tables(evidence):
        yield from row_total_equals_sum_of_parts(table)


@rule(
    "income_total_equals_expense_total",
    description="收入总计 equals 支出总计 in each two-sided summary table.",
    rounded=True,
)
def summary_sides_balance_rule(evidence: Evidence) -> list[Check]:
    return summary_sides_balance(evidence.tables)


@rule(
    "class_total_agrees_between_tables",
    description="A 类's total in the summary table equals its total in the expenditure table.",
    rounded=True,
)
def class_totals_agree_rule(evidence: Evidence) -> list[Check]:
    return class_totals_agree(evidence.tables)


def children_of(rows: list[Row], index: int) -> list[Row]:
    """The coded lines one level below the line at `index`, printed under it before its next sibling."""
    parent = rows[index].code
    children = []
    for row in rows[index + 1 :]:
        if not row.code:
            continue
        if not row.code.startswith(parent) or row.code == parent:
            break
        if len(row.code) == len(parent) + 2:
            children.append(row)
    return children


def parent_equals_sum_of_children(table: Table) -> list[Check]:
    """A coded line equals the sum of the lines printed under it one level down.

    Children are the coded lines that follow their parent, as printed; a table
    that repeats the codes for each of several units is read unit by unit.
    """
    checks = []
    for rows in _rows_by_side(table):
        for index, parent in enumerate(rows):
            if not parent.code:
                continue
            children = children_of(rows, index)
            if not children:
                continue
            checks.extend(
                _whole_equals_parts(
                    table,
                    parent.code,
                    parent,
                    children,
                    f"{table.title}“{parent.code} {parent.name}”应等于其下级科目之和",
                )
            )
    return checks


def total_equals_sum_of_classes(table: Table) -> list[Check]:
    """The 合计 line equals the sum of the 类 lines printed after it."""
    if table.type in ("income_expenditure_summary", "appropriation_summary"):
        return []
    checks = []
    for rows in _rows_by_side(table):
        for index, total in enumerate(rows):
            if not is_total(total.name):
                continue
            classes = _classes_after(rows[index + 1 :], total)
            checks.extend(
                _whole_equals_parts(
                    table,
                    total.name,
                    total,
                    classes,
                    f"{table.title}合计行应等于各类科目之和",
                )
            )
    return checks


def _classes_after(rows: list[Row], total: Row) -> list[Row]:
    """The 类 lines a 合计 line totals. A 类 printed again is read as the next unit's list, unless the total
    holds only with it: a 类 printed once per second classification (301 beside 501 and again beside 505)."""
    first_run: list[Row] | None = None
    every: list[Row] = []
    for row in rows:
        if is_total(row.name):
            break
        if row.level == 1:
            if first_run is None and row.code in {c.code for c in every}:
                first_run = list(every)
            every.append(row)
    if first_run is None or (not _sums_to(total, first_run) and _sums_to(total, every)):
        return every
    return first_run


def _sums_to(whole: Row, parts: list[Row]) -> bool:
    return all(sum((p.values.get(key, ZERO) for p in parts), ZERO) == found for key, found in whole.values.items())


def _rows_by_side(table: Table) -> list[list[Row]]:
    by_side: dict[str | None, list[Row]] = defaultdict(list)
    for row in table.rows:
        by_side[row.side].append(row)
    return list(by_side.values())


def _whole_equals_parts(table: Table, label: str, whole: Row, parts: list[Row], subject: str) -> list[Check]:
    """For each column the whole line prints, its value against the sum of the parts' values in that column."""
    checks = []
    for key, found in whole.values.items():
        values = [part.values[key] for part in parts if key in part.values]
        if values:
            checks.append(_compare(table, label, sum(values, ZERO), found, whole.page, subject))
    return checks


def row_total_equals_sum_of_parts(table: Table) -> list[Check]:
    """On every row, the total column equals the sum of the columns it divides into."""
    if table.type not in ROW_CHECKED_TYPES:
        return []
    checks = []
    for side, total_key, partitions in _partitions(table):
        for row in table.rows:
            if row.side != side or total_key not in row.values:
                continue
            for keys in partitions:
                parts = [row.values[k] for k in keys if k in row.values]
                if not parts:
                    continue
                label = row.code or row.name
                checks.append(
                    _compare(
                        table,
                        label,
                        sum(parts, ZERO),
                        row.values[total_key],
                        row.page,
                        f"{table.title}“{label}”行的合计应等于各列之和",
                    )
                )
    return checks


def _partitions(table: Table) -> list[tuple[str | None, str, list[list[str]]]]:
    """For each side: the total column and the groups of leaf columns that each add up to it.

    Header paths tell the structure: '基本支出/人员经费' and '基本支出/公用经费' are leaves under
    '基本支出'; two groups of two or more leaves under different headings ('按收入性质分',
    '按支出性质分') each add up to the total on their own.
    """
    used_keys: dict[str | None, set[str]] = defaultdict(set)
    for row in table.rows:
        used_keys[row.side].update(row.values)
    result = []
    for side, keys in used_keys.items():
        columns = [c for c in table.columns if c.key in keys]
        total = next((c for c in columns if c.key == "total"), None)
        if total is None:
            continue
        paths = {c.key: _node_path(c.label) for c in columns if c.key != "total" and not MEMO_COLUMN_RE.search(c.label)}
        prefix = total.label.split("/")[:-1]
        leaves = [
            key
            for key, path in paths.items()
            if path[: len(prefix)] == prefix
            and not any(other != key and len(p) > len(path) and p[: len(path)] == path for other, p in paths.items())
        ]
        groups: dict[str, list[str]] = defaultdict(list)
        for key in leaves:
            path = paths[key][len(prefix) :]
            groups[path[0] if len(path) > 1 else key].append(key)
        if len(groups) > 1 and all(len(g) > 1 for g in groups.values()):
            result.append((side, "total", list(groups.values())))
        elif leaves:
            result.append((side, "total", [leaves]))
    return result


def _node_path(label: str) -> list[str]:
    """'财政拨款/小计' is the node '财政拨款' whose children are its sibling columns."""
    path = label.split("/")
    return path[:-1] if len(path) > 1 and path[-1] in {"小计", "合计", "金额"} else path


def summary_sides_balance(tables: list[Table]) -> list[Check]:
    """收入总计 = 支出总计 in each two-sided summary table."""
    checks = []
    for table in tables:
        if table.type not in ("income_expenditure_summary", "appropriation_summary") or table.empty:
            continue
        totals = {
            side: next((r for r in table.rows if r.side == side and r.name.replace(" ", "").endswith("总计")), None)
            for side in ("income", "expense")
        }
        income, expense = totals["income"], totals["expense"]
        if income is None or expense is None or not income.values or not expense.values:
            continue
        found, expected = next(iter(expense.values.values())), next(iter(income.values.values()))
        checks.append(
            _compare(
                table,
                "总计",
                expected,
                found,
                expense.page,
                f"{table.title}收入总计应等于支出总计",
            )
        )
    return checks


def class_totals_agree(tables: list[Table]) -> list[Check]:
    """A 类's total in the summary table equals its total in the expenditure table."""
    checks = []
    pairs = [
        ("income_expenditure_summary", "expenditure", ("amount", "total")),
        ("appropriation_summary", "general_budget_expenditure", ("general_budget", "amount")),
    ]
    for summary_type, detail_type, summary_keys in pairs:
        summary = next((t for t in tables if t.type == summary_type and not t.empty), None)
        detail = next((t for t in tables if t.type == detail_type and not t.empty), None)
        if summary is None or detail is None or summary.unit != detail.unit:
            continue
        class_rows = [r for r in detail.rows if r.level == 1 and "total" in r.values]
        detail_classes = {r.code: r for r in class_rows}
        if len(detail_classes) < len(class_rows):
            continue  # codes repeated unit by unit: the department's own 类 totals are not printed once
        for row in summary.rows:
            key = next((k for k in summary_keys if k in row.values), None)
            if row.side != "expense" or row.code not in detail_classes or key is None:
                continue
            found = row.values[key]
            other = detail_classes[row.code]
            checks.append(
                Check(
                    rule="",
                    status="pass" if found == other.values["total"] else "fail",
                    message=(
                        f"“{row.name}”在{summary.title}中为{found}，在{detail.title}中为{other.values['total']}"
                        f"{summary.unit}"
                    ),
                    table=summary.type,
                    row=row.code,
                    expected=other.values["total"],
                    found=found,
                    page=row.page,
                )
            )
    return checks
