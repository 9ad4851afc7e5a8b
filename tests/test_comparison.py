"""Measures across departments and years: printed values with their pages, published reports only, warnings."""

from decimal import Decimal
from pathlib import Path

import pdfplumber
import pytest

from disclosures import comparison
from disclosures.models import Department, KeyFigure, Report, TableType

from .factories import (
    DepartmentFactory,
    DisclosureTableFactory,
    JurisdictionFactory,
    LineItemFactory,
    LineValueFactory,
    ReportFactory,
    TableColumnFactory,
)
from .published import media_in_tmp, samples  # noqa: F401

pytestmark = pytest.mark.django_db

PDFS = Path(__file__).resolve().parent.parent / "samples" / "pdfs"


def _page_text(name: str, page: int) -> str:
    with pdfplumber.open(PDFS / f"{name}.pdf") as pdf:
        return pdf.pages[page - 1].extract_text()


def _only_cell(result: comparison.Comparison) -> comparison.Cell:
    assert len(result.cells) == 1
    return result.cells[0]


def _report(*, department=None, year=2023, kind=Report.Kind.FINAL, published=True, **kwargs) -> Report:
    department = department or DepartmentFactory()
    if published:
        return ReportFactory(department=department, fiscal_year__year=year, kind=kind, published=True, **kwargs)
    return ReportFactory(department=department, fiscal_year__year=year, kind=kind, **kwargs)


def _expenditure_table(report: Report, rows: list[tuple[str, str, str]], *, unit: str = "万元", page: int = 7):
    """An expenditure table with a total column: rows are (code, name, printed amount)."""
    table = DisclosureTableFactory(report=report, type=TableType.EXPENDITURE, unit=unit, pages=[page])
    column = TableColumnFactory(table=table, key="total", label="合计")
    lines = []
    for code, name, printed in rows:
        line = LineItemFactory(table=table, code=code, level=1 if code else 0, name=name, page=page)
        LineValueFactory(line=line, column=column, amount=Decimal(printed.replace(",", "")), printed=printed)
        lines.append(line)
    return lines


def _figure(report: Report, key: str, value: str, **kwargs) -> KeyFigure:
    defaults = {"source": KeyFigure.Source.NARRATIVE, "page": 3, "quote": ""}
    return KeyFigure.objects.create(report=report, key=key, value=Decimal(value), **{**defaults, **kwargs})


# The sample reports


def test_the_jiangan_2023_total_expenditure_is_the_printed_2743_11_on_the_page_it_names(samples):
    report = samples["reports"]["jiangan-2023-final"]
    cell = _only_cell(comparison.compare(departments=[report.department], measure="total"))
    assert (cell.year, cell.kind, cell.report_id) == (2023, "final", report.pk)
    assert cell.value == Decimal("2743.11")
    assert cell.printed == "2,743.11"
    assert cell.table_type == "income_expenditure_summary"
    assert "2,743.11" in _page_text("jiangan-2023-final", cell.page)


@pytest.mark.parametrize(
    ("sample", "measure", "printed", "table_type"),
    [
        ("jiangan-2023-final", "basic", "248.79", "expenditure"),
        ("hanyang-2023-final", "total", "1,294.48", "income_expenditure_summary"),
        ("hanyang-2023-final", "function:201", "1,184.75", "expenditure"),
        ("jiangxia-2021-final", "function:206", "3,243.25", "expenditure"),
        ("jiangxia-2021-final", "personnel", "378.03", "basic_expenditure_economic"),
        ("hongshan-2024-budget", "personnel", "407.01", "basic_expenditure_economic"),
    ],
)
def test_values_are_the_numbers_the_sample_reports_print_with_their_page(samples, sample, measure, printed, table_type):
    report = samples["reports"][sample]
    cell = _only_cell(
        comparison.compare(
            departments=[report.department.pk], years=[report.fiscal_year.year], measure=measure, kind=report.kind
        )
    )
    assert cell.printed == printed
    assert cell.value == Decimal(printed.replace(",", ""))
    assert cell.table_type == table_type
    assert printed in _page_text(sample, cell.page)


def test_the_printed_text_is_kept_as_printed_even_without_thousands_separators(samples):
    report = samples["reports"]["hongshan-2024-budget"]
    result = comparison.compare(departments=[report.department], years=[2024], measure="total")
    cell = _only_cell(result)
    assert (cell.value, cell.printed, cell.kind) == (Decimal("1571.31"), "1571.31", "budget")
    assert "1571.31" in _page_text("hongshan-2024-budget", cell.page)


def test_a_figure_only_the_narrative_states_keeps_the_narratives_text_and_page(samples):
    report = samples["reports"]["hongshan-2020-final"]
    cell = _only_cell(comparison.compare(departments=[report.department], years=[2020], measure="total"))
    assert (cell.value, cell.printed, cell.source, cell.page) == (Decimal("2556.03"), "2,556.03", "narrative", 17)
    assert "2,556.03" in _page_text("hongshan-2020-final", cell.page)


def test_sangong_is_the_actual_spending_of_a_final_account_and_the_budget_of_a_budget(samples):
    hongshan = samples["reports"]["hongshan-2020-final"].department
    result = comparison.compare(departments=[hongshan], measure="sangong")
    assert {c.year: (c.kind, c.printed) for c in result.cells} == {2020: ("final", "2.49"), 2024: ("budget", "4.40")}


def test_personnel_cost_per_staff_member_divides_by_the_staff_count_and_says_it_is_computed(samples):
    hongshan = samples["reports"]["hongshan-2024-budget"]
    jiangan = samples["reports"]["jiangan-2023-final"]
    result = comparison.compare(departments=[hongshan.department, jiangan.department], measure="personnel_per_staff")
    per_staff = result.cell(hongshan.department_id, 2024)
    assert per_staff.value == Decimal("407.01") / Decimal("15")
    assert (per_staff.printed, per_staff.source) == ("27.13", "computed")
    assert result.measure.unit == "万元/人"
    assert result.cell(jiangan.department_id, 2023).value is None
    assert any("由本站计算" in w for w in result.warnings)


def test_budgets_compared_with_final_accounts_are_named_in_a_warning(samples):
    result = comparison.compare(departments=comparison.default_departments(), measure="total")
    budgets = [c for c in result.cells if c.kind == "budget"]
    assert [(c.department.name, c.year) for c in budgets] == [("武汉市洪山区大数据中心", 2024)]
    mixed = [w for w in result.warnings if "预算" in w and "决算" in w and "不宜直接比较" in w]
    assert len(mixed) == 1 and "武汉市洪山区大数据中心2024年" in mixed[0]
    finals = comparison.compare(departments=comparison.default_departments(), measure="total", kind="final")
    assert {c.kind for c in finals.cells} == {"final"}
    assert not any("不宜直接比较" in w for w in finals.warnings)


def test_departments_without_the_same_years_are_warned_with_the_missing_years(samples):
    result = comparison.compare(departments=comparison.default_departments(), years=[2023, 2024], measure="total")
    assert result.years == [2023, 2024]
    gaps = [w for w in result.warnings if "年度不同" in w]
    assert len(gaps) == 1
    assert "武汉市江岸区大数据中心没有2024年" in gaps[0] and "武汉市江夏区大数据中心没有2023、2024年" in gaps[0]


def test_the_default_departments_are_the_four_big_data_centres_in_order(samples):
    names = [d.jurisdiction.short_name for d in comparison.default_departments()]
    assert names == ["江岸", "洪山", "江夏", "汉阳"]


def test_without_big_data_centres_the_defaults_are_the_first_four_departments_with_published_reports(samples):
    Department.objects.filter(name__contains="大数据中心").update(name="武汉市某区某局")
    for n in range(5):
        _report(department=DepartmentFactory(name=f"武汉市江岸区第{n}局"))
    _report(department=DepartmentFactory(name="武汉市江岸区草稿局"), published=False)
    chosen = comparison.default_departments()
    assert len(chosen) == 4
    assert "武汉市江岸区草稿局" not in [d.name for d in chosen]
    assert all(d.reports.filter(status=Report.Status.PUBLISHED).exists() for d in chosen)


def test_a_draft_report_is_never_counted(samples):
    draft = samples["draft"]
    assert comparison.compare(departments=[draft.department], measure="total").cells == []
    report = _report(kind=Report.Kind.BUDGET)
    _expenditure_table(report, [("", "合计", "100.00")])
    newer = _report(department=report.department, kind=Report.Kind.FINAL, published=False)
    _expenditure_table(newer, [("", "合计", "999.00")])
    cell = _only_cell(comparison.compare(departments=[report.department], measure="total"))
    assert (cell.report_id, cell.printed, cell.kind) == (report.pk, "100.00", "budget")


def test_an_archived_version_is_never_counted(samples):
    old = _report(status=Report.Status.ARCHIVED)
    _expenditure_table(old, [("", "合计", "1.00")])
    assert comparison.compare(departments=[old.department], measure="total").cells == []


# Built reports


def test_without_a_key_figure_the_value_is_the_row_the_expenditure_table_prints():
    report = _report()
    total, science = _expenditure_table(report, [("", "合计", "2,743.11"), ("206", "科学技术支出", "2,660.02")])
    cell = _only_cell(comparison.compare(departments=[report.department], measure="function:206"))
    assert (cell.value, cell.printed, cell.page, cell.line_id) == (Decimal("2660.02"), "2,660.02", 7, science.pk)
    assert cell.table_type == "expenditure"
    cell = _only_cell(comparison.compare(departments=[report.department], measure="total"))
    assert (cell.printed, cell.line_id) == ("2,743.11", total.pk)


def test_a_key_figure_is_preferred_to_the_table_and_keeps_the_narratives_printed_text():
    report = _report()
    _expenditure_table(report, [("", "合计", "100.00")])
    _figure(report, "total_expenditure", "1294.4800", page=17, quote="支出合计1,294.48万元")
    cell = _only_cell(comparison.compare(departments=[report.department], measure="total"))
    assert (cell.value, cell.printed, cell.page, cell.source) == (Decimal("1294.48"), "1,294.48", 17, "narrative")


def test_a_report_without_the_measure_has_an_empty_cell_and_a_warning():
    report = _report()
    cell = _only_cell(comparison.compare(departments=[report.department], measure="function:201"))
    assert (cell.value, cell.printed, cell.page) == (None, "", None)
    result = comparison.compare(departments=[report.department], measure="function:201")
    assert any("一般公共服务支出" in w and "相应位置为空" in w for w in result.warnings)


def test_with_no_kind_the_final_account_is_used_where_both_are_published():
    budget = _report(kind=Report.Kind.BUDGET)
    final = _report(department=budget.department, kind=Report.Kind.FINAL)
    _figure(budget, "total_expenditure", "10.00", quote="支出合计10.00万元")
    _figure(final, "total_expenditure", "9.50", quote="支出合计9.50万元")
    result = comparison.compare(departments=[budget.department], measure="total")
    assert (_only_cell(result).report_id, _only_cell(result).printed) == (final.pk, "9.50")
    assert not any("不宜直接比较" in w for w in result.warnings)
    only_budget = comparison.compare(departments=[budget.department], measure="total", kind="budget")
    assert _only_cell(only_budget).printed == "10.00"


def test_measures_are_listed_in_order_with_the_function_classes_named_from_the_classification():
    keys = [m.key for m in comparison.MEASURES]
    assert keys[:6] == ["total", "basic", "project", "sangong", "personnel", "personnel_per_staff"]
    assert comparison.measure_get("function:201").label == "一般公共服务支出"
    assert comparison.measure_get("function:207").label == "文化旅游体育与传媒支出"
    assert comparison.measure_get("function:201") in comparison.MEASURES
    assert str(comparison.measure_get("total").label) == "支出合计"
    assert comparison.measure_get("total").unit == "万元"


@pytest.mark.parametrize(
    "key",
    [
        "nonsense",
        "function:",
        "function:abc",
        "function:2",
        "function:999",
        "function:30101",
        "economic:201",
        "economic:",
    ],
)
def test_unknown_measures_are_refused(key):
    with pytest.raises(KeyError):
        comparison.measure_get(key)
    with pytest.raises(ValueError):
        comparison.compare(departments=[], measure=key)


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError):
        comparison.compare(departments=[], measure="total", kind="forecast")


@pytest.mark.parametrize("size", [2, 8])
def test_compare_uses_a_fixed_number_of_queries_whatever_it_compares(django_assert_max_num_queries, size):
    place = JurisdictionFactory(name="武汉市洪山区", short_name="洪山")
    departments = []
    for n in range(size):
        department = DepartmentFactory(jurisdiction=place)
        departments.append(department.pk)
        for year in range(2020, 2020 + size):
            report = _report(department=department, year=year, kind=Report.Kind.FINAL if n % 2 else "budget")
            for _ in range(2):
                _expenditure_table(report, [("", "合计", "5.00"), ("201", "一般公共服务支出", "5.00")])
            _figure(report, "personnel_expenditure", "3.00")
            _figure(report, "staff_actual", "3", unit="人")
    for measure in ("total", "function:201", "personnel_per_staff"):
        with django_assert_max_num_queries(5):
            result = comparison.compare(departments=departments, measure=measure)
            assert len(result.cells) == size * size
            assert [c.department.jurisdiction.short_name for c in result.cells][:1] == ["洪山"]
