"""“三公”经费 in the narrative against the 三公 table."""

from decimal import Decimal

from budgetpdf.checks import run
from budgetpdf.model import Column, Row, Table

from .evidence import evidence, failed

BUDGET_COLUMNS = ["total", "abroad", "vehicles", "vehicle_purchase", "vehicle_operation", "reception"]


def three_public(values, columns=BUDGET_COLUMNS, page=12):
    row = Row(name="", values={key: Decimal(value) for key, value in values.items()}, page=page)
    return Table(
        type="three_public",
        title="财政拨款“三公”经费支出表",
        pages=[page],
        columns=[Column(key=key, label=key) for key in columns],
        rows=[row],
    )


def checks_of(*pages, table, kind="budget"):
    return failed(run(evidence(*pages, tables=[table], kind=kind), only=["three_public_narrative_matches_table"]))


def test_an_item_the_narrative_states_otherwise_than_the_table_is_reported_on_both_pages():
    table = three_public({"total": "4.40", "vehicles": "4.40", "vehicle_operation": "4.40"})
    (check,) = checks_of("3. 公务接待费预算3万元，与2023年预算相比无变化。", table=table)
    assert (check.found, check.expected) == (Decimal(3), Decimal(0))
    assert [place["page"] for place in check.places] == [17, 12]


def test_items_that_match_the_table_pass():
    table = three_public({"total": "4.40", "vehicles": "4.40", "vehicle_operation": "4.40"})
    text = "一般公共预算财政拨款安排“三公”经费预算4.40万元，比2023年预算相比无变化。"
    assert checks_of(text, "2. 公务用车购置及运行维护费4.40万元，比2023年预算相比无变化。", table=table) == []


def test_a_final_report_s_final_figure_is_compared_with_the_final_columns():
    columns = ["budget", "abroad", "vehicles", "reception", "final", "abroad_2", "vehicles_2", "reception_2"]
    table = three_public({"budget": "1.00", "reception": "1.00", "final": "0.80", "reception_2": "0.80"}, columns)
    (check,) = checks_of("3.公务接待费预算为1.00万元，支出决算为0.90万元。", table=table, kind="final")
    assert (check.found, check.expected) == (Decimal("0.90"), Decimal("0.80"))


def test_a_part_listed_after_its_item_is_not_the_item_again():
    table = three_public({"total": "5.40", "vehicles": "5.40", "vehicle_operation": "5.40"})
    text = "2.公务用车购置及运行费5.4万元，包括公务用车购置费0万元，与上年基本持平。"
    assert checks_of(text, table=table) == []
