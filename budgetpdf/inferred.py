"""Codes for lines printed by name only (Hangzhou's indented function lines, Guangzhou's and Shenzhen's economic
classes): the name is looked up in the classification of the report's year, and the code is taken only when
exactly one code carries that name as a 类 or directly under a line read above it (after a line
that has no code, only under the 类 above it). The name stays as printed;
the row is marked `code_inferred`.
"""

from . import reference
from .model import Row, Table, TableType
from .tables import FUNCTION_TABLES

CODE_BEARING = FUNCTION_TABLES | {TableType.BASIC_EXPENDITURE_ECONOMIC}
LEVELS = (3, 5, 7)


def infer_codes(tables: list[Table], year: int | None) -> None:
    """Give each name-only line of the code-bearing tables the one code its name has in `year`."""
    if year is None:
        return
    for table in tables:
        if table.type not in CODE_BEARING:
            continue
        sides: dict[str | None, list[Row]] = {}
        for row in table.rows:
            sides.setdefault(row.side, []).append(row)
        for side, rows in sides.items():
            if side == "income":
                continue
            _infer_in(rows, _scheme(table, rows), year)
            _keep_only_complete(rows)


def _scheme(table: Table, rows: list[Row]) -> str:
    """The classification a list of lines follows: the one its printed codes belong to, else the table's kind."""
    printed = [reference.scheme_of(row.code) for row in rows if row.code and not row.code_inferred]
    printed = [scheme for scheme in printed if scheme]
    if printed:
        return max(set(printed), key=printed.count)
    return "department" if table.type == TableType.BASIC_EXPENDITURE_ECONOMIC else "function"


def _infer_in(rows: list[Row], scheme: str, year: int) -> None:
    trail: dict[int, str] = {}
    for row in rows:
        if not row.code:
            code = _only_code(row.name, scheme, year, trail)
            if code:
                row.code, row.code_inferred = code, True
            elif row.name.strip() and row.values:
                # a line of unknown level: lines after it may be under it, so only a 类 stays their known parent
                trail = {3: trail[3]} if 3 in trail else {}
        if row.code and reference.scheme_of(row.code) == scheme:
            trail = {level: row.code[:level] for level in LEVELS if level <= len(row.code)}


def _only_code(name: str, scheme: str, year: int, trail: dict[int, str]) -> str:
    """The one code named so as a 类 or directly under a line above ('' when none or several are)."""
    if not name.strip():
        return ""
    candidates = [code for code in reference.codes_named(name, year) if reference.scheme_of(code) == scheme]
    parents = set(trail.values())
    under = [code for code in candidates if len(code) == 3 or code[:-2] in parents]
    return under[0] if len(under) == 1 else ""


def _keep_only_complete(rows: list[Row]) -> None:
    """A line whose lines one level down are only partly known would be checked against a part of them: where a
    line of unknown level is printed under it, the codes inferred under it are taken back (until none is)."""
    changed = True
    while changed:
        changed = False
        for index in range(len(rows)):
            span = _span(rows, index)
            if not span or not any(_unknown(row) for row in span):
                continue
            for row in span:
                if row.code_inferred:
                    row.code, row.code_inferred = "", False
                    changed = True


def _span(rows: list[Row], index: int) -> list[Row]:
    """The lines printed under a coded line, up to the next line of its level or above."""
    parent = rows[index]
    if not parent.code or len(parent.code) >= max(LEVELS):
        return []
    span = []
    for row in rows[index + 1 :]:
        if (row.code and len(row.code) <= len(parent.code)) or _is_total(row):
            break
        span.append(row)
    return span if any(row.code_inferred for row in span) else []


def _unknown(row: Row) -> bool:
    return not row.code and bool(row.values) and bool(row.name.strip()) and not _is_total(row)


def _is_total(row: Row) -> bool:
    return any(word in row.name for word in ("合计", "总计", "小计"))
