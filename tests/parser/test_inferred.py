"""Lines printed by name only get the one code their name has under the line above, in the report's year."""

from decimal import Decimal

from budgetpdf import TableType
from budgetpdf.inferred import infer_codes
from budgetpdf.model import Row, Table, _row_json


def lines(kind: TableType, *names: str, code: str = "") -> Table:
    rows = [Row(name=name, values={"total": Decimal("1.00")}, page=3) for name in names]
    if code:
        rows[0].code = code
    return Table(type=kind, title="支出预算总表", pages=[3], rows=rows)


def test_function_lines_printed_by_name_get_the_code_of_their_name_under_the_line_above():
    table = lines(TableType.EXPENDITURE, "公共安全支出", "司法", "行政运行", "基层司法业务")
    infer_codes([table], 2026)
    assert [(r.code, r.name, r.code_inferred) for r in table.rows] == [
        ("204", "公共安全支出", True),
        ("20406", "司法", True),
        ("2040601", "行政运行", True),
        ("2040604", "基层司法业务", True),
    ]


def test_after_a_line_of_unknown_level_a_name_shared_by_many_lines_gets_no_code():
    table = lines(TableType.EXPENDITURE, "公共安全支出", "司法", "行政运行", "某个未知的款", "行政运行")
    infer_codes([table], 2026)
    assert table.rows[4].code == ""


def test_codes_inferred_under_a_line_that_also_holds_a_line_of_unknown_level_are_taken_back():
    table = lines(TableType.EXPENDITURE, "公共安全支出", "司法", "行政运行", "某个未知的款", "行政运行", "教育支出")
    infer_codes([table], 2026)
    # 司法 and its 行政运行 would be checked against 公共安全支出 without the unknown line: no code is guessed
    assert [r.code for r in table.rows] == ["204", "", "", "", "", "205"]


def test_economic_classes_printed_by_name_get_department_economic_codes():
    table = lines(TableType.BASIC_EXPENDITURE_ECONOMIC, "工资福利支出", "基本工资", "商品和服务支出", "办公费")
    infer_codes([table], 2026)
    assert [r.code for r in table.rows] == ["301", "30101", "302", "30201"]


def test_a_printed_code_is_kept_and_not_marked_inferred():
    table = lines(TableType.EXPENDITURE, "司法", "行政运行", code="20406")
    infer_codes([table], 2026)
    assert [(r.code, r.code_inferred) for r in table.rows] == [("20406", False), ("2040601", True)]


def test_without_a_fiscal_year_no_code_is_inferred():
    table = lines(TableType.EXPENDITURE, "公共安全支出")
    infer_codes([table], None)
    assert table.rows[0].code == ""


def test_an_inferred_code_is_marked_in_the_report_json_and_a_printed_one_is_not():
    table = lines(TableType.EXPENDITURE, "司法", "行政运行", code="20406")
    infer_codes([table], 2026)
    assert "code_inferred" not in _row_json(table.rows[0])
    assert _row_json(table.rows[1])["code_inferred"] is True
