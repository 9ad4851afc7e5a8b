"""Figures that must agree across sections: 政府采购 total and parts, 年末结转和结余 and its arithmetic."""

from decimal import Decimal

from budgetpdf.checks import run

from .evidence import evidence, failed


def checks_of(*pages):
    return failed(run(evidence(*pages), only=["cross_section_figures_agree"]))


def test_a_procurement_total_its_parts_do_not_make_is_reported_with_both_numbers():
    (check,) = checks_of("2023年度政府采购支出总额689.68万元，其中：政府采购服务支出669.68万元。")
    assert (check.found, check.expected) == (Decimal("689.68"), Decimal("669.68"))


def test_parts_listed_in_the_next_sentence_count():
    text = "2024年部门预算中纳入政府采购预算支出合计1122.31万元。包括：货物类0万元，工程类0万元，服务类1122.31万元。"
    assert checks_of(text) == []


def test_the_appropriations_own_procurement_after_the_total_s_parts_is_not_a_part():
    text = (
        "政府采购预算总额11884.37万元：政府采购货物预算2703.49万元、政府采购工程预算239.56万元、"
        "政府采购服务预算8941.32万元；其中一般公共预算拨款政府采购11307.34万元：政府采购货物预算2703.19万元。"
    )
    assert checks_of(text) == []


def test_a_closing_balance_at_odds_with_its_arithmetic_is_reported():
    text = "年初结转和结余 10.00 万元，本年收入 5.00 万元，本年支出 3.00 万元，年末结转和结余 13.00 万元。"
    (check,) = checks_of(text)
    assert (check.found, check.expected) == (Decimal("13.00"), Decimal("12.00"))


def test_a_closing_balance_that_adds_up_passes():
    text = "年初结转和结余 0.00 万元，本年收入 0.00 万元，本年支出 0.00 万元，年末结转和结余 0.00 万元。"
    assert checks_of(text) == []


def test_a_procurement_finding_names_every_part_it_added():
    (check,) = checks_of(
        "2023年度政府采购支出总额2132.97万元，其中：政府采购货物支出10.71万元、政府采购服务支出2157.46万元。"
    )
    assert "货物支出10.71万元" in check.message and "服务支出2157.46万元" in check.message
