"""Standard tables listed in the contents are printed; an empty one says so."""

from decimal import Decimal

from budgetpdf.checks import run
from budgetpdf.model import Row, Table

from .evidence import evidence, failed

CONTENTS = "第二部分 2023年度部门决算表\n一、收入支出决算总表\n二、收入决算表\n"


def table(kind, title, page, rows=1, empty=False):
    printed = [Row(name="合计", values={}, page=page)] * rows
    return Table(type=kind, title=title, pages=[page], rows=printed, empty=empty)


def checks_of(*pages, tables, kind="final"):
    return failed(run(evidence(*pages, tables=tables, kind=kind, first_page=2), only=["standard_tables_present"]))


def test_a_table_the_contents_list_but_the_report_lacks_is_reported_by_its_type():
    printed = [table("income_expenditure_summary", "收入支出决算总表", 3)]
    (check,) = checks_of(CONTENTS, "收入支出决算总表", tables=printed, kind="budget")
    assert check.table == "income" and check.page == 2 and "收入决算表" in check.message


def test_every_table_the_contents_list_printed_passes():
    printed = [table("income_expenditure_summary", "收入支出决算总表", 3), table("income", "收入决算表", 4)]
    assert checks_of(CONTENTS, "表", "表", tables=printed, kind="budget") == []


def test_a_final_report_without_contents_is_held_to_the_required_set():
    printed = [table("income_expenditure_summary", "收入支出决算总表", 3)]
    missing = {check.table for check in checks_of("概况", "表", tables=printed)}
    assert "three_public" in missing and "income_expenditure_summary" not in missing


def test_an_empty_table_without_a_note_is_reported_and_one_with_the_note_passes():
    bare = table("government_fund", "政府性基金预算财政拨款收入支出决算表", 3, rows=0)
    noted = table("state_capital", "国有资本经营预算财政拨款支出决算表", 4, rows=0, empty=True)
    pages = ("目录", "政府性基金预算财政拨款收入支出决算表\n合计", "本表无数据")
    checks = checks_of(*pages, tables=[bare, noted], kind="budget")
    assert [check.table for check in checks] == ["government_fund"]


def test_an_empty_table_whose_fund_the_narrative_says_is_nil_is_a_note_not_an_error():
    bare = table("government_fund", "政府性基金预算支出表", 3, rows=0)
    pages = ("目录", "政府性基金预算支出表\n合计", "本部门无当年政府性基金预算收支，并已公开空表。")
    (check,) = checks_of(*pages, tables=[bare], kind="budget")
    assert (check.table, check.severity) == ("government_fund", "note")


def test_an_empty_table_whose_fund_the_summary_prints_with_an_amount_stays_an_error():
    bare = table("state_capital", "国有资本经营预算支出表", 3, rows=0)
    summary = Table(
        type="income_expenditure_summary",
        title="收支总表",
        pages=[4],
        rows=[Row(name="三、国有资本经营预算拨款收入", values={"amount": Decimal("12.50")}, page=4)],
    )
    pages = ("目录", "国有资本经营预算支出表\n合计", "收支总表")
    (check,) = checks_of(*pages, tables=[bare, summary], kind="budget")
    assert (check.table, check.severity) == ("state_capital", "error")


def test_an_empty_table_whose_line_the_summary_prints_blank_is_a_note():
    bare = table("state_capital", "国有资本经营预算支出表", 3, rows=0)
    summary = Table(
        type="income_expenditure_summary",
        title="收支总表",
        pages=[4],
        rows=[Row(name="三、国有资本经营预算拨款收入", values={}, page=4)],
    )
    pages = ("目录", "国有资本经营预算支出表\n合计", "收支总表")
    (check,) = checks_of(*pages, tables=[bare, summary], kind="budget")
    assert check.severity == "note"
