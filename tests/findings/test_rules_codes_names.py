"""A classification code printed with another code's name."""

from decimal import Decimal

from budgetpdf.checks import run
from budgetpdf.model import Row, Table

from .evidence import evidence, failed


def detail(*rows, page=11):
    printed = [Row(name=name, values={"total": Decimal("1.00")}, page=page, code=code) for code, name in rows]
    return Table(type="general_budget_expenditure", title="一般公共预算财政拨款支出决算表", pages=[page], rows=printed)


def checks_of(*tables):
    return failed(run(evidence("", tables=list(tables)), only=["code_name_matches_classification"]))


def test_a_code_printed_with_another_code_s_name_is_reported_with_both():
    (check,) = checks_of(detail(("2080505", "住房公积金")))
    assert "2080505 住房公积金" in check.message and "机关事业单位基本养老保险缴费支出" in check.message
    assert check.page == 11 and check.row == "2080505"


def test_a_code_with_its_own_name_passes():
    assert checks_of(detail(("2080505", "机关事业单位基本养老保险缴费支出"), ("2210201", "住房公积金"))) == []


def test_the_same_misnamed_code_in_two_tables_is_one_finding_naming_both_pages():
    (check,) = checks_of(detail(("2080505", "住房公积金")), detail(("2080505", "住房公积金"), page=15))
    assert [place["page"] for place in check.places] == [11, 15]


def test_a_name_no_code_carries_is_not_judged_here():
    assert checks_of(detail(("2080505", "养老保险缴费"))) == []


def test_a_code_the_reader_completed_from_the_lines_above_is_not_a_printed_slip():
    table = detail(("2080105", "行政事业单位养老支出"), page=17)
    page = "01 人力资源和社会保障管理事务 28589.24\n行政事业单位养老支出\n2080105 71797.82"
    assert failed(run(evidence(page, tables=[table], year=2020), only=["code_name_matches_classification"])) != []
    printed_short = "2080105 劳动保障监察 78.79\n05 行政事业单位养老支出 71797.82"
    assert (
        failed(run(evidence(printed_short, tables=[table], year=2020), only=["code_name_matches_classification"])) == []
    )
