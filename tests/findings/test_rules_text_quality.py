"""Doubled words and a purpose that is not its function class's."""

from budgetpdf.checks import run

from .evidence import evidence, failed


def checks_of(rule_id, *pages, **options):
    return failed(run(evidence(*pages, **options), only=[rule_id]))


def test_a_phrase_printed_twice_is_reported():
    (check,) = checks_of("purpose_and_wording", "减少主要原因主要原因是压减了运行维护费。")
    assert "主要原因主要原因" in check.message


def test_contradictory_words_side_by_side_are_reported():
    (check,) = checks_of("purpose_and_wording", "收、支总计各增加减少130.56万元。")
    assert "增加减少" in check.message


def test_a_two_character_word_beside_its_compound_is_not_a_slip():
    assert checks_of("purpose_and_wording", "主要用于设备设施更换工程工程款。") == []


def test_housing_spending_described_as_medical_insurance_is_reported():
    page = "5.住房保障(类)支出28.61万元，占2.21%。\n主要是用于在职人员医疗保险缴费支出。"
    (check,) = checks_of("purpose_and_wording", page)
    assert "住房保障" in check.message and "在职人员医疗保险缴费支出" in check.message


def test_housing_spending_on_the_housing_fund_is_its_own_purpose():
    page = "5.住房保障(类)支出28.61万元，占2.21%。\n主要是用于在职人员住房公积金和住房货币化补贴支出。"
    assert checks_of("purpose_and_wording", page) == []


def test_a_phrase_doubled_in_a_heading_is_reported():
    (check,) = checks_of("purpose_and_wording", "第三部分 情况说明\n三、支出决算支出决算情况说明\n正文。")
    assert "支出决算支出决算" in check.message
