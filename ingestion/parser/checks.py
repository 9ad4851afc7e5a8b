"""The identities a disclosure must satisfy (勾稽关系). Failures are reported, never repaired."""

from collections import defaultdict
from decimal import Decimal

from .figures import _is_total
from .model import Check, KeyFigure, Table

TOLERANCE = Decimal("0")


def run_all(tables: list[Table], figures: dict[str, KeyFigure], narrative: dict[str, KeyFigure]) -> list[Check]:
    checks: list[Check] = []
    for table in tables:
        if table.empty or table.type == "other":
            continue
        checks.extend(parent_equals_sum_of_children(table))
        checks.extend(total_equals_sum_of_classes(table))
    checks.extend(narrative_matches_tables(figures, narrative))
    return checks


def parent_equals_sum_of_children(table: Table) -> list[Check]:
    checks = []
    by_side: dict[str | None, list] = defaultdict(list)
    for row in table.rows:
        if row.code:
            by_side[row.side].append(row)
    for rows in by_side.values():
        for parent in rows:
            children = [
                r
                for r in rows
                if r.code != parent.code and r.code.startswith(parent.code) and len(r.code) == len(parent.code) + 2
            ]
            if not children:
                continue
            for key, found in parent.values.items():
                parts = [child.values[key] for child in children if key in child.values]
                if not parts:
                    continue
                expected = sum(parts, Decimal("0"))
                checks.append(
                    _compare(
                        "parent_equals_sum_of_children",
                        table,
                        parent.code,
                        expected,
                        found,
                        parent.page,
                        f"{table.title}中{parent.code} {parent.name}（{key}）应等于下级科目之和",
                    )
                )
    return checks


def total_equals_sum_of_classes(table: Table) -> list[Check]:
    total = next((r for r in table.rows if _is_total(r.name) and r.side is None), None)
    classes = [r for r in table.rows if r.level == 1 and r.side is None]
    if total is None or not classes:
        return []
    checks = []
    for key, found in total.values.items():
        parts = [r.values[key] for r in classes if key in r.values]
        if parts:
            checks.append(
                _compare(
                    "total_equals_sum_of_classes",
                    table,
                    total.name,
                    sum(parts, Decimal("0")),
                    found,
                    total.page,
                    f"{table.title}合计行（{key}）应等于各类之和",
                )
            )
    return checks


def narrative_matches_tables(figures: dict[str, KeyFigure], narrative: dict[str, KeyFigure]) -> list[Check]:
    checks = []
    for key, said in narrative.items():
        table_figure = figures.get(key)
        if table_figure is None or table_figure.source != "table":
            continue
        checks.append(
            Check(
                rule="narrative_equals_table",
                status="pass" if said.value == table_figure.value else "fail",
                message=f"说明中的{key}应与表格一致",
                table=table_figure.table,
                row=key,
                expected=table_figure.value,
                found=said.value,
                page=said.page,
            )
        )
    return checks


def _compare(rule, table, row, expected, found, page, message) -> Check:
    difference = found - expected
    status = "pass" if abs(difference) <= TOLERANCE else "fail"
    if status == "fail":
        message = f"{message}：应为{expected}，实为{found}，相差{abs(difference)}{table.unit}"
    return Check(
        rule=rule, status=status, message=message, table=table.type, row=row, expected=expected, found=found, page=page
    )
