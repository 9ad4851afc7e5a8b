"""Comparison words against the numbers they are stated with."""

from decimal import Decimal

from budgetpdf.checks import run

from .evidence import evidence, failed


def checks_of(*pages):
    return failed(run(evidence(*pages), only=["comparison_word_matches_numbers"]))


def test_an_increase_followed_by_a_falling_rate_is_reported_with_both_words():
    (check,) = checks_of("与2022年度相比，收入合计增加438.13万元，下降25.29%，主要原因是压减了运行维护费。")
    assert "增加" in check.message and "下降" in check.message and check.page == 17


def test_a_decrease_with_a_falling_rate_agrees():
    assert checks_of("与2022年度相比，收入合计减少438.13万元，下降25.29%。") == []


def test_final_said_to_exceed_a_larger_budget_is_reported_with_both_amounts():
    text = (
        "年初预算为217.5万元，支出决算为 207.04万元，完成年初预算的95.19%，"
        "支出决算数大于年初预算数的主要原因：新增了人员经费。"
    )
    (check,) = checks_of(text)
    assert (check.expected, check.found) == (Decimal("217.5"), Decimal("207.04"))
    assert "大于" in check.message and "小于" in check.message


def test_final_below_its_budget_said_to_be_below_agrees():
    text = "年初预算为1070.79万元，支出决算为937.71万元，支出决算数小于年初预算数的主要原因：财政资金紧张。"
    assert checks_of(text) == []
