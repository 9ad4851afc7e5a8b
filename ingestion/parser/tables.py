"""Finding the standard tables on the pages and reading their rows.

A table is identified by its title and header, not by its printed number. A
ruled grid on a page with no title above it continues the previous table when
its columns match.
"""

import re
from dataclasses import dataclass, field

from . import numbers
from .model import Column, Row, Table

# Order matters: the first rule whose pattern matches the title wins.
TITLE_RULES: list[tuple[str, re.Pattern]] = [
    (key, re.compile(pattern))
    for key, pattern in [
        ("three_public", r"三公"),
        ("government_fund", r"政府性基金"),
        ("state_capital", r"国有资本经营"),
        ("basic_expenditure_economic", r"基本支出|经济分类"),
        ("general_budget_expenditure", r"一般公共预算.*支出|一般公共预算财政拨款支出|功能分类"),
        ("appropriation_summary", r"财政拨款收[入]?支[出]?"),
        ("income_expenditure_summary", r"收[入]?支[出]?(?:决算|预算)?总表|财务收支|部门收支"),
        ("project_expenditure", r"项目支出(?:预算)?表"),
        ("income", r"收入(?:决算|预算|汇总|总)?表"),
        ("expenditure", r"支出(?:决算|预算|汇总|总)?表"),
    ]
]
TITLE_LINE_RE = re.compile(r"(?:预算|决算|经费|收支|收入|支出|汇总|明细|情况|目标|自评).{0,8}表\s*$|表\s*$")
NUMBER_RE = re.compile(r"(公开\s*\d+\s*表|表\s*\d+(?:-\d+)?|附表\s*\d+|[（(]?\s*表[一二三四五六七八九十]+\s*[)）]?)")
UNIT_RE = re.compile(r"单位\s*[:：]\s*(万元|元|千元|亿元)")
EMPTY_RE = re.compile(r"本表无数据|无数据|没有.{0,20}(?:收支|收入|支出|经费|数据)|本表为空|无.{0,12}(?:收支|支出)")
CODE_RE = re.compile(r"^\d{3}(?:\d{2}){0,2}$")
PERFORMANCE_RE = re.compile(r"绩效")

COLUMN_KEYS: list[tuple[str, str]] = [
    ("对附属单位补助", "subsidy_to_affiliates"),
    ("上缴上级", "remittance_to_superior"),
    ("附属单位上缴", "affiliated_remittance"),
    ("上级补助", "superior_subsidy"),
    ("事业收入", "business_income"),
    ("经营收入", "operating_income"),
    ("经营支出", "operating_expenditure"),
    ("其他收入", "other_income"),
    ("财政拨款", "fiscal_appropriation"),
    ("基本支出", "basic"),
    ("项目支出", "project"),
    ("人员经费", "personnel"),
    ("公用经费", "public"),
    ("年初结转", "carryover_begin"),
    ("年末结转", "carryover_end"),
    ("因公出国", "abroad"),
    ("购置", "vehicle_purchase"),
    ("运行", "vehicle_operation"),
    ("公务用车", "vehicles"),
    ("公务接待", "reception"),
    ("一般公共预算", "general_budget"),
    ("政府性基金", "government_fund"),
    ("国有资本", "state_capital"),
    ("决算数", "final"),
    ("预算数", "budget"),
    ("合计", "total"),
    ("总计", "total"),
    ("金额", "amount"),
]


def classify(title: str) -> str:
    if PERFORMANCE_RE.search(title):
        return "other"
    for key, pattern in TITLE_RULES:
        if pattern.search(title):
            return key
    return "other"


@dataclass
class Grid:
    """One ruled table found on one page, with the text around it."""

    page: int
    cells: list[list[str | None]]
    row_boxes: list[tuple[float, float, float, float] | None]
    title: str = ""
    printed_number: str = ""
    unit: str = ""
    empty: bool = False
    above: list[str] = field(default_factory=list)


def grids_on_page(page, page_number: int) -> list[Grid]:
    found = page.find_tables()
    if not found:
        return []
    lines = _text_lines(page)
    grids = []
    previous_bottom = 0.0
    for index, table in enumerate(found):
        top, bottom = table.bbox[1], table.bbox[3]
        above = [text for (y, text) in lines if previous_bottom - 1 <= y < top]
        next_top = found[index + 1].bbox[1] if index + 1 < len(found) else page.height
        below = [text for (y, text) in lines if bottom <= y < min(bottom + 60, next_top)]
        cells = [[_clean(cell) for cell in row] for row in table.extract()]
        boxes = [row.bbox for row in table.rows]
        grid = Grid(page=page_number, cells=cells, row_boxes=boxes, above=above)
        _read_caption(grid, above, below)
        inside = " ".join(c or "" for row in cells for c in row)
        grid.empty = bool(EMPTY_RE.search(inside)) or any(EMPTY_RE.search(t) for t in below[:2])
        grids.append(grid)
        previous_bottom = bottom
    return grids


def _text_lines(page) -> list[tuple[float, str]]:
    words = page.extract_words(keep_blank_chars=True, use_text_flow=False, x_tolerance=2)
    lines: dict[int, list] = {}
    for word in words:
        lines.setdefault(round(word["top"] / 3), []).append(word)
    result = []
    for key in sorted(lines):
        words_in_line = sorted(lines[key], key=lambda w: w["x0"])
        result.append((words_in_line[0]["top"], " ".join(w["text"] for w in words_in_line).strip()))
    return result


def _read_caption(grid: Grid, above: list[str], below: list[str]) -> None:
    for text in reversed(above):
        compact = text.replace(" ", "")
        unit = UNIT_RE.search(compact)
        if unit and not grid.unit:
            grid.unit = unit.group(1)
        number = NUMBER_RE.search(compact)
        if number and not grid.printed_number and len(compact) <= 40:
            grid.printed_number = number.group(1).replace(" ", "")
        if not grid.title and TITLE_LINE_RE.search(compact) and not compact.startswith("注"):
            title = NUMBER_RE.sub("", compact) if NUMBER_RE.fullmatch(compact) is None else ""
            if title:
                grid.title = title
    if not grid.printed_number:
        for text in below[:2]:
            compact = text.replace(" ", "")
            if NUMBER_RE.fullmatch(compact):
                grid.printed_number = compact


def _clean(cell: str | None) -> str | None:
    if cell is None:
        return None
    return re.sub(r"\s*\n\s*", "", cell).strip()


def assemble(grids: list[Grid]) -> list[Table]:
    """Group grids into tables (a titled grid starts one; an untitled one continues it) and read rows."""
    groups: list[list[Grid]] = []
    for grid in grids:
        continues = (
            not grid.title
            and groups
            and groups[-1][-1].page in (grid.page, grid.page - 1)
            and _width(groups[-1][0]) == _width(grid)
        )
        if continues:
            groups[-1].append(grid)
        elif grid.title:
            groups.append([grid])
    return [_read_table(group) for group in groups]


def _width(grid: Grid) -> int:
    return max((len(row) for row in grid.cells), default=0)


def _read_table(group: list[Grid]) -> Table:
    first = group[0]
    table = Table(
        type=classify(first.title),
        title=first.title,
        pages=sorted({g.page for g in group}),
        unit=first.unit,
        printed_number=first.printed_number,
        empty=first.empty,
    )
    header_rows = _header_length(first.cells)
    labels = _column_labels(first.cells[:header_rows], _width(first))
    code_cols, name_col, value_cols = _roles(labels, [r for g in group for r in g.cells[header_rows:]])
    table.columns = _columns(labels, value_cols)
    keys = [c.key for c in table.columns]
    for grid_index, grid in enumerate(group):
        start = header_rows if grid_index == 0 else _header_length(grid.cells)
        for cells, box in zip(grid.cells[start:], grid.row_boxes[start:], strict=False):
            row = _read_row(cells, box, grid.page, code_cols, name_col, value_cols, keys)
            if row is not None:
                table.rows.append(row)
    return table


def _header_length(cells: list[list[str | None]]) -> int:
    for index, row in enumerate(cells):
        texts = [c or "" for c in row]
        if any("栏次" in t for t in texts):
            return index + 1
        if any(numbers.is_amount(t) for t in texts[1:]) or any(CODE_RE.match(t) for t in texts[:3]):
            return index
    return min(1, len(cells))


def _column_labels(header: list[list[str | None]], width: int) -> list[str]:
    filled = []
    for row in header:
        row = list(row) + [None] * (width - len(row))
        current: list[str] = []
        last = ""
        for cell in row:
            if cell is None:
                current.append(last)
            else:
                last = cell
                current.append(cell)
        filled.append(current)
    labels = []
    for col in range(width):
        parts = []
        for row in filled:
            text = row[col]
            if text and text not in parts and text != "栏次":
                parts.append(text)
        labels.append("/".join(parts))
    return labels


def _roles(labels: list[str], body: list[list[str | None]]) -> tuple[list[int], int | None, list[int]]:
    codes, values = [], []
    name = None
    for col, label in enumerate(labels):
        column = [row[col] for row in body if col < len(row) and row[col]]
        amounts = sum(1 for text in column if numbers.is_amount(text))
        code_like = sum(1 for text in column if CODE_RE.match(text.replace(" ", "")))
        if "编码" in label or label.split("/")[-1] in {"类", "款", "项"} or (column and code_like > len(column) * 0.6):
            codes.append(col)
        elif column and amounts >= max(1, len(column) * 0.5) and "行次" not in label:
            values.append(col)
        elif name is None and "行次" not in label:
            name = col
    return codes, name, values


def _columns(labels: list[str], value_cols: list[int]) -> list[Column]:
    columns, used = [], set()
    for position, col in enumerate(value_cols):
        label = labels[col]
        key = next((k for needle, k in COLUMN_KEYS if needle in label.split("/")[-1]), "")
        if not key:
            key = next((k for needle, k in COLUMN_KEYS if needle in label), f"col{position + 1}")
        while key in used:
            key = f"{key}_{position + 1}"
        used.add(key)
        columns.append(Column(key=key, label=label))
    return columns


def _read_row(cells, box, page, code_cols, name_col, value_cols, keys) -> Row | None:
    code = "".join((cells[c] or "").replace(" ", "") for c in code_cols if c < len(cells))
    name = (cells[name_col] or "") if name_col is not None and name_col < len(cells) else ""
    if not CODE_RE.match(code):
        if code and not name:
            name, code = code, ""
        elif code:
            code = ""
    values, printed = {}, {}
    for key, col in zip(keys, value_cols, strict=False):
        text = cells[col] if col < len(cells) else None
        amount = numbers.parse_amount(text)
        if amount is not None:
            values[key] = amount
            printed[key] = numbers.normalise(text)
    if not name and not code and not values:
        return None
    return Row(name=name, code=code, values=values, printed=printed, page=page, bbox=box)
