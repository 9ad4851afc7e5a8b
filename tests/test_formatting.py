"""Amounts and names as the pages, messages, CSV and API show them."""

from decimal import Decimal

import pytest

from disclosures import formatting


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (Decimal("1234567.8"), "万元", "1,234,567.80"),
        (Decimal("2743.1100"), "万元", "2,743.11"),
        (Decimal("12"), "万元", "12.00"),
        (Decimal("-3500.25"), "万元", "-3,500.25"),
        (Decimal("1234.5678"), "万元", "1,234.5678"),
        (Decimal("1520"), "人", "1,520"),
        (Decimal("98.5"), "%", "98.50"),
    ],
)
def test_an_amount_for_reading_has_grouped_thousands_and_keeps_its_printed_decimals(value, unit, shown):
    assert formatting.amount_grouped(value, unit) == shown


def test_an_amount_for_csv_and_json_drops_only_the_column_padding():
    assert formatting.amount_plain(Decimal("2743.1100")) == "2743.11"
    assert formatting.amount_plain(Decimal("2743.0000")) == "2743"
    assert formatting.amount_plain(Decimal("2740")) == "2740"
    assert formatting.amount_plain(None) is None


def test_the_printed_text_is_kept_without_separators_when_it_is_the_amount():
    assert formatting.printed_plain("1,234.50", Decimal("1234.5000")) == "1234.50"
    assert formatting.printed_plain("1 234.50", Decimal("1234.5")) == "1234.50"


def test_a_printed_text_that_is_not_the_amount_gives_way_to_the_amount():
    assert formatting.printed_plain("1.2亿元", Decimal("12000.0000")) == "12000"
    assert formatting.printed_plain("", Decimal("3.10")) == "3.1"
    assert formatting.printed_plain("1,000.00", Decimal("999.99")) == "999.99"


def test_the_two_sides_of_a_table_are_named_in_chinese_and_other_blocks_keep_their_name():
    assert formatting.side_label("income") == "收入"
    assert formatting.side_label("expense") == "支出"
    assert formatting.side_label("block2") == "block2"


def test_key_figures_are_named_in_chinese_and_function_classes_by_name_and_code():
    assert formatting.figure_label("total_expenditure") == "支出合计"
    assert formatting.figure_label("function_201") == "一般公共服务支出（201）"
    assert formatting.figure_label("something_new") == "something_new"


def test_report_kinds_and_scopes_have_one_set_of_names():
    assert formatting.KIND_LABELS == {"budget": "预算", "final": "决算"}
    assert formatting.SCOPE_LABELS == {"department": "部门", "unit": "单位"}
