"""Staff parts against their total; a change on the year before against its rate."""

from decimal import Decimal

from budgetpdf.checks import run

from .evidence import evidence, failed


def checks_of(rule_id, *pages):
    return failed(run(evidence(*pages), only=[rule_id]))


def test_staff_parts_that_do_not_make_the_total_are_reported_with_the_count_they_need():
    text = "编制人数16人，其中：行政编制2人，事业编制16人（其中：参照公务员法管理0人）。"
    (check,) = checks_of("staff_and_changes_agree", text)
    assert (check.found, check.expected) == (Decimal(2), Decimal(0))


def test_staff_parts_that_make_the_total_pass_and_the_nested_count_is_not_a_part():
    text = "实有人数15人，其中：行政实有0人，事业实有15人（其中：参照公务员法管理0人）。"
    assert checks_of("staff_and_changes_agree", text) == []


def test_a_change_amount_at_odds_with_a_rate_stated_elsewhere_with_another_amount_is_the_wrong_change():
    page = (
        "2023年度收入合计1294.48万元，与2022年度相比，收入合计减少438.13万元，下降25.29%。"
        "2023年度支出合计1294.48万元，与2022年度相比，支出合计减少473.33万元，下降25.29%。"
    )
    (change,) = checks_of("staff_and_changes_agree", page)
    assert (change.found, change.expected) == (Decimal("473.33"), Decimal("438.13"))
    assert checks_of("percentage_recomputes", page) == []


def test_a_lone_rate_at_odds_with_its_change_is_the_wrong_rate():
    page = "2023年度收入合计1294.48万元，与2022年度相比，收入合计减少438.13万元，下降28.29%。"
    assert checks_of("staff_and_changes_agree", page) == []
    (rate,) = checks_of("percentage_recomputes", page)
    assert rate.found == Decimal("28.29")
