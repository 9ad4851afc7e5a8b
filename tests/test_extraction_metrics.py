"""The extraction metrics count what the module docstring of benchmarks/extraction_metrics.py says they count."""

import csv
import functools
import importlib.util
import json
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest

from budgetpdf.model import Check, Row, Table

ROOT = Path(__file__).resolve().parent.parent
SPEC = importlib.util.spec_from_file_location("extraction_metrics", ROOT / "benchmarks" / "extraction_metrics.py")
metrics = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(metrics)


def row(name, code="", side=None, page=1, **values):
    return Row(name=name, code=code, side=side, page=page, values={k: Decimal(v) for k, v in values.items()})


def test_value_rows_leave_out_totals_the_income_side_and_rows_without_amounts():
    table = Table(
        type="government_fund",
        title="政府性基金预算收支表",
        pages=[1],
        rows=[
            row("合计", total="10"),
            row("本年支出合计", side="expense", total="10"),
            row("一、政府性基金收入", side="income", total="10"),
            row("科学技术支出", code="206", side="expense", total="10"),
            row("其他支出", side="expense", total="1"),
            row("其中：", side="expense"),
        ],
    )
    assert [r.name for r in metrics.value_rows(table)] == ["科学技术支出", "其他支出"]


def test_rows_of_a_summary_table_are_not_code_bearing():
    table = Table(type="income_expenditure_summary", title="收支总表", pages=[1], rows=[row("一、教育支出", total="1")])
    assert metrics.value_rows(table) == []


def test_a_row_naming_a_budget_unit_is_counted_apart_and_not_as_an_uncoded_line():
    assert metrics.is_unit_row(row("深圳市水务局（本级）", total="1"))
    assert metrics.is_unit_row(row("广州市气象台", total="1"))
    assert not metrics.is_unit_row(row("行政运行", total="1"))
    assert not metrics.is_unit_row(row("广州市气象台", code="2200504", total="1"))


def test_a_table_continued_on_the_next_page_is_not_a_duplicate_but_a_second_table_of_the_type_is():
    first = Table(type="expenditure", title="2026年支出总表", pages=[5, 6], printed_number="表3")
    continued = Table(type="expenditure", title="支出总表", pages=[7])
    other = Table(type="expenditure", title="部门预算项目支出及其他支出预算表", pages=[12])
    assert metrics.duplicate_types([first, continued]) == []
    assert metrics.duplicate_types([first, other]) == ["expenditure"]
    assert (
        metrics.duplicate_types(
            [first, Table(type="other", title="x", pages=[9]), Table(type="other", title="y", pages=[20])]
        )
        == []
    )


def test_an_identity_holds_only_when_every_column_of_the_parent_is_the_sum_of_its_children():
    table = Table(
        type="expenditure",
        title="支出总表",
        pages=[1],
        rows=[
            row("一般公共服务支出", code="201", total="3.00", basic="2.00"),
            row("人大事务", code="20101", total="1.00", basic="1.00"),
            row("政府办公厅（室）及相关机构事务", code="20103", total="2.00", basic="1.01"),
            row("行政运行", code="2010301", total="2.00", basic="1.01"),
            row("教育支出", code="205", total="5.00"),
            row("普通教育", code="20502", total="5.00"),
        ],
    )
    outcome = [(parent.code, holds) for parent, _, holds in metrics.identities(table)]
    assert outcome == [("201", False), ("20103", True), ("205", True)]


def _failing(unit: str, parent_total: str, *children: str) -> tuple[Table, object, list]:
    rows = [row("一般公共服务支出", code="201", total=parent_total)]
    rows += [row(f"事务{i}", code=f"201{i:02d}", total=value) for i, value in enumerate(children, start=1)]
    table = Table(type="expenditure", title="支出总表", pages=[1], unit=unit, rows=rows)
    (parent, found, _), *_ = metrics.identities(table)
    return table, parent, found


def test_a_rounding_difference_in_wan_yuan_is_the_publishers_and_a_larger_one_a_doubt():
    table, parent, children = _failing("万元", "3.01", "1.00", "2.00")
    assert metrics._publishers_difference(SimpleNamespace(tables=[table]), table, parent, children)
    table, parent, children = _failing("万元", "3.50", "1.00", "2.00")
    assert not metrics._publishers_difference(SimpleNamespace(tables=[table]), table, parent, children)
    table, parent, children = _failing("元", "3.01", "1.00", "2.00")
    assert not metrics._publishers_difference(SimpleNamespace(tables=[table]), table, parent, children)


def test_a_difference_printed_alike_in_two_tables_is_the_publishers():
    first, parent, children = _failing("万元", "9.00", "1.00", "2.00")
    second, _, _ = _failing("万元", "9.00", "1.00", "2.00")
    second.type = "general_budget_expenditure"
    assert metrics._publishers_difference(SimpleNamespace(tables=[first, second]), first, parent, children)
    assert not metrics._publishers_difference(SimpleNamespace(tables=[first]), first, parent, children)


def test_a_failed_check_the_truth_file_lists_as_printed_is_a_publisher_inconsistency(tmp_path):
    (tmp_path / "report.json").write_text(
        json.dumps(
            {
                "inconsistencies": [
                    {
                        "table": "expenditure",
                        "page": 5,
                        "row": "21303",
                        "column": "总计",
                        "expected": "98377.13",
                        "printed": "98377.14",
                    }
                ]
            }
        ),
        encoding="utf-8",
    )
    result = metrics.FileResult(
        path=tmp_path / "report.pdf", truth=metrics.load_truth(tmp_path / "report.pdf", tmp_path)
    )
    report = type("Report", (), {})()
    report.checks = [
        Check(
            rule="parent_equals_sum_of_children",
            status="fail",
            message="",
            row="21303",
            page=5,
            expected=Decimal("98377.13"),
            found=Decimal("98377.14"),
        ),
        Check(
            rule="parent_equals_sum_of_children",
            status="fail",
            message="",
            row="213",
            page=5,
            expected=Decimal("1"),
            found=Decimal("2"),
        ),
        Check(rule="total_equals_sum_of_classes", status="pass", message="", page=5),
    ]
    metrics._measure_checks(result, report)
    assert (result.checks_publisher, result.checks_doubt) == (1, 1)


@pytest.mark.parametrize(
    ("name", "cells", "form"),
    [
        ("[205]教育支出", "[205]教育支出", "code in brackets"),
        ("2010801-行政运行", "2010801-行政运行", "with a dash"),
        ("2010801 行政运行", "2010801 行政运行", "with a space"),
        ("2010801**", "2010801**", "stars"),
        ("基本工资", "301 01 基本工资", "economic code split"),
        ("信访事务", "40 信访事务", "two digits"),
        ("行政运行", "行政运行", "no code printed"),
        ("", "人员经费合计", "no code and no name"),
    ],
)
def test_each_code_printing_form_of_an_uncoded_row_is_recognised(name, cells, form):
    assert form in metrics.form_of(name, cells)


@functools.cache
def sample_result():
    return metrics.measure(ROOT / "samples" / "pdfs" / "jiangan-2023-final.pdf", ROOT / "tests" / "fixtures" / "truth")


def test_a_sample_report_is_measured_as_ingested_with_its_coded_rows():
    result = sample_result()
    assert result.ingested and result.pages > 0
    assert 0 < result.coded_rows <= result.value_rows
    assert 0 < result.identities_holding <= result.identities_tested
    assert "jiangan-2023-final.pdf: ingested" in metrics.file_line(result)


def test_the_csv_has_one_line_per_file_with_the_figures_printed(tmp_path):
    result = sample_result()
    metrics.write_csv([result], tmp_path / "metrics.csv")
    with (tmp_path / "metrics.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["file"] for row in rows] == ["jiangan-2023-final.pdf"]
    assert (rows[0]["ingested"], rows[0]["coded_rows"], rows[0]["value_rows"]) == (
        "1",
        str(result.coded_rows),
        str(result.value_rows),
    )
