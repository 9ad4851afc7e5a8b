"""Template remnants in the narrative: XX, 【】, a 万元 or % with no number."""

from budgetpdf.checks import run
from budgetpdf.model import Table

from .evidence import evidence, failed


def checks_of(rule_id, *pages, **options):
    return failed(run(evidence(*pages, **options), only=[rule_id]))


def test_an_xx_left_for_a_total_is_reported_with_its_page_and_quote():
    (check,) = checks_of("no_placeholder", "2023年度收、支总计XX万元。")
    assert check.page == 17 and "XX万元" in check.message


def test_a_percentage_sign_with_no_number_is_reported():
    (check,) = checks_of("no_placeholder", "其中：财政拨款收入1294.48万元，占本年收入%。")
    assert "%" in check.message


def test_a_narrative_with_every_number_filled_in_has_no_placeholder():
    assert checks_of("no_placeholder", "2023年度收、支总计1294.48万元，占本年收入100.00%。") == []


def test_numbers_the_text_layer_set_on_a_line_of_their_own_are_not_blanks():
    page = "年初预算为 万元，支出决算为 万元。\n1560.05 1511.89\n"
    assert checks_of("no_placeholder", page) == []


def test_cells_of_an_unrecognised_table_are_not_read_as_blanks():
    assert checks_of("no_placeholder", "成本控制在总预算内 % ≤ 20。") == []


def test_a_placeholder_on_a_table_page_is_not_the_narrative_s():
    table = Table(type="income", title="收入决算表", pages=[17])
    assert checks_of("no_placeholder", "合计XX万元。", tables=[table]) == []
