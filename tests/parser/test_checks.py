"""Each registered rule on hand-made tables and texts: it passes where the identity holds and fails where not."""

from decimal import Decimal

import pytest

from budgetpdf import checks
from budgetpdf.metadata import Metadata
from budgetpdf.model import Check, Column, PageText, Row, Table


def row(name: str, code: str = "", side: str | None = None, page: int = 5, **values: str) -> Row:
    return Row(name=name, code=code, side=side, page=page, values={k: Decimal(v) for k, v in values.items()})


def expenditure(*rows: Row, type: str = "expenditure") -> Table:
    columns = [Column("total", "本年支出合计"), Column("basic", "基本支出"), Column("project", "项目支出")]
    return Table(type=type, title="2023年度支出决算表", pages=[5], unit="万元", columns=columns, rows=list(rows))


def summary(income: str, expense: str, *class_rows: Row) -> Table:
    return Table(
        type="income_expenditure_summary",
        title="2023年度收入支出决算总表",
        pages=[3],
        unit="万元",
        columns=[Column("amount", "金额")],
        rows=[
            row("一般公共预算财政拨款收入", side="income", page=3, amount=income),
            *class_rows,
            row("收入总计", side="income", page=3, amount=income),
            row("支出总计", side="expense", page=3, amount=expense),
        ],
    )


def run(rule: str, tables: list[Table] = (), texts: list[str] = ()) -> list[Check]:
    pages = [PageText(number=i, text=text) for i, text in enumerate(texts, start=1)]
    evidence = checks.evidence_from(list(tables), pages, Metadata())
    return checks.run(evidence, only=[rule])


def outcomes(results: list[Check]) -> list[tuple[str, str, Decimal, Decimal]]:
    return [(c.status, c.row, c.expected, c.found) for c in results]


def test_a_parent_line_equal_to_the_sum_of_its_children_passes():
    table = expenditure(
        row("科学技术支出", "206", total="10"), row("a", "20601", total="4"), row("b", "20602", total="6")
    )
    assert outcomes(run("parent_equals_sum_of_children", [table])) == [("pass", "206", Decimal("10"), Decimal("10"))]


def test_a_parent_line_off_by_a_cent_fails_with_both_numbers_and_its_page_as_a_rounding_note():
    table = expenditure(
        row("科学技术支出", "206", total="10.01"), row("a", "20601", total="4.00"), row("b", "20602", total="6.00")
    )
    (check,) = run("parent_equals_sum_of_children", [table])
    assert (check.status, check.expected, check.found, check.page) == ("fail", Decimal("10.00"), Decimal("10.01"), 5)
    assert check.rule == "parent_equals_sum_of_children" and check.severity == "note"
    assert "10.01" in check.message and "0.01" in check.message


def test_a_parent_line_off_by_more_than_its_rounding_is_an_error():
    table = expenditure(
        row("科学技术支出", "206", total="10.02"), row("a", "20601", total="4.00"), row("b", "20602", total="6.00")
    )
    (check,) = run("parent_equals_sum_of_children", [table])
    assert (check.status, check.severity) == ("fail", "error")


def test_the_total_line_is_checked_against_the_class_lines():
    good = expenditure(row("合计", total="10"), row("a", "206", total="4"), row("b", "208", total="6"))
    bad = expenditure(row("合计", total="11"), row("a", "206", total="4"), row("b", "208", total="6"))
    assert [c.status for c in run("total_equals_sum_of_classes", [good])] == ["pass"]
    assert [c.status for c in run("total_equals_sum_of_classes", [bad])] == ["fail"]


def test_a_row_total_is_checked_against_the_columns_it_divides_into():
    good = expenditure(row("科学技术支出", "206", total="10", basic="4", project="6"))
    bad = expenditure(row("科学技术支出", "206", total="10", basic="4", project="5"))
    assert outcomes(run("row_total_equals_sum_of_parts", [good])) == [("pass", "206", Decimal("10"), Decimal("10"))]
    assert outcomes(run("row_total_equals_sum_of_parts", [bad])) == [("fail", "206", Decimal("9"), Decimal("10"))]


def test_an_empty_table_or_one_of_unknown_type_is_not_checked():
    lines = (row("合计", total="11"), row("a", "206", total="4"))
    empty = expenditure(*lines)
    empty.empty = True
    assert run("total_equals_sum_of_classes", [empty, expenditure(*lines, type="other")]) == []


def test_the_two_sides_of_a_summary_balance_or_the_difference_is_reported():
    assert [c.status for c in run("income_total_equals_expense_total", [summary("12", "12")])] == ["pass"]
    (check,) = run("income_total_equals_expense_total", [summary("12", "13")])
    assert (check.status, check.expected, check.found, check.page) == ("fail", Decimal("12"), Decimal("13"), 3)


def test_a_class_total_is_the_same_in_the_summary_and_the_expenditure_table():
    detail = expenditure(row("合计", total="12"), row("科学技术支出", "206", total="12"))
    agreeing = summary("12", "12", row("科学技术支出", "206", side="expense", page=3, amount="12"))
    differing = summary("12", "12", row("科学技术支出", "206", side="expense", page=3, amount="12.01"))
    assert outcomes(run("class_total_agrees_between_tables", [agreeing, detail])) == [
        ("pass", "206", Decimal("12"), Decimal("12"))
    ]
    assert outcomes(run("class_total_agrees_between_tables", [differing, detail])) == [
        ("fail", "206", Decimal("12"), Decimal("12.01"))
    ]


def test_a_total_stated_in_the_narrative_is_checked_against_the_tables():
    tables = [expenditure(row("合计", total="12", basic="4", project="8"))]
    agreeing = run("narrative_equals_table", tables, ["本年支出合计12.00万元。"])
    differing = run("narrative_equals_table", tables, ["本年支出合计12.50万元。"])
    assert outcomes(agreeing) == [("pass", "total_expenditure", Decimal("12"), Decimal("12.00"))]
    assert outcomes(differing) == [("fail", "total_expenditure", Decimal("12"), Decimal("12.50"))]
    assert differing[0].page == 1 and "12.50" in differing[0].message


def test_an_item_stated_in_the_narrative_is_checked_against_its_line():
    table = expenditure(
        row("住房保障支出", "221", total="6.19"),
        row("住房改革支出", "22102", total="6.19"),
        row("提租补贴", "2210202", total="6.19"),
        type="general_budget_expenditure",
    )
    text = "住房保障支出(类)住房改革支出(款)提租补贴(项)。支出决算为{}万元。"
    assert [c.status for c in run("narrative_item_equals_table", [table], [text.format("6.19")])] == ["pass"]
    (check,) = run("narrative_item_equals_table", [table], [text.format("29.73")])
    assert (check.status, check.row, check.expected, check.found) == (
        "fail",
        "2210202",
        Decimal("6.19"),
        Decimal("29.73"),
    )


def test_a_narrative_without_a_matching_table_figure_makes_no_check():
    assert run("narrative_equals_table", [], ["本年支出合计12.00万元。"]) == []


@pytest.mark.parametrize("rule", ["narrative_equals_table", "parent_equals_sum_of_children"])
def test_run_with_only_runs_only_the_named_rules(rule):
    table = expenditure(row("合计", total="12"), row("科学技术支出", "206", total="12"), row("a", "20601", total="12"))
    evidence = checks.evidence_from([table], [PageText(1, "本年支出合计12.00万元。")], Metadata())
    assert {c.rule for c in checks.run(evidence, only=[rule])} == {rule}
    assert len({c.rule for c in checks.run(evidence)}) > 1


def test_a_fiscal_year_the_table_titles_contradict_is_reported():
    titles = [Table(type="expenditure", title=f"2024年部门支出预算表{n}", pages=[n]) for n in (1, 2)]
    evidence = checks.evidence_from(titles, [], Metadata(fiscal_year=2026))
    (check,) = checks.run(evidence, only=["fiscal_year_agrees_with_titles"])
    assert (check.status, check.severity) == ("fail", "note")
    assert "2024" in check.message and "2026" in check.message


def test_a_fiscal_year_within_one_of_the_titles_raises_nothing():
    titles = [Table(type="expenditure", title="2025年部门支出预算表", pages=[1])]
    evidence = checks.evidence_from(titles, [], Metadata(fiscal_year=2026))
    assert checks.run(evidence, only=["fiscal_year_agrees_with_titles"]) == []


def test_a_class_printed_again_beside_a_second_economic_class_is_part_of_the_total():
    table = expenditure(
        row("合计", total="12.00"),
        row("工资福利支出", code="301", total="5.00"),
        row("工资福利支出", code="301", total="4.00"),
        row("商品和服务支出", code="302", total="3.00"),
        type="basic_expenditure_economic",
    )
    assert [c.status for c in run("total_equals_sum_of_classes", [table])] == ["pass"]


def test_a_class_list_repeated_for_the_next_unit_is_not_added_to_the_first_units_total():
    table = expenditure(
        row("合计", total="9.00"),
        row("一般公共服务支出", code="201", total="9.00"),
        row("一般公共服务支出", code="201", total="2.00"),
    )
    assert [c.status for c in run("total_equals_sum_of_classes", [table])] == ["pass"]
