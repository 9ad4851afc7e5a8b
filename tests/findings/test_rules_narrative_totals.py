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
