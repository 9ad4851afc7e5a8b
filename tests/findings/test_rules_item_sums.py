"""Items listed with a total add up to it."""

from decimal import Decimal

from budgetpdf.checks import run

from .evidence import evidence, failed


def checks_of(*pages):
    return failed(run(evidence(*pages), only=["items_sum_to_stated_total"]))


def test_basic_and_project_spending_that_miss_their_total_are_reported_with_the_last_item_it_needs():
    (check,) = checks_of("2023年度支出合计1294.48万元，其中：基本支出353.78万元，项目支出950.71万元。")
    assert (check.expected, check.found) == (Decimal("940.70"), Decimal("950.71"))
    assert check.page == 17


def test_parts_that_make_their_total_pass():
    assert checks_of("2023年度支出合计1294.48万元，其中：基本支出353.78万元，项目支出940.71万元。") == []


def test_a_list_opening_its_own_sentence_is_measured_against_the_total_before_it():
    text = "年初预算为1370.19万元，支出决算为1294.48万元。其中：基本支出353.78万元，项目支出940.71万元。"
    assert checks_of(text) == []


def test_a_list_naming_only_the_main_parts_is_not_a_whole():
    assert checks_of("人员经费378.03万元，主要包括：基本工资103.8万元、绩效工资150.24万元。") == []


def test_parts_that_exceed_their_total_are_reported_whatever_the_list():
    (check,) = checks_of("项目支出940.71万元，其中：通信链路租赁费624.54万元、平台运行经费359.98万元。")
    assert check.found == Decimal("359.98")


def test_a_list_running_on_into_another_heading_is_not_judged_on_its_tail():
    text = (
        "公务用车购置及运行费400.00万元，其中：公务用车购置费150.00万元、公务用车运行费250.00万元、"
        "因公出国（境）费30.00万元。"
    )
    assert checks_of(text) == []


def test_changes_listed_beside_the_amounts_are_not_parts():
    assert checks_of("支出预算19577万元，其中：财政拨款支出预算19577万元，比2025年预算减少290万元。") == []
