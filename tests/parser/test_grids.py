"""Ruled grids are found on a page made by hand, with their captions, and a table continued over pages is grouped."""

from budgetpdf.grids import Grid, filled_matrix, grids_on_page, group_grids
from budgetpdf.pages import Page, text_lines

from .handmade import glyphs, page_with_grid

EXPENDITURE = [
    ["项目", "本年支出合计", "基本支出"],
    ["合计", "10.00", "4.00"],
    ["科学技术支出", "10.00", "4.00"],
]


def test_a_ruled_grid_is_read_cell_by_cell_from_glyphs_and_lines():
    (grid,) = grids_on_page(page_with_grid(EXPENDITURE))
    assert grid.cells == EXPENDITURE
    assert grid.page == 1
    assert len(grid.row_boxes) == 3


def test_the_caption_above_a_grid_gives_its_title_printed_number_and_unit():
    page = page_with_grid(EXPENDITURE, above=["2023年度支出决算表", "公开03表", "单位：万元"])
    (grid,) = grids_on_page(page)
    assert (grid.title, grid.printed_number, grid.unit) == ("2023年度支出决算表", "公开03表", "万元")


def test_a_printed_number_under_the_grid_is_read_when_none_is_above():
    page = page_with_grid(EXPENDITURE, above=["2023年度支出决算表"], below=["公开03表"])
    (grid,) = grids_on_page(page)
    assert grid.printed_number == "公开03表"


def test_a_declaration_under_a_grid_marks_the_table_empty():
    cells = [["项目", "金额"], ["合计", ""]]
    page = page_with_grid(cells, above=["2023年度政府性基金预算支出表"], below=["本表无数据"])
    (grid,) = grids_on_page(page)
    assert grid.empty


def test_a_page_without_ruling_lines_has_no_grid():
    page = Page(number=1, width=595, height=842, chars=glyphs("第一部分 部门概况", 40, 40), edges=[])
    assert grids_on_page(page) == []


def test_text_lines_are_read_top_to_bottom_from_the_glyphs():
    chars = glyphs("第二行", 40, 80) + glyphs("第一行", 40, 40)
    assert text_lines(chars) == [(40, "第一行"), (80, "第二行")]


def grid(page: int, title: str, width: int = 3, above: list[str] | None = None) -> Grid:
    return Grid(page=page, cells=[["x"] * width], row_boxes=[None], title=title, above=above or [])


def test_an_untitled_grid_on_the_next_page_with_as_many_columns_continues_the_table():
    groups = group_grids([grid(5, "2023年度支出决算表"), grid(6, "")])
    assert [[g.page for g in group] for group in groups] == [[5, 6]]


def test_an_untitled_grid_with_other_columns_does_not_continue_the_table():
    groups = group_grids([grid(5, "2023年度支出决算表"), grid(6, "", width=5)])
    assert [[g.page for g in group] for group in groups] == [[5]]


def test_an_untitled_grid_two_pages_on_does_not_continue_the_table():
    groups = group_grids([grid(5, "2023年度支出决算表"), grid(7, "")])
    assert [[g.page for g in group] for group in groups] == [[5]]


def test_a_repeated_title_for_another_unit_starts_a_new_table():
    first = grid(5, "2023年度支出决算表", above=["单位：甲中心"])
    second = grid(6, "2023年度支出决算表", above=["单位：乙中心"])
    assert len(group_grids([first, second])) == 2


def test_a_merged_header_cell_fills_every_position_it_covers():
    page = page_with_grid(EXPENDITURE)
    (found,) = grids_on_page(page)
    # merge the first row's last two cells into one box spanning both columns
    boxes = [list(row) for row in found.cell_boxes]
    boxes[0][1] = (boxes[0][1][0], boxes[0][1][1], boxes[0][2][2], boxes[0][2][3])
    boxes[0][2] = None
    merged = Grid(page=1, cells=[["项目", "其中", None], *found.cells[1:]], row_boxes=found.row_boxes, cell_boxes=boxes)
    assert filled_matrix(merged, rows=1) == [["项目", "其中", "其中"]]


def test_a_continuation_ruled_without_the_first_pages_thin_columns_is_joined_column_by_column():
    first_page = page_with_grid(
        [["科目编码", "", "科目名称", "金额"], ["301", "", "工资福利支出", "3.00"]],
        above=["一般公共预算基本支出预算表"],
        widths=[60.0, 6.0, 120.0, 80.0],
    )
    next_page = page_with_grid([["30101", "基本工资", "3.00"]], widths=[66.0, 120.0, 80.0], number=2)
    (first,) = grids_on_page(first_page)
    (second,) = grids_on_page(next_page)
    (group,) = group_grids([first, second])
    assert [g.page for g in group] == [1, 2]
    assert group[1].cells == [["30101", None, "基本工资", "3.00"]]


def test_an_untitled_grid_whose_columns_start_elsewhere_is_not_joined():
    first_page = page_with_grid([["科目名称", "金额"], ["工资福利支出", "3.00"]], above=["基本支出预算表"])
    next_page = page_with_grid([["a", "b", "c"]], widths=[50.0, 50.0, 50.0], number=2)
    (first,) = grids_on_page(first_page)
    (second,) = grids_on_page(next_page)
    assert [[g.page for g in group] for group in group_grids([first, second])] == [[1]]
