"""The publishers' own inconsistencies in the sample reports are reported, with their pages; none is corrected."""

from decimal import Decimal

import pytest


@pytest.fixture
def report(sample_report):
    return sample_report


@pytest.fixture
def failed(sample_report):
    def failed_checks(name: str, rule: str, row: str):
        return [c for c in sample_report(name).checks if c.status == "fail" and c.rule == rule and c.row == row]

    return failed_checks


def test_jiangan_301_printed_as_240_59_against_items_summing_to_240_57_is_reported_on_its_page(report, failed):
    (check,) = failed("jiangan-2023-final", "parent_equals_sum_of_children", "301")
    assert (check.expected, check.found, check.page) == (Decimal("240.57"), Decimal("240.59"), 11)
    basic = next(t for t in report("jiangan-2023-final").tables if t.type == "basic_expenditure_economic")
    assert next(r for r in basic.rows if r.code == "301").values == {"amount": Decimal("240.59")}


def test_jiangan_housing_class_differs_between_the_summary_and_the_expenditure_table(failed):
    (check,) = failed("jiangan-2023-final", "class_total_agrees_between_tables", "221")
    assert (check.found, check.expected) == (Decimal("30.75"), Decimal("30.74"))


def test_jiangxia_narrative_rent_subsidy_29_73_against_the_table_6_19_is_reported(failed):
    (check,) = failed("jiangxia-2021-final", "narrative_item_equals_table", "2210202")
    assert (check.found, check.expected) == (Decimal("29.73"), Decimal("6.19"))
    assert "29.73" in check.message and "6.19" in check.message


def test_hanyang_prints_53_32_and_53_33_for_the_same_class(failed):
    (check,) = failed("hanyang-2023-final", "class_total_agrees_between_tables", "208")
    assert (check.found, check.expected) == (Decimal("53.32"), Decimal("53.33"))


def test_hongshan_2020_table_pages_are_reported_as_needing_ocr_and_its_narrative_figures_are_read(report):
    parsed = report("hongshan-2020-final")
    assert parsed.source.ocr_pages == [6, 7, 8, 9, 10, 11, 12, 13, 14]
    figures = {key: figure.value for key, figure in parsed.key_figures.items()}
    assert figures["grand_total_expenditure"] == Decimal("2556.03")
    assert figures["fiscal_appropriation_income"] == Decimal("2554.43")
    assert figures["staff_actual"] == Decimal("15")
    assert figures["prior_year_change"] == Decimal("-304.04")
    assert parsed.key_figures["grand_total_expenditure"].source == "narrative"


@pytest.mark.parametrize(
    ("name", "kind", "records"),
    [
        ("jiangan-2023-final", "self_evaluation", 7),
        ("hanyang-2023-final", "self_evaluation", 16),
        ("hongshan-2024-budget", "target", 2),
    ],
)
def test_every_performance_table_of_a_sample_is_structured(name, kind, records, report):
    performance = report(name).performance
    assert len(performance) == records
    assert {record.kind for record in performance} == {kind}
    assert all(record.indicators for record in performance)
    assert sum(record.overall for record in performance) == 1


def test_a_jiangan_self_evaluation_keeps_budget_execution_and_indicators(report):
    record = next(r for r in report("jiangan-2023-final").performance if r.project == "政务网络建设及运维费")
    assert (record.budget, record.executed, record.execution_rate) == (
        Decimal("63.00"),
        Decimal("63.00"),
        Decimal("100"),
    )
    indicator = next(i for i in record.indicators if i.name == "社区政务网接入、迁改")
    assert (indicator.level1, indicator.level2, indicator.target_text, indicator.target_value) == (
        "产出指标（40分）",
        "数量指标",
        "9个",
        Decimal("9"),
    )


def test_jiangan_prints_increase_and_decrease_side_by_side_and_a_rate_over_the_wrong_base(report):
    checks = [c for c in report("jiangan-2023-final").checks if c.status == "fail"]
    (doubled,) = [c for c in checks if c.rule == "purpose_and_wording"]
    assert doubled.page == 16 and "增加减少" in doubled.message
    (rate,) = [c for c in checks if c.rule == "percentage_recomputes"]
    assert (rate.found, rate.expected, rate.page) == (Decimal("4.75"), Decimal("4.54"), 16)


def test_jiangxia_left_three_amounts_blank_before_their_unit(report):
    blanks = [c for c in report("jiangxia-2021-final").checks if c.status == "fail" and c.rule == "no_placeholder"]
    assert [c.page for c in blanks] == [18, 18, 21]


def test_jiangxia_basic_and_project_spending_and_procurement_parts_miss_their_printed_totals(report):
    checks = [c for c in report("jiangxia-2021-final").checks if c.status == "fail"]
    (sums,) = [c for c in checks if c.rule == "items_sum_to_stated_total"]
    assert (sums.page, sums.found, sums.expected) == (19, Decimal("4472.35"), Decimal("4450.06"))
    (procurement,) = [c for c in checks if c.rule == "cross_section_figures_agree"]
    assert (procurement.page, procurement.found, procurement.expected) == (21, Decimal("3764.30"), Decimal("3341.31"))


def test_hongshan_2024_prints_the_official_car_running_cost_in_yuan(report):
    checks = report("hongshan-2024-budget").checks
    (unit,) = [c for c in checks if c.status == "fail" and c.rule == "amount_unit_matches_scale"]
    assert (unit.page, unit.found) == (29, Decimal("4.40"))
