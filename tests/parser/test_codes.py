"""Classification codes in every printed form: in their own cells, before the name, split over columns, or
printed as two digits under their parent; the name is kept as printed and the full code rebuilt."""

import pytest

from budgetpdf import codes
from budgetpdf.grids import grids_on_page
from budgetpdf.tables import read_table

from .handmade import page_with_grid


@pytest.mark.parametrize(
    ("cell", "code", "name"),
    [
        ("[205]教育支出", "205", "教育支出"),
        ("【206】科学技术支出", "206", "科学技术支出"),
        ("2010801-行政运行", "2010801", "行政运行"),
        ("2010801 行政运行", "2010801", "行政运行"),
        ("30101-基本工资", "30101", "基本工资"),
        ("301 01 基本工资", "30101", "基本工资"),
        ("2010801** 行政运行", "2010801", "行政运行"),
        ("行政运行", "", "行政运行"),
        ("2023年结转", "", "2023年结转"),
    ],
)
def test_a_code_printed_before_the_name_is_split_from_the_name_as_printed(cell, code, name):
    assert codes.split_code_name(cell) == (code, name)


@pytest.mark.parametrize(
    ("cell", "code"), [("2010801**", "2010801"), ("301 01", "30101"), ("201 ", "201"), ("合计", "")]
)
def test_a_cell_holding_only_a_code_gives_its_digits(cell, code):
    assert codes.bare_code(cell) == code


def test_class_columns_with_the_parent_left_blank_are_completed_from_the_lines_above():
    trail = codes.CodeTrail()
    assert trail.from_columns(["201", "", ""]) == "201"
    assert trail.from_columns(["", "40", ""]) == "20140"
    assert trail.from_columns(["", "", "01"]) == "2014001"
    assert trail.from_columns(["", "", "02"]) == "2014002"
    assert trail.from_columns(["", "41", ""]) == "20141"
    assert trail.from_columns(["201", "41", "01"]) == "2014101"


def test_two_digit_codes_in_one_column_are_placed_under_the_line_above():
    trail = codes.CodeTrail()
    assert trail.from_cell("208") == "208"
    assert trail.from_cell("10") == "20810"
    assert trail.from_cell("01") == "2081001"
    assert trail.from_cell("02") == "2081002"
    assert trail.from_cell("1") == ""


def table_from(cells, title="2026年部门支出预算表"):
    (grid,) = grids_on_page(page_with_grid(cells, above=[title, "单位：万元"]))
    return read_table([grid])


def test_a_bracketed_code_in_the_name_cell_becomes_the_line_code():
    table = table_from([["项目", "合计"], ["[205]教育支出", "10.00"], ["[20502]普通教育", "10.00"]])
    assert [(r.code, r.name) for r in table.rows] == [("205", "教育支出"), ("20502", "普通教育")]


def test_class_columns_with_the_parent_omitted_give_every_line_its_full_code():
    table = table_from(
        [
            ["类", "款", "项", "科目名称", "合计"],
            ["201", "", "", "一般公共服务支出", "10.00"],
            ["", "40", "", "信访事务", "10.00"],
            ["", "", "01", "行政运行", "10.00"],
        ]
    )
    assert [(r.code, r.name) for r in table.rows] == [
        ("201", "一般公共服务支出"),
        ("20140", "信访事务"),
        ("2014001", "行政运行"),
    ]


def test_an_economic_class_in_two_columns_beside_a_second_classification_takes_the_first():
    table = table_from(
        [
            ["类", "款", "科目名称", "类", "款", "政府经济分类", "合计"],
            ["301", "", "工资福利支出", "501", "", "机关工资福利支出", "10.00"],
            ["", "01", "基本工资", "", "01", "工资奖金津补贴", "10.00"],
        ],
        title="2026年基本支出预算表",
    )
    assert [(r.code, r.name) for r in table.rows] == [("301", "工资福利支出"), ("30101", "基本工资")]


def test_a_code_column_beside_an_empty_unheaded_column_is_joined_to_its_line():
    table = table_from(
        [
            ["科目编码", "", "科目名称", "金额"],
            ["301", "", "工资福利支出", "10.00"],
            ["30101", "", "基本工资", "10.00"],
        ],
        title="2017年度一般公共预算基本支出预算表",
    )
    assert [(r.code, r.name, r.side) for r in table.rows] == [
        ("301", "工资福利支出", None),
        ("30101", "基本工资", None),
    ]
