"""A table is read from its grids: type from the title, header paths, column keys, sides, rows and codes."""

from decimal import Decimal

import pytest

from budgetpdf import TableType
from budgetpdf.grids import Grid, grids_on_page
from budgetpdf.model import Table
from budgetpdf.tables import classify, one_table_per_type, read_table

from .handmade import page_with_grid


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("2023年度收入支出决算总表", TableType.INCOME_EXPENDITURE_SUMMARY),
        ("2023年度支出决算表", TableType.EXPENDITURE),
        ("2023年度一般公共预算财政拨款支出决算表", TableType.GENERAL_BUDGET_EXPENDITURE),
        ("2023年度“三公”经费支出决算表", TableType.THREE_PUBLIC),
        ("2023年度项目支出绩效自评表", TableType.OTHER),
        ("附件目录", TableType.OTHER),
        ("部门预算项目支出及其他支出预算表", TableType.PROJECT_EXPENDITURE),
        ("项目支出预算情况表", TableType.PROJECT_EXPENDITURE),
        ("一般公共预算项目支出情况表（按经济分类科目）", TableType.PROJECT_EXPENDITURE),
        ("部门综合预算专项业务经费支出表", TableType.PROJECT_EXPENDITURE),
        ("财政拨款支出表（功能科目）", TableType.APPROPRIATION_EXPENDITURE),
        ("政府采购支出预算表", TableType.GOVERNMENT_PROCUREMENT),
        ("一般公共预算机关运行经费支出预算表", TableType.OPERATING_COSTS),
        ("国有资产占用情况表", TableType.STATE_ASSETS),
    ],
)
def test_a_table_type_comes_from_its_title(title, kind):
    assert classify(title) == kind


def table_from(cells: list[list[str]], title: str = "2023年度支出决算表"):
    (grid,) = grids_on_page(page_with_grid(cells, above=[title, "单位：万元"]))
    return read_table([grid])


def test_header_rows_give_column_keys_and_the_body_gives_rows_with_codes():
    table = table_from(
        [
            ["科目编码", "科目名称", "本年支出合计", "基本支出", "项目支出"],
            ["206", "科学技术支出", "10.00", "4.00", "6.00"],
            ["20605", "科技条件与服务", "10.00", "4.00", "6.00"],
        ]
    )
    assert [c.key for c in table.columns] == ["total", "basic", "project"]
    lines = [(r.code, r.name, r.level) for r in table.rows]
    assert lines == [("206", "科学技术支出", 1), ("20605", "科技条件与服务", 2)]
    assert table.rows[0].values == {"total": Decimal("10.00"), "basic": Decimal("4.00"), "project": Decimal("6.00")}
    assert (table.type, table.unit, table.pages) == (TableType.EXPENDITURE, "万元", [1])


def test_a_class_line_printed_without_a_code_gets_the_code_of_its_name():
    table = table_from([["项目", "本年支出合计"], ["六、科学技术支出", "10.00"]])
    assert table.rows[0].code == "206"


def test_a_blank_cell_is_absent_not_zero():
    table = table_from([["项目", "本年支出合计", "基本支出"], ["合计", "10.00", ""]])
    assert table.rows[0].values == {"total": Decimal("10.00")}


def test_a_two_sided_summary_reads_its_income_and_expense_sides():
    table = table_from(
        [
            ["收入项目", "收入金额", "支出项目", "支出金额"],
            ["一般公共预算财政拨款收入", "12.00", "科学技术支出", "12.00"],
            ["收入总计", "12.00", "支出总计", "12.00"],
        ],
        title="2023年度收入支出决算总表",
    )
    sides = [(r.side, r.name) for r in table.rows]
    assert ("income", "收入总计") in sides and ("expense", "支出总计") in sides
    assert table.rows[1].code == "206"


def test_a_continued_table_reads_the_body_of_every_grid_under_the_first_header():
    header = ["项目", "本年支出合计"]
    first = Grid(page=3, cells=[header, ["合计", "3.00"]], row_boxes=[None, None], title="2023年度支出决算表")
    second = Grid(page=4, cells=[header, ["科学技术支出", "3.00"]], row_boxes=[None, None])
    table = read_table([first, second])
    assert [(r.name, r.page) for r in table.rows] == [("合计", 3), ("科学技术支出", 4)]
    assert table.pages == [3, 4]


def typed(title: str, pages: list[int]) -> Table:
    return Table(type=classify(title), title=title, pages=pages)


def test_of_two_basic_expenditure_tables_the_general_budget_one_keeps_the_type_and_the_other_is_other():
    tables = [typed("财政拨款基本支出表（经济科目）", [16]), typed("一般公共预算基本支出表", [18])]
    one_table_per_type(tables)
    assert [t.type for t in tables] == [TableType.OTHER, TableType.BASIC_EXPENDITURE_ECONOMIC]


def test_of_two_expenditure_tables_the_summary_keeps_the_type():
    tables = [typed("部门综合预算支出总表", [28]), typed("部门综合预算财政拨款上年结转资金支出表", [37])]
    one_table_per_type(tables)
    assert [t.type for t in tables] == [TableType.EXPENDITURE, TableType.OTHER]


def test_of_two_project_tables_the_list_of_projects_keeps_the_type_over_its_economic_breakdown():
    tables = [
        typed("一般公共预算项目支出情况表（按经济分类科目）", [16]),
        typed("部门预算项目支出及其他支出预算表", [22]),
    ]
    one_table_per_type(tables)
    assert [t.type for t in tables] == [TableType.OTHER, TableType.PROJECT_EXPENDITURE]


def test_amounts_under_a_header_cell_spanning_two_columns_are_read_as_that_column():
    table = table_from(
        [
            ["科目编码", "科目名称", "", "金额"],
            ["301", "工资福利支出", "10.00", ""],
            ["302", "商品和服务支出", "", "4.00"],
        ]
    )
    assert [c.key for c in table.columns] == ["amount"]
    assert [r.values for r in table.rows] == [{"amount": Decimal("10.00")}, {"amount": Decimal("4.00")}]


def test_amounts_ruled_into_a_line_of_their_own_belong_to_the_named_line_above():
    cells = [
        ["科目编码", "科目名称", "金额"],
        ["204", "公共安全支出", ""],
        ["", "", "16.00"],
        ["20404", "检察", "16.00"],
    ]
    first = Grid(page=3, cells=cells, row_boxes=[None] * 4, title="一般公共预算支出预算表")
    table = read_table([first])
    assert [(r.code, list(r.values.values())) for r in table.rows] == [
        ("204", [Decimal("16.00")]),
        ("20404", [Decimal("16.00")]),
    ]


def test_the_block_of_a_summary_that_names_function_classes_gets_their_codes_and_an_economic_block_does_not():
    cells = [
        ["收入项目", "金额", "支出功能分类", "金额", "政府经济分类", "金额"],
        ["财政拨款", "9.00", "1、一般公共服务支出", "5.00", "机关工资福利支出", "5.00"],
        ["事业收入", "", "2、外交支出", "", "机关商品和服务支出", "3.00"],
        ["其他收入", "", "3、国防支出", "", "其他支出", "1.00"],
        ["", "", "4、公共安全支出", "4.00", "", ""],
    ]
    grid = Grid(page=26, cells=cells, row_boxes=[None] * 5, title="部门综合预算收支总表")
    table = read_table([grid])
    coded = {(r.side, r.name): r.code for r in table.rows if r.code}
    assert coded == {
        ("block2", "1、一般公共服务支出"): "201",
        ("block2", "2、外交支出"): "202",
        ("block2", "3、国防支出"): "203",
        ("block2", "4、公共安全支出"): "204",
    }


def test_a_line_printing_the_government_and_the_department_economic_class_is_the_departments():
    cells = [
        ["政府支出经济分类科目", "部门支出经济分类科目", "预算数"],
        ["50501-工资福利支出", "30101-基本工资", "230.170400"],
        ["50501-工资福利支出", "30102-津贴补贴", "230.299000"],
    ]
    (grid,) = grids_on_page(page_with_grid(cells, above=["一般公共预算基本支出表"], widths=[200.0, 200.0, 100.0]))
    table = read_table([grid])
    assert [(r.code, r.name) for r in table.rows] == [("30101", "基本工资"), ("30102", "津贴补贴")]


def test_a_units_code_is_not_read_as_a_classification_code():
    cells = [["单位编码", "单位名称", "金额"], ["合计", "", "62.00"], ["119", "西安市统计局", "62.00"]]
    (grid,) = grids_on_page(page_with_grid(cells, above=["部门综合预算收入总表"], widths=[80.0, 160.0, 100.0]))
    table = read_table([grid])
    assert [(r.code, r.name) for r in table.rows] == [("", "合计"), ("", "西安市统计局")]


def test_a_table_printed_with_no_amount_keeps_its_lines_under_the_header():
    cells = [
        ["项目", "预算数", "支出功能分类科目", "预算数"],
        ["一、政府性基金拨款", "", "一、科学技术支出", ""],
        ["", "", "二、文化旅游体育与传媒支出", ""],
        ["合计", "", "", ""],
    ]
    (grid,) = grids_on_page(page_with_grid(cells, above=["部门综合预算政府性基金收支表"]))
    table = read_table([grid])
    assert [r.name for r in table.rows if r.name] == [
        "一、政府性基金拨款",
        "一、科学技术支出",
        "二、文化旅游体育与传媒支出",
        "合计",
    ]


def test_a_header_with_a_total_column_is_not_taken_for_a_line_of_an_empty_table():
    cells = [["科目编码", "科目名称", "合计", "基本支出"], ["类", "", "", ""]]
    (grid,) = grids_on_page(page_with_grid(cells, above=["国有资本经营预算支出表"]))
    assert read_table([grid]).rows == []
