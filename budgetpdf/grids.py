"""Ruled grids on a page with their captions (title, printed number, unit, a declaration that a table is empty),
and the grouping of a table continued over pages.

A grid on a page with no title above it continues the previous table when its
columns match.
"""

import re
from dataclasses import dataclass, field, replace

from pdfplumber.table import TableFinder, TableSettings

from . import numbers
from .pages import Page

TITLE_LINE_RE = re.compile(r"表\s*(?:[（(][^（）()]{1,20}[)）])?\s*$")
NUMBER_RE = re.compile(
    r"((?:公开|预算|决算)\s*\d+\s*表|表\s*\d+(?:-\d+)?|附表\s*\d+|[（(]?\s*表[一二三四五六七八九十]+\s*[)）]?)"
)
UNIT_RE = re.compile(r"单位\s*[:：]\s*(万元|元|千元|亿元)")
EMPTY_RE = re.compile(r"本表无数据|无数据|没有.{0,20}(?:收支|收入|支出|经费|数据)|本表为空|无.{0,12}(?:收支|支出)")
TITLE_PREFIX_RE = re.compile(r"^(?:[:：、.]|[一二三四五六七八九十]+、|\d+[.、])+")
PERFORMANCE_RE = re.compile(r"绩效")


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


def grids_on_page(page: Page) -> list[Grid]:
    """The ruled grids on a page, top to bottom, each with the caption read from the lines around it."""
    found = TableFinder(page, TableSettings.resolve({})).tables
    if not found:
        return []
    lines = page.lines()
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
        grid = Grid(page=page.number, cells=cells, row_boxes=boxes, cell_boxes=cell_boxes, above=above)
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
        follows = (not grid.title or repeated_title) and groups and groups[-1][-1].page in (grid.page, grid.page - 1)
        # performance tables are read by their labels, so a continuation may be ruled differently
        continues = follows and (previous_is_performance or grid_width(groups[-1][0]) == grid_width(grid))
        aligned = aligned_to(groups[-1][0], grid) if follows and not continues and not grid.title else None
        if continues or aligned is not None:
            groups[-1].append(aligned or grid)
        elif grid.title:
            groups.append([grid])
    return groups


COLUMN_TOLERANCE = 2.5  # points between the left rules of a column on two pages


def aligned_to(first: Grid, grid: Grid) -> Grid | None:
    """A continuation ruled with fewer columns (the thin columns of the first page's rules left out) as a grid of
    the first one's columns: each cell goes to the column whose left rule it starts at. None when a cell starts
    at no column of the first grid, or two cells of one line at the same one."""
    lefts = column_lefts(first)
    width = len(lefts)
    cells: list[list[str | None]] = []
    boxes: list[list[tuple[float, float, float, float] | None]] = []
    for row, row_boxes in zip(grid.cells, grid.cell_boxes, strict=False):
        new_cells: list[str | None] = [None] * width
        new_boxes: list[tuple[float, float, float, float] | None] = [None] * width
        for text, box in zip(row, row_boxes, strict=False):
            if box is None:
                continue
            near = [(abs(left - box[0]), c) for c, left in enumerate(lefts) if left is not None]
            distance, column = min(near, default=(COLUMN_TOLERANCE + 1, -1))
            if distance > COLUMN_TOLERANCE or new_boxes[column] is not None:
                return None
            new_cells[column], new_boxes[column] = text, box
        cells.append(new_cells)
        boxes.append(new_boxes)
    if not cells:
        return None
    return replace(grid, cells=cells, cell_boxes=boxes)


def column_lefts(grid: Grid) -> list[float | None]:
    """Each column's left rule: the leftmost edge of the cells that start in it."""
    width = grid_width(grid)
    return [min((row[c][0] for row in grid.cell_boxes if c < len(row) and row[c]), default=None) for c in range(width)]


def _body_line(grid: Grid) -> str:
    """The 部门/单位 line printed above a grid: tables of different units may share a title."""
    return next((re.sub(r"\s+", "", t) for t in grid.above if re.search(r"(?:部门|单位)(?:名称)?[:：]", t)), "")


def grid_width(grid: Grid) -> int:
    return max((len(row) for row in grid.cells), default=0)


def filled_matrix(grid: Grid, rows: int | None = None) -> list[list[str]]:
    """The grid (or its first `rows` rows) with each merged cell's text repeated in every position it covers."""
    width = grid_width(grid)
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
