"""Percentages recomputed from the amounts stated with them."""

from decimal import Decimal

from budgetpdf.checks import run

from .evidence import evidence, failed


def checks_of(*pages):
    return failed(run(evidence(*pages), only=["percentage_recomputes"]))


def test_a_wrong_completion_rate_is_reported_with_the_rate_the_amounts_give():
    (check,) = checks_of("年初预算为1370.19万元，支出决算为1294.48万元，完成年初预算的96.47%。")
    assert (check.found, check.expected) == (Decimal("96.47"), Decimal("94.47"))


def test_a_completion_rate_within_the_rounding_of_its_amounts_passes():
    assert checks_of("项目全年预算数为3万元，执行数为2.41万元，完成预算的80.41%。") == []


def test_a_wrong_rate_of_decrease_is_reported_against_the_year_before_s_amount():
    (check,) = checks_of("2023年度收入合计1294.48万元，与2022年度相比，收入合计减少438.13万元，下降28.29%。")
    assert (check.found, check.expected) == (Decimal("28.29"), Decimal("25.29"))


def test_a_rate_of_decrease_over_the_year_before_passes():
    assert checks_of("2023年度收、支总计1294.48万元。与2022年度相比，收、支总计各减少438.13万元，下降25.29%。") == []


def test_a_wrong_share_of_a_total_stated_before_it_is_reported():
    text = (
        "2023年度支出合计1294.48万元。"
        "其中：基本支出353.78万元，占本年支出30.33%；项目支出940.71万元，占本年支出72.67%。"
    )
    (check,) = checks_of(text)
    assert (check.found, check.expected) == (Decimal("30.33"), Decimal("27.33"))


def test_a_share_of_a_whole_the_narrative_does_not_state_is_not_judged():
    assert checks_of("授予中小企业合同金额363.24万元，占政府采购支出总额的54.2%。") == []


def test_a_rate_over_last_year_s_execution_which_is_not_stated_is_not_judged():
    assert checks_of("2026年预算57.50万元。比上年执行数减少595.22万元，下降26.8%。") == []


def test_the_same_wrong_rate_in_several_sentences_is_one_finding_naming_every_page():
    page = "2023年度收入合计1294.48万元，与2022年度相比，收入合计减少438.13万元，下降28.29%。"
    (check,) = checks_of(page, page.replace("收入", "支出"))
    assert [place["page"] for place in check.places] == [17, 18]


def test_shares_of_a_whole_the_narrative_leaves_unstated_are_recomputed_from_their_sum():
    page = (
        "2026年支出预算4483899.83万元，比2025年年初预算数4001046.82万元增加482853.01万元，增长12.07%。"
        "（一）基本支出。基本支出预算2919265.78万元，占本年支出预算74.41%。"
        "（二）项目支出。项目支出预算1003810.85万元，占本年支出预算25.59%。"
    )
    assert checks_of(page) == []


def test_a_wrong_share_of_a_whole_made_of_its_siblings_is_still_reported():
    page = "基本支出预算2919265.78万元，占本年支出预算70.41%。项目支出预算1003810.85万元，占本年支出预算25.59%。"
    (check,) = checks_of(page)
    assert (check.found, check.expected) == (Decimal("70.41"), Decimal("74.41"))


def test_a_completion_rate_of_whole_amounts_is_recomputed_as_printed():
    (check,) = checks_of("项目全年预算数为80万元，执行数为90万元，完成预算的111%。")
    assert (check.found, check.expected) == (Decimal("111"), Decimal("113"))
    assert checks_of("项目全年预算数为80万元，执行数为90万元，完成预算的113%。") == []


def test_a_rate_over_the_year_before_s_budget_at_odds_with_its_amounts_is_a_note():
    (check,) = checks_of("2026年预算48.78万元，比上年预算减少4.98万元，下降9.0%。")
    assert (check.found, check.severity) == (Decimal("9.0"), "note")
