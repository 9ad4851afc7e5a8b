"""Amounts stated in 元 where the same figure is in 万元."""

from decimal import Decimal

from budgetpdf.checks import run

from .evidence import evidence, failed


def checks_of(*pages):
    return failed(run(evidence(*pages), only=["amount_unit_matches_scale"]))


def test_a_total_in_yuan_that_is_stated_elsewhere_in_wan_yuan_is_reported():
    (check,) = checks_of("2023年度收、支总计1294.48元。2023年度收入合计1294.48万元。")
    assert check.found == Decimal("1294.48") and check.page == 17 and "1294.48元" in check.message


def test_a_sum_in_yuan_not_stated_in_wan_yuan_passes():
    assert checks_of("2023年度收入合计1294.48万元。人均公用经费3512.50元。") == []


def test_a_unit_the_text_layer_split_around_its_numbers_is_not_a_wrong_unit():
    assert checks_of("收入预算 万2026 515313.35元。支出预算515313.35万元。") == []
