"""Every total the narrative states for the report's year against the table's."""

from decimal import Decimal

from budgetpdf import figures
from budgetpdf.checks import Evidence, run
from budgetpdf.model import KeyFigure, PageText

from .evidence import evidence, failed


def with_table_figures(base: Evidence, **values) -> Evidence:
    printed = {
        key: KeyFigure(key, Decimal(value), "table", 6, "income_expenditure_summary") for key, value in values.items()
    }
    return Evidence(base.tables, base.pages, printed, base.narrative, base.metadata)


def checks_of(*pages, **values):
    return failed(run(with_table_figures(evidence(*pages), **values), only=["narrative_total_equals_table"]))


def test_a_total_stated_again_with_another_figure_is_reported_on_every_page_it_is_stated():
    page = "2023年度收入合计1544.48万元，与2022年度相比，收入合计减少438.13万元。"
    (check,) = checks_of(page, page, total_income="1294.48")
    assert (check.found, check.expected) == (Decimal("1544.48"), Decimal("1294.48"))
    assert [place["page"] for place in check.places] == [17, 18]


def test_totals_that_match_the_table_pass():
    assert checks_of("2023年度收、支总计1294.48万元。", grand_total_expenditure="1294.48") == []


def test_the_appropriations_own_spending_total_is_not_the_report_s():
    page = "2023年一般公共预算财政拨款支出年度预算为4859.44万元，本年支出合计4859.44万元。"
    assert checks_of(page, total_expenditure="4881.73") == []


def test_a_procurement_total_is_not_read_as_the_spending_total():
    page = PageText(29, "2024年部门预算中纳入政府采购预算支出合计1122.31万元。")
    assert "total_expenditure" not in figures.from_narrative([page])


def test_the_basic_and_project_spending_listed_under_the_year_s_total_are_compared_with_the_table():
    page = (
        "2023年度一般公共预算财政拨款支出年初预算为2991.53万元，支出决算为2743.11万元。"
        "其中：基本支出498.79万元，项目支出2494.33万元。"
    )
    (check,) = checks_of(page, basic_expenditure="248.79", project_expenditure="2494.33")
    assert (check.found, check.expected) == (Decimal("498.79"), Decimal("248.79"))


def test_a_list_under_a_sentence_of_another_year_is_not_the_report_s():
    page = "与2022年度相比，支出合计减少130.56万元。其中：基本支出498.79万元，项目支出2494.33万元。"
    assert checks_of(page, basic_expenditure="248.79", project_expenditure="2494.33") == []


def test_a_project_s_own_spending_is_not_the_total_project_spending():
    page = "2023年度通信链路项目支出324.54万元，主要用于租赁费。"
    assert checks_of(page, project_expenditure="940.71") == []


def test_the_appropriation_income_is_compared_with_the_income_table_s_appropriation_column():
    from budgetpdf.model import Row, Table

    income = Table(
        type="income",
        title="收入决算表",
        pages=[7],
        unit="万元",
        rows=[
            Row(name="合计", values={"total": Decimal("2556.03"), "fiscal_appropriation": Decimal("2554.43")}, page=7)
        ],
    )
    base = evidence("2023年度收入合计2556.03万元。其中：财政拨款收入2804.43万元，其他收入1.60万元。", tables=[income])
    (check,) = failed(run(base, only=["narrative_total_equals_table"]))
    assert (check.found, check.expected) == (Decimal("2804.43"), Decimal("2554.43"))
    good = evidence("2023年度收入合计2556.03万元。其中：财政拨款收入2554.43万元。", tables=[income])
    assert failed(run(good, only=["narrative_total_equals_table"])) == []
