"""Finding the standard tables on the pages and reading their rows.

A table is identified by its title and header, not by its printed number. A
ruled grid on a page with no title above it continues the previous table when
its columns match.
"""

import re
from dataclasses import dataclass, field

from . import codes, numbers
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
        ("income_expenditure_summary", r"收[入]?支[出]?(?:决算|预算)?(?:总体情况|总)表|财务收支|部门收支"),
        ("project_expenditure", r"项目支出(?:预算)?(?:明细)?表"),
        ("income", r"收入(?:决算|预算)?(?:汇总|总体情况|总)?表"),
        ("expenditure", r"支出(?:决算|预算)?(?:汇总|总体情况|总)?表"),
    ]
]
TITLE_LINE_RE = re.compile(r"表\s*(?:[（(][^（）()]{1,20}[)）])?\s*$")
NUMBER_RE = re.compile(
    r"((?:公开|预算|决算)\s*\d+\s*表|表\s*\d+(?:-\d+)?|附表\s*\d+|[（(]?\s*表[一二三四五六七八九十]+\s*[)）]?)"
)
UNIT_RE = re.compile(r"单位\s*[:：]\s*(万元|元|千元|亿元)")
EMPTY_RE = re.compile(r"本表无数据|无数据|没有.{0,20}(?:收支|收入|支出|经费|数据)|本表为空|无.{0,12}(?:收支|支出)")
TITLE_PREFIX_RE = re.compile(r"^(?:[:：、.]|[一二三四五六七八九十]+、|\d+[.、])+")
FUNCTION_TABLES = {"income", "expenditure", "general_budget_expenditure", "government_fund", "state_capital"}
NAME_LABEL_RE = re.compile(r"项目|名称|科目|单位$|^单位")
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
    cell_boxes: list[list[tuple[float, float, float, float] | None]] = field(default_factory=list)
    title: str = ""
    printed_number: str = ""
    unit: str = ""
    empty: bool = False
    above: list[str] = field(default_factory=list)


def grids_on_page(page, page_number: int, lines: list[tuple[float, str]] | None = None) -> list[Grid]:
    found = page.find_tables()
    if not found:
        return []
    lines = text_lines(page) if lines is None else lines
    grids = []
    previous_bottom = 0.0
    for index, table in enumerate(found):
        top, bottom = table.bbox[1], table.bbox[3]
        above = [text for (y, text) in lines if previous_bottom - 1 <= y < top]
        next_top = found[index + 1].bbox[1] if index + 1 < len(found) else page.height
        below = [text for (y, text) in lines if bottom <= y < min(bottom + 60, next_top)]
        cells = [[_clean(cell) for cell in row] for row in table.extract()]
        boxes = [row.bbox for row in table.rows]
        cell_boxes = [list(row.cells) for row in table.rows]
        caption_rows = _caption_rows(cells)
        above = above + [" ".join(c for c in row if c) for row in cells[:caption_rows]]
        cells, boxes, cell_boxes = cells[caption_rows:], boxes[caption_rows:], cell_boxes[caption_rows:]
        grid = Grid(page=page_number, cells=cells, row_boxes=boxes, cell_boxes=cell_boxes, above=above)
        _read_caption(grid, above, below)
        inside = " ".join(c or "" for row in cells for c in row)
        grid.empty = bool(EMPTY_RE.search(inside)) or any(EMPTY_RE.search(t) for t in below[:2])
        grids.append(grid)
        previous_bottom = bottom
    return grids


def _caption_rows(cells: list[list[str | None]]) -> int:
    """Rows at the top of a framed grid that hold the title, unit or 部门 line rather than the header."""
    count = 0
    for row in cells:
        texts = [c.replace(" ", "") for c in row if c]
        if texts and not all(_is_caption(t) for t in texts):
            break
        count += 1
    return count if count < len(cells) else 0


def _is_caption(text: str) -> bool:
    return bool(
        UNIT_RE.search(text)
        or NUMBER_RE.fullmatch(text)
        or re.match(r"^(?:部门|单位|编制单位|预算单位)[:：]", text)
        or (TITLE_LINE_RE.search(text) and len(text) >= 4)
    )


def text_lines(page) -> list[tuple[float, str]]:
    """The page's text as lines (top, text), top to bottom: one pass over the characters serves every reader."""
    words = page.extract_words(keep_blank_chars=True, use_text_flow=False, x_tolerance=2)
    lines: dict[int, list] = {}
    for word in words:
        lines.setdefault(round(word["top"] / 3), []).append(word)
    result = []
    for key in sorted(lines):
        words_in_line = sorted(lines[key], key=lambda w: w["x0"])
        text = numbers.strip_control(" ".join(w["text"] for w in words_in_line)).strip()
        result.append((words_in_line[0]["top"], text))
    return result


TITLE_START_RE = re.compile(r"^(?:[一二三四五六七八九十]+、)?\s*20\d{2}\s*年|^(?:公开|预算|附)?\s*\d+\s*表\s*[:：]")


CAPTION_FIELD_RE = re.compile(r"(?=(?:编制单位|预算单位|部门名称|单位名称|部门|金额单位|单位)[:：])")


def _read_caption(grid: Grid, above: list[str], below: list[str]) -> None:
    """Title, printed number and unit from the lines above (and the number from just below) a grid."""
    above = _join_wrapped_title([part for line in above for part in CAPTION_FIELD_RE.split(line) if part.strip()])
    for text in reversed(above):
        compact = text.replace(" ", "")
        unit = UNIT_RE.search(compact)
        if unit and not grid.unit:
            grid.unit = unit.group(1)
        number = NUMBER_RE.search(compact)
        if number and not grid.printed_number and len(compact) <= 40:
            grid.printed_number = number.group(1).replace(" ", "")
        if (
            not grid.title
            and TITLE_LINE_RE.search(compact)
            and not compact.startswith("注")
            and not CAPTION_FIELD_RE.match(compact)
        ):
            title = NUMBER_RE.sub("", compact) if NUMBER_RE.fullmatch(compact) is None else ""
            if title:
                grid.title = TITLE_PREFIX_RE.sub("", title)
    if not grid.printed_number:
        for text in below[:2]:
            compact = text.replace(" ", "")
            if NUMBER_RE.fullmatch(compact):
                grid.printed_number = compact


def _join_wrapped_title(lines: list[str]) -> list[str]:
    """A long title wraps: '2023年度…项目绩效自' over '评表' is one title."""
    joined: list[str] = []
    for line in lines:
        compact = line.replace(" ", "")
        previous = joined[-1].replace(" ", "") if joined else ""
        if (
            previous
            and TITLE_LINE_RE.search(compact)
            and not TITLE_LINE_RE.search(previous)
            and not TITLE_START_RE.match(compact)
            and (TITLE_START_RE.match(previous) or len(compact) <= 4)
            and not previous.endswith(("。", "：", ":"))
        ):
            joined[-1] = previous + compact
        else:
            joined.append(line)
    return joined


def _clean(cell: str | None) -> str | None:
    if cell is None:
        return None
    return re.sub(r"\s*\n\s*", "", numbers.strip_control(cell)).strip()


def group_grids(grids: list[Grid]) -> list[list[Grid]]:
    """A titled grid starts a table; an untitled one on the same or next page with as many columns continues it."""
    groups: list[list[Grid]] = []
    for grid in grids:
        repeated_title = (
            bool(groups)
            and grid.title == groups[-1][0].title
            and _body_line(grid) == _body_line(groups[-1][-1])
            and not PERFORMANCE_RE.search(grid.title)
        )
        previous_is_performance = bool(groups) and bool(PERFORMANCE_RE.search(groups[-1][0].title))
        continues = (
            (not grid.title or repeated_title)
            and groups
            and groups[-1][-1].page in (grid.page, grid.page - 1)
            # performance tables are read by their labels, so a continuation may be ruled differently
            and (previous_is_performance or _width(groups[-1][0]) == _width(grid))
        )
        if continues:
            groups[-1].append(grid)
        elif grid.title:
            groups.append([grid])
    return groups


def read_table(group: list[Grid]) -> Table:
    return _read_table(group)


def _body_line(grid: Grid) -> str:
    """The 部门/单位 line printed above a grid: tables of different units may share a title."""
    return next((re.sub(r"\s+", "", t) for t in grid.above if re.search(r"(?:部门|单位)(?:名称)?[:：]", t)), "")


def _width(grid: Grid) -> int:
    return max((len(row) for row in grid.cells), default=0)


@dataclass
class Segment:
    """A run of columns read as one list of lines: a side of a two-sided table, or one block."""

    side: str | None
    codes: list[int]
    name: int | None
    values: list[int]
    keys: list[str] = field(default_factory=list)
    other_names: list[int] = field(default_factory=list)


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
    width = _width(first)
    header_rows = _header_length(first.cells)
    labels = _column_labels(first, header_rows, width)
    body = [row for g in group for row in g.cells[header_rows if g is first else _header_length(g.cells) :]]
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
    for grid in group:
        start = header_rows if grid is first else _header_length(grid.cells)
        for cells, box in zip(grid.cells[start:], grid.row_boxes[start:], strict=False):
            for segment in segments:
                row = _read_row(cells, box, grid.page, segment)
                if row is None:
                    continue
                if not row.code and (
                    (two_sided and segment.side == "expense") or (not two_sided and table.type in FUNCTION_TABLES)
                ):
                    row.code = codes.function_class_code(row.name)
                table.rows.append(row)
    return table


def _segments(labels: list[str], body: list[list[str | None]]) -> list[Segment]:
    """Split the columns where a new code or name column follows value columns."""
    roles = [_role(col, labels[col], body) for col in range(len(labels))]
    segments: list[Segment] = []
    current: Segment | None = None
    for col, role in enumerate(roles):
        starts_new = current is None or (role in ("code", "name") and current.values)
        if role == "name" and current is not None and current.name is not None and not current.values:
            starts_new = False
        if starts_new:
            current = Segment(side=None, codes=[], name=None, values=[])
            segments.append(current)
        if role == "code":
            current.codes.append(col)
        elif role == "name" and current.name is None:
            current.name = col
        elif role == "name":
            # a unit column beside the 科目名称 column: the names are the line names, the unit a fallback
            if "名称" in labels[col] and "名称" not in labels[current.name]:
                current.other_names.append(current.name)
                current.name = col
            else:
                current.other_names.append(col)
        elif role == "value":
            current.values.append(col)
    segments = [s for s in segments if s.values or s.name is not None]
    if len(segments) > 1:
        for index, segment in enumerate(segments):
            first_col = min([*segment.codes, *([segment.name] if segment.name is not None else [])] or [0])
            group = labels[first_col].split("/")[0]
            segment.side = _side_name(group, index)
        if len({segment.side for segment in segments}) < len(segments):
            for index, segment in enumerate(segments):
                segment.side = f"block{index + 1}"
    return segments


def _side_name(group: str, index: int) -> str:
    if "支出" in group and "收入" not in group:
        return "expense"
    if "收入" in group:
        return "income"
    return group or f"block{index + 1}"


def _role(col: int, label: str, body: list[list[str | None]]) -> str:
    column = [row[col] for row in body if col < len(row) and row[col]]
    last = label.split("/")[-1]
    if "行次" in label or last in {"栏次", "序号"}:
        return "skip"
    amounts = sum(1 for text in column if numbers.is_amount(text))
    code_like = sum(1 for text in column if CODE_RE.match(text.replace(" ", "")) or re.fullmatch(r"\d{2}", text))
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
    return len(cells)


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


def filled_matrix(grid: Grid, rows: int | None = None) -> list[list[str]]:
    """The grid (or its first `rows` rows) with each merged cell's text repeated in every position it covers."""
    width = _width(grid)
    centres = _column_centres(grid, width)
    cells = grid.cells if rows is None else grid.cells[:rows]
    row_centres = [_row_centre(grid, r) for r in range(len(cells))]
    matrix = [["" for _ in range(width)] for _ in cells]
    for r, row in enumerate(cells):
        for c, text in enumerate(row):
            box = grid.cell_boxes[r][c] if r < len(grid.cell_boxes) and c < len(grid.cell_boxes[r]) else None
            if text is None or box is None:
                continue
            for j, x in enumerate(centres):
                if x is None or not box[0] - 0.5 <= x <= box[2] + 0.5:
                    continue
                for i, y in enumerate(row_centres):
                    if y is not None and box[1] - 0.5 <= y <= box[3] + 0.5:
                        matrix[i][j] = text
    return matrix


def _row_centre(grid: Grid, r: int) -> float | None:
    """A row's box spans its tallest merged cell; its own height is that of its shortest cell."""
    boxes = [box for box in (grid.cell_boxes[r] if r < len(grid.cell_boxes) else []) if box]
    if not boxes:
        return None
    top = min(box[1] for box in boxes)
    return (top + min(box[3] for box in boxes)) / 2


def _column_centres(grid: Grid, width: int) -> list[float | None]:
    lefts: list[float | None] = []
    right = 0.0
    for c in range(width):
        xs = [row[c][0] for row in grid.cell_boxes if c < len(row) and row[c]]
        lefts.append(min(xs) if xs else None)
        right = max([right, *(row[c][2] for row in grid.cell_boxes if c < len(row) and row[c])])
    centres: list[float | None] = []
    for c, left in enumerate(lefts):
        following = next((x for x in lefts[c + 1 :] if x is not None), right)
        centres.append((left + following) / 2 if left is not None else None)
    return centres


CJK_SPACE_RE = re.compile(r"(?<=[\u4e00-\u9fff（）()])\s+(?=[\u4e00-\u9fff（）()])")


def _read_row(cells, box, page, segment: Segment) -> Row | None:
    code = "".join((cells[c] or "").replace(" ", "") for c in segment.codes if c < len(cells))
    name = (cells[segment.name] or "") if segment.name is not None and segment.name < len(cells) else ""
    if not name:
        name = next((cells[c] for c in segment.other_names if c < len(cells) and cells[c]), "")
    name = CJK_SPACE_RE.sub("", name)
    if code and not CODE_RE.match(code):
        if not name:
            name = code
        code = ""
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
