"""Reading a table from its grids: header paths, column keys, the sides or blocks the columns form, rows with
their codes, and the table's type from its title.

A table is identified by its title and header, not by its printed number.
"""

import re
from dataclasses import dataclass, field

from . import codes, numbers
from .grids import PERFORMANCE_RE, Grid, filled_matrix, grid_width
from .model import Column, Row, Table, TableType

# Order matters: the first rule whose pattern matches the title wins.
TITLE_RULES: list[tuple[TableType, re.Pattern]] = [
    (TableType(key), re.compile(pattern))
    for key, pattern in [
        ("three_public", r"三公"),
        ("government_procurement", r"政府采购"),
        ("operating_costs", r"机关运行经费"),
        ("state_assets", r"国有资产占用|资产占用情况"),
        ("government_fund", r"政府性基金"),
        ("state_capital", r"国有资本经营"),
        ("project_expenditure", r"项目支出|专项业务经费支出"),
        ("basic_expenditure_economic", r"基本支出|经济分类"),
        ("general_budget_expenditure", r"一般公共预算.*支出|一般公共预算财政拨款支出|功能分类"),
        ("appropriation_expenditure", r"财政拨款支出"),
        ("appropriation_summary", r"财政拨款收[入]?支[出]?"),
        ("income_expenditure_summary", r"收[入]?支[出]?(?:决算|预算)?(?:总体情况|总)表|财务收支|部门收支"),
        ("income", r"收入(?:决算|预算)?(?:汇总|总体情况|总)?表"),
        ("expenditure", r"支出(?:决算|预算)?(?:汇总|总体情况|总)?表"),
    ]
]
FUNCTION_TABLES = {"income", "expenditure", "general_budget_expenditure", "government_fund", "state_capital"}
SUMMARY_TABLES = {TableType.INCOME_EXPENDITURE_SUMMARY, TableType.APPROPRIATION_SUMMARY}
MIN_CLASSES_IN_A_FUNCTION_BLOCK = 3
UNIT_CODE_LABEL_RE = re.compile(r"单位(?:编码|代码|编号)")
ENUMERATED_LINE_RE = re.compile(r"^(?:[一二三四五六七八九十]+、|\d{1,2}、)")
TOTAL_LINE_RE = re.compile(r"^(?:合\s*计|总\s*计)$")
NAME_LABEL_RE = re.compile(r"项目|名称|科目|单位$|^单位")
CODE_RE = re.compile(r"^\d{3}(?:\d{2}){0,2}$")

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
    ("人员支出", "personnel"),
    ("人员类", "personnel"),
    ("工资福利", "personnel"),
    ("公用经费", "public"),
    ("公用支出", "public"),
    ("年初结转", "carryover_begin"),
    ("年末结转", "carryover_end"),
    ("因公出国", "abroad"),
    ("购置及运行", "vehicles"),
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


# Where a report prints two tables of one type, the one whose title matches these, in this order of weight,
# keeps the type (the first of equals); the others are typed `other`, so that no figure is taken from the
# wrong table.
CANONICAL_TITLE_WORDS: dict[TableType, list[re.Pattern]] = {
    TableType.BASIC_EXPENDITURE_ECONOMIC: [re.compile(w) for w in ("一般公共预算", "基本支出", "经济")],
    TableType.GENERAL_BUDGET_EXPENDITURE: [re.compile("功能")],
    TableType.EXPENDITURE: [re.compile("总")],
    TableType.INCOME: [re.compile("总")],
    # the list of projects, not their breakdown by economic or function class
    TableType.PROJECT_EXPENDITURE: [re.compile(r"^(?!.*(?:经济|功能)分类)")],
}


def one_table_per_type(tables: list[Table]) -> None:
    """Type `other` every table but the most canonical one of a type printed twice in one report."""
    by_type: dict[str, list[Table]] = {}
    for table in tables:
        if table.type != TableType.OTHER:
            by_type.setdefault(table.type, []).append(table)
    for kind, same in by_type.items():
        if len(same) < 2:
            continue
        words = CANONICAL_TITLE_WORDS.get(TableType(kind), [])
        kept = max(same, key=lambda t: (*(bool(w.search(t.title)) for w in words), -same.index(t)))
        for table in same:
            if table is not kept:
                table.type = TableType.OTHER


def classify(title: str) -> TableType:
    """The table's canonical type from its printed title."""
    if PERFORMANCE_RE.search(title):
        return TableType.OTHER
    for key, pattern in TITLE_RULES:
        if pattern.search(title):
            return key
    return TableType.OTHER


@dataclass
class Segment:
    """A run of columns read as one list of lines: a side of a two-sided table, or one block."""

    side: str | None
    codes: list[int]
    name: int | None
    values: list[int]
    keys: list[str] = field(default_factory=list)
    other_names: list[int] = field(default_factory=list)
    trail: codes.CodeTrail = field(default_factory=codes.CodeTrail)


def read_table(group: list[Grid]) -> Table:
    """One table from the grids it is printed in: the first carries the title and header."""
    first = group[0]
    table = Table(
        type=classify(first.title),
        title=first.title,
        pages=sorted({g.page for g in group}),
        unit=first.unit,
        printed_number=first.printed_number,
        empty=first.empty,
    )
    width = grid_width(first)
    header_rows = _header_length(first.cells)
    labels = _column_labels(first, header_rows, width)
    body = [row for g in group for row in g.cells[header_rows if g is first else _header_length(g.cells) :]]
    labels = _borrow_spanned_labels(labels, body)
    segments = _segments(labels, body)
    used: dict[str, Column] = {}
    by_label: dict[str, str] = {}
    for segment in segments:
        for col in segment.values:
            label = labels[col]
            key = by_label.get(label) or _unique_key(_column_key(label, len(segment.values)), used, segment.keys)
            segment.keys.append(key)
            by_label[label] = key
            used.setdefault(key, Column(key=key, label=label))
    table.columns = list(used.values())
    two_sided = any(segment.side in ("income", "expense") for segment in segments)
    last_row: dict[int, Row] = {}
    for grid in group:
        start = header_rows if grid is first else _header_length(grid.cells)
        for cells, box in zip(grid.cells[start:], grid.row_boxes[start:], strict=False):
            for index, segment in enumerate(segments):
                row = _read_row(cells, box, grid.page, segment)
                if row is None or _joined_to_line_above(row, last_row.get(index)):
                    continue
                last_row[index] = row
                if not row.code and (
                    (two_sided and segment.side == "expense") or (not two_sided and table.type in FUNCTION_TABLES)
                ):
                    row.code = codes.function_class_code(row.name)
                table.rows.append(row)
    if not two_sided and table.type in SUMMARY_TABLES:
        _name_function_classes_in_blocks(table)
    return table


def _name_function_classes_in_blocks(table: Table) -> None:
    """A summary printed in blocks side by side (income, function, economic classes): the block that lists the
    function classes by name gets their codes; a lone name such as 其他支出 in an economic block does not."""
    blocks: dict[str | None, list[Row]] = {}
    for row in table.rows:
        blocks.setdefault(row.side, []).append(row)
    for rows in blocks.values():
        named = [(row, codes.function_class_code(row.name)) for row in rows if not row.code]
        named = [(row, code) for row, code in named if code]
        if len(named) >= MIN_CLASSES_IN_A_FUNCTION_BLOCK:
            for row, code in named:
                row.code = code


def _joined_to_line_above(row: Row, above: Row | None) -> bool:
    """Amounts ruled into a line of their own, under a named line that printed none, are that line's amounts."""
    if row.name or row.code or above is None or above.values or above.page != row.page:
        return False
    if not (above.name or above.code):
        return False
    above.values, above.printed = row.values, row.printed
    return True


def _borrow_spanned_labels(labels: list[str], body: list[list[str | None]]) -> list[str]:
    """A header cell spanning two columns labels only one of them: an unheaded column of amounts that never
    shares a line with a headed neighbour is read as part of that neighbour's column."""

    def filled(col: int) -> set[int]:
        return {i for i, row in enumerate(body) if col < len(row) and (row[col] or "").strip()}

    borrowed = list(labels)
    for col, label in enumerate(labels):
        mine = filled(col)
        if label or not mine or not all(numbers.is_amount(body[i][col]) for i in mine):
            continue
        for other in (col + 1, col - 1):
            if 0 <= other < len(labels) and labels[other] and not mine & filled(other):
                borrowed[col] = labels[other]
                break
    return borrowed


def _segments(labels: list[str], body: list[list[str | None]]) -> list[Segment]:
    """Split the columns where a new code or name column follows value columns; name the sides or blocks."""
    segments: list[Segment] = []
    current: Segment | None = None
    for col in range(len(labels)):
        role = _role(col, labels[col], body)
        if _starts_segment(current, role):
            current = Segment(side=None, codes=[], name=None, values=[])
            segments.append(current)
        _place_column(current, col, role, labels)
    segments = [s for s in segments if s.values or s.name is not None]
    if len(segments) > 1:
        _name_sides(segments, labels)
    return segments


def _starts_segment(current: Segment | None, role: str) -> bool:
    if current is None:
        return True
    if role == "name" and current.name is not None and not current.values:
        return False
    return role in ("code", "name") and bool(current.values)


def _place_column(segment: Segment, col: int, role: str, labels: list[str]) -> None:
    if role == "code":
        segment.codes.append(col)
    elif role == "name" and segment.name is None:
        segment.name = col
    elif role == "name":
        # a unit column beside the 科目名称 column: the names are the line names, the unit a fallback; the
        # department's economic class beside the government's: the line is the department's
        if ("名称" in labels[col] and "名称" not in labels[segment.name]) or (
            "部门" in labels[col] and "政府" in labels[segment.name]
        ):
            segment.other_names.append(segment.name)
            segment.name = col
        else:
            segment.other_names.append(col)
    elif role == "value":
        segment.values.append(col)


def _name_sides(segments: list[Segment], labels: list[str]) -> None:
    """Income and expense sides by their headings; blocks numbered when the headings do not tell them apart."""
    for index, segment in enumerate(segments):
        first_col = min([*segment.codes, *([segment.name] if segment.name is not None else [])] or [0])
        group = labels[first_col].split("/")[0]
        segment.side = _side_name(group, index)
    if len({segment.side for segment in segments}) < len(segments):
        for index, segment in enumerate(segments):
            segment.side = f"block{index + 1}"


def _side_name(group: str, index: int) -> str:
    if "支出" in group and "收入" not in group:
        return "expense"
    if "收入" in group:
        return "income"
    return group or f"block{index + 1}"


def _role(col: int, label: str, body: list[list[str | None]]) -> str:
    column = [row[col] for row in body if col < len(row) and row[col]]
    last = label.split("/")[-1]
    if "行次" in label or last in {"栏次", "序号"} or not (label or column):
        # a column with neither a heading nor any text is a ruling artefact, not a measure
        return "skip"
    amounts = sum(1 for text in column if numbers.is_amount(text))
    code_like = sum(1 for text in column if CODE_RE.match(codes.bare_code(text)) or re.fullmatch(r"\d{2}", text))
    if UNIT_CODE_LABEL_RE.search(label):
        # a unit's code is not a classification code: read beside the unit's name (a 合计 may be printed in it)
        return "name"
    if "编码" in label or last in {"类", "款", "项"} or (column and code_like > len(column) * 0.6):
        return "code"
    if column and amounts >= max(1, len(column) * 0.5):
        return "value"
    if not column and not NAME_LABEL_RE.search(last):
        return "value"
    return "name"


def _unique_key(key: str, used: dict[str, Column], taken_here: list[str]) -> str:
    """Two columns of one side or block never share a key; the same measure on both sides of a table does."""
    if key not in taken_here:
        return key
    n = 2
    while f"{key}_{n}" in used or f"{key}_{n}" in taken_here:
        n += 1
    return f"{key}_{n}"


def _column_key(label: str, count: int) -> str:
    last = label.split("/")[-1]
    if count == 1 and any(word in last for word in ("决算数", "预算数", "金额", "数")) and "合计" not in last:
        return "amount"
    parts = label.split("/")
    if last in {"小计", "合计"} and len(parts) > 1:
        # the subtotal of a group is the group's measure; of a generic heading (本年支出), the total
        group = parts[-2]
        return "total" if "三公" in group else next((k for needle, k in COLUMN_KEYS if needle in group), "total")
    key = next((k for needle, k in COLUMN_KEYS if needle in last), "")
    if not key:
        key = next((k for needle, k in COLUMN_KEYS if needle in label), "")
    return key or _slug(last)


def _slug(label: str) -> str:
    return "col_" + re.sub(r"\W+", "", label)[:20]


def _header_length(cells: list[list[str | None]]) -> int:
    for index, row in enumerate(cells):
        texts = [c or "" for c in row]
        if any("栏次" in t for t in texts):
            return index + 1
        if any(numbers.is_amount(t) and not re.fullmatch(r"\d{1,2}", t) for t in texts[1:]) or any(
            CODE_RE.match(t) for t in texts[:3]
        ):
            return index
    # a table (or a page of it) with no amount at all: its lines start at the first enumerated or total line
    return next((index for index, row in enumerate(cells) if _is_blank_body_line(row)), len(cells))


def _is_blank_body_line(row: list[str | None]) -> bool:
    """An enumerated line (一、…), or a 合计 line with nothing else printed on it."""
    texts = [c.strip() for c in row if c and c.strip()]
    if not texts:
        return False
    return bool(ENUMERATED_LINE_RE.match(texts[0])) or (len(texts) == 1 and bool(TOTAL_LINE_RE.match(texts[0])))


def _column_labels(grid: Grid, header_rows: int, width: int) -> list[str]:
    """Each column's header path, top to bottom ('项目/功能分类科目编码/类'), from the merged cells' geometry."""
    matrix = filled_matrix(grid, rows=header_rows)
    labels = []
    for col in range(width):
        parts: list[str] = []
        for row in matrix:
            text = row[col].replace(" ", "") if col < len(row) else ""
            if text and text not in parts and text != "栏次" and not text.isdigit():
                parts.append(text)
        labels.append("/".join(parts))
    return labels


CJK_SPACE_RE = re.compile(r"(?<=[\u4e00-\u9fff（）()])\s+(?=[\u4e00-\u9fff（）()])")


def _read_row(cells, box, page, segment: Segment) -> Row | None:
    name = (cells[segment.name] or "") if segment.name is not None and segment.name < len(cells) else ""
    if not name:
        name = next((cells[c] for c in segment.other_names if c < len(cells) and cells[c]), "")
    code, name = _row_code(cells, segment, name)
    name = CJK_SPACE_RE.sub("", name)
    values, printed = {}, {}
    for key, col in zip(segment.keys, segment.values, strict=False):
        text = cells[col] if col < len(cells) else None
        amount = numbers.parse_amount(text)
        if amount is not None:
            values[key] = amount
            printed[key] = numbers.normalise(text)
    if not name and not code and not values:
        return None
    return Row(name=name, code=code, values=values, printed=printed, page=page, bbox=box, side=segment.side)


def _row_code(cells, segment: Segment, name: str) -> tuple[str, str]:
    """The line's full code and its name as printed: from the code columns before the name (a second
    classification printed after the name is not the line's), or from a code printed at the start of the name."""
    columns = [c for c in segment.codes if segment.name is None or c < segment.name] or segment.codes
    parts = [(cells[c] or "") if c < len(cells) else "" for c in columns]
    code = ""
    if len(parts) > 1:
        code = segment.trail.from_columns(parts)
    elif parts and parts[0].strip():
        code = segment.trail.from_cell(codes.bare_code(parts[0]))
        if not code:
            printed_code, rest = codes.split_code_name(parts[0])
            if printed_code:
                code = segment.trail.from_cell(printed_code)
                name = name or rest
    if not code:
        printed_code, rest = codes.split_code_name(name)
        if printed_code:
            code, name = segment.trail.from_cell(printed_code), rest
    if not code and not name:
        name = next((p for p in parts if p.strip() and not codes.bare_code(p)), "")
    return code, name
