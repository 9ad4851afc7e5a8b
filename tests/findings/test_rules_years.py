"""Years that do not belong to the report."""

from decimal import Decimal

from budgetpdf.checks import run

from .evidence import evidence, failed


def checks_of(rule_id, *pages, **options):
    return failed(run(evidence(*pages, **options), only=[rule_id]))


def test_a_comparison_with_the_year_before_last_is_reported_with_both_years():
    (check,) = checks_of("year_belongs_to_report", "2023年度收入合计1294.48万元，与2021年度相比，减少438.13万元。")
    assert (check.found, check.expected) == (Decimal(2021), Decimal(2022))


def test_a_heading_naming_another_year_s_report_is_reported():
    (check,) = checks_of("year_belongs_to_report", "武汉市汉阳区大数据中心2022年度部门决算情况说明")
    assert (check.found, check.expected) == (Decimal(2022), Decimal(2023))


def test_a_final_report_closing_before_its_year_end_is_reported():
    (check,) = checks_of("year_belongs_to_report", "截至2022年12月31日，本单位共有车辆0辆。")
    assert check.found == Decimal(2022)


def test_a_budget_report_may_close_its_assets_at_the_end_of_the_year_before():
    assert checks_of("year_belongs_to_report", "截至2023年12月31日，共有车辆0辆。", year=2024, kind="budget") == []


def test_years_that_belong_to_the_report_pass():
    text = "2023年度部门决算。2023年度收入合计1294.48万元，与2022年度相比，减少438.13万元。截至2023年12月31日，无车辆。"
    assert checks_of("year_belongs_to_report", text) == []
