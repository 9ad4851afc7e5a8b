"""Comparison at every level of the classifications, computed measures, crosswalk notes, department links, ranking
and the parameters of the compare pages, CSV and API."""

import csv
import io
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pdfplumber
import pytest
from django.urls import reverse

from budgetpdf.reference import crosswalk
from disclosures import comparison, ranking
from disclosures.models import DepartmentLink, KeyFigure, Report, TableType

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
HUNDRED = Decimal(100)


def _page_text(name: str, page: int) -> str:
    with pdfplumber.open(PDFS / f"{name}.pdf") as pdf:
        return pdf.pages[page - 1].extract_text()


def _two(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _sample_cell(samples, sample: str, measure: str, calc: str = "printed") -> comparison.Cell:
    report = samples["reports"][sample]
    result = comparison.compare(
        departments=[report.department],
        years=[report.fiscal_year.year],
        measure=measure,
        kind=report.kind,
        calc=calc,
    )
    assert len(result.cells) == 1
    return result.cells[0]


def _report(*, department=None, year=2023, kind=Report.Kind.FINAL, published=True, **kwargs) -> Report:
    department = department or DepartmentFactory()
    if published:
        return ReportFactory(department=department, fiscal_year__year=year, kind=kind, published=True, **kwargs)
    return ReportFactory(department=department, fiscal_year__year=year, kind=kind, **kwargs)


def _expenditure(report: Report, rows: list[tuple[str, str, str]], *, page: int = 7) -> None:
    """An expenditure table with a total column: rows are (code, name, printed amount)."""
    table = DisclosureTableFactory(report=report, type=TableType.EXPENDITURE, unit="万元", pages=[page])
    column = TableColumnFactory(table=table, key="total", label="合计")
    for code, name, printed in rows:
        line = LineItemFactory(table=table, code=code, level=len(code) // 2 if code else 0, name=name, page=page)
        LineValueFactory(line=line, column=column, amount=Decimal(printed.replace(",", "")), printed=printed)


def _total(report: Report, printed: str) -> None:
    _expenditure(report, [("", "合计", printed)])


# Levels, on the sample reports


@pytest.mark.parametrize(
    ("sample", "measure", "printed"),
    [
        ("hanyang-2023-final", "function:20103", "1,184.75"),
        ("hanyang-2023-final", "function:2010350", "247.04"),
        ("hanyang-2023-final", "function:2130599", "3.00"),
        ("hongshan-2024-budget", "function:2010350", "307.48"),
        ("hongshan-2024-budget", "function:2210203", "14.90"),
        ("jiangan-2023-final", "function:20605", "2,660.02"),
        ("jiangan-2023-final", "function:2060503", "2,494.23"),
        ("jiangxia-2021-final", "function:206", "3,243.25"),
    ],
)
def test_a_kuan_or_a_xiang_is_the_row_the_expenditure_table_prints_with_its_page(samples, sample, measure, printed):
    cell = _sample_cell(samples, sample, measure)
    assert cell.value == Decimal(printed.replace(",", ""))
    assert cell.printed == printed
    assert cell.table_type == "expenditure" and not cell.computed
    assert printed in _page_text(sample, cell.page)


@pytest.mark.parametrize(
    ("sample", "measure", "printed"),
    [
        ("hanyang-2023-final", "economic:301", "343.75"),
        ("hanyang-2023-final", "economic:30101", "54.00"),
        ("hanyang-2023-final", "economic:303", "1.94"),
        ("hongshan-2024-budget", "economic:301", "389.82"),
        ("hongshan-2024-budget", "economic:30107", "181.62"),
        ("jiangan-2023-final", "economic:301", "240.59"),
        ("jiangxia-2021-final", "economic:302", "29.30"),
    ],
)
def test_an_economic_class_or_kuan_is_the_row_the_basic_expenditure_table_prints(samples, sample, measure, printed):
    cell = _sample_cell(samples, sample, measure)
    assert (cell.value, cell.printed) == (Decimal(printed), printed)
    assert cell.table_type == "basic_expenditure_economic"
    assert printed in _page_text(sample, cell.page)


def test_a_code_measure_is_named_as_the_classification_names_it_in_the_compared_year(samples):
    hanyang = samples["reports"]["hanyang-2023-final"].department
    result = comparison.compare(departments=[hanyang], measure="function:20103")
    assert str(result.measure.label) == "政府办公厅（室）及相关机构事务"
    assert result.measure.level == "section"
    assert comparison.measure_get("economic:30101").label == "基本工资"
    assert comparison.measure_get("economic:30101").level == "economic"
    assert comparison.measure_get("function:2010350").level == "item"


def test_the_codes_offered_are_those_the_chosen_reports_print_at_each_level(samples):
    hongshan = samples["reports"]["hongshan-2024-budget"].department
    codes = comparison.codes_with_data([hongshan], [2024])
    assert [code for code, _name in codes["class"]] == ["201", "208", "210", "221"]
    assert ("20103", "政府办公厅（室）及相关机构事务") in codes["section"]
    assert ("2210203", "购房补贴") in codes["item"]
    assert ("30107", "绩效工资") in codes["economic"] and ("301", "工资福利支出") in codes["economic"]
    assert "30213" not in {code for code, _name in codes["economic"]}  # printed without an amount


# Computed measures


def test_a_share_of_the_total_is_computed_from_two_printed_values_of_the_same_report(samples):
    cell = _sample_cell(samples, "hanyang-2023-final", "function:201", calc="share")
    assert cell.value == Decimal("1184.75") / Decimal("1294.48") * HUNDRED
    assert (cell.printed, cell.source) == ("91.52", "computed")
    assert [used.printed for used in cell.inputs] == ["1,184.75", "1,294.48"]
    result = comparison.compare(departments=[cell.department], years=[2023], measure="function:201", calc="share")
    assert result.unit == "%" and "占支出合计" in result.title
    assert any("本站计算" in w and "显示时四舍五入到两位小数" in w for w in result.warnings)


def test_an_economic_share_is_a_share_of_the_basic_expenditure(samples):
    cell = _sample_cell(samples, "hongshan-2024-budget", "economic:301", calc="share")
    assert cell.value == Decimal("389.82") / Decimal("446.97") * HUNDRED
    assert cell.printed == str(_two(cell.value)) == "87.21"
    assert [used.printed for used in cell.inputs] == ["389.82", "446.97"]


@pytest.mark.parametrize(
    ("sample", "measure", "amount", "staff"),
    [
        ("hongshan-2024-budget", "total", "1571.31", "15"),
        ("jiangxia-2021-final", "personnel", "378.03", "19"),
        ("hongshan-2020-final", "personnel", "496.77", "15"),
        ("jiangxia-2021-final", "function:206", "3243.25", "19"),
    ],
)
def test_any_measure_per_staff_member_divides_by_the_printed_staff_count(samples, sample, measure, amount, staff):
    cell = _sample_cell(samples, sample, measure, calc="per_staff")
    assert cell.value == Decimal(amount) / Decimal(staff)
    assert cell.printed == f"{_two(cell.value):,}"
    assert cell.computed
    assert [used.value for used in cell.inputs] == [Decimal(amount), Decimal(staff)]


def test_without_a_printed_staff_count_there_is_no_value_per_staff_member(samples):
    jiangan = samples["reports"]["jiangan-2023-final"].department
    result = comparison.compare(departments=[jiangan], measure="total", calc="per_staff")
    assert result.cells[0].value is None
    assert result.unit == "万元/人"
    assert any("在职实有人数" in w and "武汉市江岸区大数据中心2023年" in w for w in result.warnings)


def test_the_change_on_last_year_needs_both_years_of_the_same_kind():
    department = DepartmentFactory()
    for year, kind, printed in ((2021, "final", "100.00"), (2022, "final", "112.50"), (2023, "budget", "130.00")):
        _total(_report(department=department, year=year, kind=kind), printed)
    result = comparison.compare(departments=[department], years=[2021, 2022, 2023], measure="total", calc="change")
    first, second, third = (result.cell(department.pk, year) for year in (2021, 2022, 2023))
    assert first.value is None
    assert (second.value, second.percent, second.printed) == (Decimal("12.50"), Decimal("12.50"), "+12.50")
    assert second.percent_printed == "+12.50%"
    assert [used.printed for used in second.inputs] == ["100.00", "112.50"]
    assert third.value is None  # a budget after a final account
    assert any("上一年同类" in w for w in result.warnings)


def test_the_change_on_last_year_reads_the_year_before_even_when_it_is_not_shown():
    department = DepartmentFactory()
    _total(_report(department=department, year=2022), "80.00")
    _total(_report(department=department, year=2023), "60.00")
    result = comparison.compare(departments=[department], years=[2023], measure="total", calc="change")
    cell = comparison_cell = result.cells[0]
    assert result.years == [2023] and len(result.cells) == 1
    assert (cell.value, comparison_cell.percent, cell.printed) == (Decimal("-20.00"), Decimal("-25"), "-20.00")


def test_the_sample_reports_have_no_consecutive_years_so_no_change_is_computed(samples):
    result = comparison.compare(departments=comparison.default_departments(), measure="total", calc="change")
    assert result.cells and all(c.value is None for c in result.cells)


def test_the_execution_rate_is_the_final_account_over_the_budget_of_the_same_year_both_shown():
    department = DepartmentFactory()
    _total(_report(department=department, year=2023, kind="budget"), "200.00")
    _total(_report(department=department, year=2023, kind="final"), "150.00")
    only_final = DepartmentFactory()
    _total(_report(department=only_final, year=2023, kind="final"), "10.00")
    result = comparison.compare(departments=[department, only_final], measure="total", calc="execution")
    cell = result.cell(department.pk, 2023)
    assert (cell.value, cell.printed, cell.kind) == (Decimal("75"), "75.00", "final")
    assert [(used.kind, used.printed) for used in cell.inputs] == [("budget", "200.00"), ("final", "150.00")]
    assert result.cell(only_final.pk, 2023).value is None
    assert any("预算和决算都已发布" in w for w in result.warnings)


def test_a_draft_is_never_counted_in_a_computed_value():
    department = DepartmentFactory()
    _total(_report(department=department, year=2023, kind="budget", published=False), "200.00")
    _total(_report(department=department, year=2022, kind="final", published=False), "90.00")
    _total(_report(department=department, year=2023, kind="final"), "150.00")
    execution = comparison.compare(departments=[department], measure="total", calc="execution")
    change = comparison.compare(departments=[department], years=[2023], measure="total", calc="change")
    assert execution.cells[0].value is None and change.cells[0].value is None


def test_an_unknown_calculation_or_one_on_a_computed_measure_is_refused():
    with pytest.raises(comparison.UnknownCalc):
        comparison.compare(departments=[], measure="total", calc="average")
    with pytest.raises(ValueError):
        comparison.compare(departments=[], measure="personnel_per_staff", calc="share")


@pytest.mark.parametrize("calc", ["printed", "share", "change", "execution", "per_staff"])
@pytest.mark.parametrize("measure", ["total", "function:20103", "economic:301"])
def test_each_calculation_uses_a_fixed_number_of_queries(django_assert_max_num_queries, calc, measure):
    counts = []
    for size in (2, 6):
        ids = []
        for _n in range(size):
            department = DepartmentFactory()
            ids.append(department.pk)
            for year in range(2020, 2020 + size):
                report = _report(department=department, year=year, kind="final" if year % 2 else "budget")
                _expenditure(report, [("", "合计", "5.00"), ("20103", "政府办公厅（室）及相关机构事务", "4.00")])
                KeyFigure.objects.create(report=report, key="staff_actual", value=3, unit="人", source="narrative")
        with django_assert_max_num_queries(9) as captured:
            result = comparison.compare(departments=ids, measure=measure, calc=calc)
        assert len(result.cells) == size * size or calc == "execution"
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]


# Crosswalk of codes


def test_the_crosswalk_is_exactly_the_changes_the_classification_reference_shows():
    assert list(crosswalk.changes()) == crosswalk.derive()
    renamed = [c for c in crosswalk.changes_of("207") if c.kind == crosswalk.RENAMED]
    assert [(c.year_from, c.year_to, c.note) for c in renamed] == [
        (2018, 2019, "名称变化：文化体育与传媒支出 → 文化旅游体育与传媒支出")
    ]
    assert [c.kind for c in crosswalk.changes_of("20125")] == [crosswalk.RETIRED]
    assert [c.kind for c in crosswalk.changes_of("224")] == [crosswalk.ADDED]
    assert not [c for c in crosswalk.changes() if c.kind == crosswalk.MOVED]


def test_a_compared_code_that_changed_between_the_compared_years_carries_a_note():
    department = DepartmentFactory()
    for year, name in ((2018, "医疗卫生与计划生育支出"), (2020, "卫生健康支出")):
        _expenditure(_report(department=department, year=year), [("", "合计", "9.00"), ("210", name, "9.00")])
    result = comparison.compare(departments=[department], measure="function:210")
    assert len(result.notes) == 1
    assert "科目210自2019年起" in result.notes[0] and "医疗卫生与计划生育支出 → 卫生健康支出" in result.notes[0]
    later = comparison.compare(departments=[department], years=[2020], measure="function:210")
    assert later.notes == []


def test_a_code_new_between_the_compared_years_is_noted_as_new():
    department = DepartmentFactory()
    _total(_report(department=department, year=2018), "1.00")
    _expenditure(_report(department=department, year=2019), [("224", "灾害防治及应急管理支出", "1.00")])
    result = comparison.compare(departments=[department], measure="function:224")
    assert any("科目224自2019年起设立" in note for note in result.notes)


# Department links


def test_a_merged_department_is_noted_on_the_comparison(samples):
    hanyang = samples["reports"]["hanyang-2023-final"].department
    old = DepartmentFactory(name="武汉市汉阳区信息中心", jurisdiction=hanyang.jurisdiction)
    _total(_report(department=old, year=2022), "5.00")
    DepartmentLink.objects.create(from_department=old, to_department=hanyang, relation="merged", year=2023)
    result = comparison.compare(departments=[hanyang], measure="total")
    assert "武汉市汉阳区信息中心于2023年并入武汉市汉阳区大数据中心。" in result.notes
    assert [c.year for c in result.cells] == [2023]  # a merger does not continue a series


def test_a_series_continues_across_a_rename():
    place = JurisdictionFactory()
    old = DepartmentFactory(jurisdiction=place, name="某区经济和信息化局")
    new = DepartmentFactory(jurisdiction=place, name="某区经济信息化和数据局")
    _total(_report(department=old, year=2021), "10.00")
    _total(_report(department=old, year=2022), "11.00")
    _total(_report(department=new, year=2023), "12.00")
    DepartmentLink.objects.create(
        from_department=old, to_department=new, relation="renamed", year=2023, note="机构改革"
    )
    result = comparison.compare(departments=[new], measure="total")
    assert [(c.year, c.printed, c.continued_from) for c in result.cells] == [
        (2021, "10.00", "某区经济和信息化局"),
        (2022, "11.00", "某区经济和信息化局"),
        (2023, "12.00", ""),
    ]
    assert any("更名为某区经济信息化和数据局" in n and "接续" in n and "机构改革" in n for n in result.notes)
    change = comparison.compare(departments=[new], years=[2023], measure="total", calc="change")
    assert change.cells[0].value == Decimal("1.00")
    both = comparison.compare(departments=[old, new], measure="total")
    assert [c.year for c in both.cells if c.department == new] == [2023]


def test_a_department_link_is_kept_in_the_admin(admin_client):
    link = DepartmentLink.objects.create(
        from_department=DepartmentFactory(), to_department=DepartmentFactory(), relation="split", year=2024
    )
    page = admin_client.get(reverse("admin:disclosures_departmentlink_changelist")).content.decode()
    assert "分设" in page and str(link.year) in page
    assert admin_client.get(reverse("admin:disclosures_departmentlink_add")).status_code == 200


# Ranking


@pytest.fixture
def district():
    place = JurisdictionFactory(name="武汉市排序区", short_name="排序", slug="paixu")
    values = {"第1局": "100.00", "第2局": "100.00", "第3局": "50.00", "第4局": None, "第5局": "999.00"}
    for name, printed in values.items():
        department = DepartmentFactory(jurisdiction=place, name=f"武汉市排序区{name}")
        report = _report(department=department, year=2023 if name != "第5局" else 2022)
        if printed:
            _total(report, printed)
    draft = DepartmentFactory(jurisdiction=place, name="武汉市排序区第6局")
    _total(_report(department=draft, year=2022), "1.00")
    _total(_report(department=draft, year=2023, published=False), "5000.00")
    return place


def test_a_ranking_shares_ranks_on_ties_and_lists_missing_values_last(district):
    found = ranking.rank(jurisdiction=district, year=2023, measure="total")
    rows = [(row.rank, row.department.name.removeprefix("武汉市排序区"), row.tied) for row in found.rows]
    assert rows == [
        (1, "第1局", True),
        (1, "第2局", True),
        (3, "第3局", False),
        (None, "第4局", False),
        (None, "第5局", False),
        (None, "第6局", False),
    ]
    assert [row.cell.printed for row in found.ranked] == ["100.00", "100.00", "50.00"]


def test_the_ranking_page_ranks_a_district_by_a_measure(client, district):
    page = client.get(reverse("disclosures:compare_rank"), {"district": "paixu", "year": "2023", "measure": "total"})
    text = page.content.decode()
    assert page.status_code == 200
    table = text.split('id="rank-table"', 1)[1]
    assert table.index("第1局") < table.index("第3局") < table.index("第4局")
    assert "并列" in table and "5000.00" not in table
    assert client.get(reverse("disclosures:compare_rank")).status_code == 200


def test_a_district_is_ranked_by_a_kuan_given_by_level_and_code(client, samples):
    hanyang = samples["reports"]["hanyang-2023-final"].department
    params = {"district": hanyang.jurisdiction.slug, "level": "section", "code": "20103"}
    page = client.get(reverse("disclosures:compare_rank"), params).content.decode()
    assert '<option value="section" selected>' in page and 'value="20103"' in page
    table = page.split('id="rank-table"', 1)[1]
    assert "武汉市汉阳区大数据中心" in table and ">1,184.75</a>" in table


# Parameters of the page, the CSV and the API


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"years": "2023,abc"}, "四位数字"),
        ({"level": "chapter", "code": "201"}, "层级"),
        ({"level": "class", "code": "20103"}, "不是类一级"),
        ({"code": "2999998"}, "没有这一指标"),
        ({"measure": "economic:999"}, "没有这一指标"),
        ({"measure": "function:abc"}, "没有这一指标"),
        ({"calc": "average"}, "计算方式"),
        ({"kind": "forecast"}, "类型"),
        ({"measure": "personnel_per_staff", "calc": "share"}, "已是计算值"),
    ],
)
def test_bad_parameters_answer_400_with_a_message_on_the_page_the_csv_and_the_api(client, params, words):
    page = client.get(reverse("disclosures:compare"), params)
    assert page.status_code == 400 and words in page.content.decode()
    assert client.get(reverse("disclosures:compare_csv"), params).status_code == 400
    api = client.get("/api/compare/", params)
    assert api.status_code == 400 and words in str(api.json())


@pytest.mark.parametrize(
    "params", [{"district": "nowhere"}, {"district": "paixu", "year": "２０２３"}, {"district": "paixu", "year": "x"}]
)
def test_bad_ranking_parameters_answer_400(client, district, params):
    response = client.get(reverse("disclosures:compare_rank"), params)
    assert response.status_code == 400
    assert "compare-error" in response.content.decode()


def test_the_page_offers_levels_and_codes_and_shows_a_kuan(client, samples):
    hanyang = samples["reports"]["hanyang-2023-final"].department
    params = {"departments": str(hanyang.pk), "level": "section", "code": "20103"}
    page = client.get(reverse("disclosures:compare"), params).content.decode()
    assert '<option value="section" selected>' in page
    assert '<option value="20103" selected>20103 政府办公厅（室）及相关机构事务</option>' in page
    assert '<option value="function:20103" selected>政府办公厅（室）及相关机构事务（20103）</option>' in page
    assert 'data-level="economic"' in page
    table = page.split('id="compare-table"', 1)[1].split("</table>", 1)[0]
    assert ">1,184.75</a>" in table


def test_the_page_shows_a_computed_value_with_the_printed_values_it_comes_from(client, samples):
    hanyang = samples["reports"]["hanyang-2023-final"].department
    params = {"departments": str(hanyang.pk), "measure": "function:201", "calc": "share"}
    page = client.get(reverse("disclosures:compare"), params).content.decode()
    table = page.split('id="compare-table"', 1)[1].split("</table>", 1)[0]
    assert "91.52%" in table and "计算" in table
    assert ">1,184.75</a>" in table and ">1,294.48</a>" in table
    assert "calc=share" in page.split('id="compare-csv"', 1)[0].rsplit("href=", 1)[1]


def test_the_csv_holds_the_computed_value_its_calculation_and_the_printed_values(client, samples):
    hanyang = samples["reports"]["hanyang-2023-final"].department
    params = {"departments": str(hanyang.pk), "years": "2023", "measure": "function:201", "calc": "share"}
    response = client.get(reverse("disclosures:compare_csv"), params)
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, row = rows[0], rows[1]
    assert header[9:] == ["计算方式", "增减率（%）", "计算所用的印出数", "说明"]
    expected = (Decimal("1184.75") / Decimal("1294.48") * HUNDRED).quantize(Decimal("1E-10"))
    assert Decimal(row[6]) == expected and row[5] == "%"
    assert row[9] == "占比" and "1,184.75" in row[11] and "1,294.48" in row[11]


def test_the_csv_of_a_kuan_holds_the_printed_amounts(client, samples):
    hanyang = samples["reports"]["hanyang-2023-final"].department
    jiangan = samples["reports"]["jiangan-2023-final"].department
    params = {"departments": f"{hanyang.pk},{jiangan.pk}", "years": "2023", "level": "item", "code": "2080505"}
    rows = list(
        csv.reader(io.StringIO(client.get(reverse("disclosures:compare_csv"), params).content.decode("utf-8-sig")))
    )
    assert [(r[1], r[4], r[6]) for r in rows[1:]] == [
        ("武汉市汉阳区大数据中心", "机关事业单位基本养老保险缴费支出", "37.16"),
        ("武汉市江岸区大数据中心", "机关事业单位基本养老保险缴费支出", "26.36"),
    ]


def test_the_api_takes_the_same_parameters(client, samples):
    hanyang = samples["reports"]["hanyang-2023-final"].department
    body = client.get(
        "/api/compare/", {"departments": str(hanyang.pk), "level": "economic", "code": "30101", "calc": "share"}
    ).json()
    assert body["measure"]["key"] == "economic:30101" and body["measure"]["level"] == "economic"
    assert body["calc"] == "share" and body["unit"] == "%"
    cell = body["cells"][0]
    assert Decimal(cell["value"]) == (Decimal("54.00") / Decimal("353.78") * HUNDRED).quantize(Decimal("1E-10"))
    assert [used["printed"] for used in cell["inputs"]] == ["54.00", "353.78"]


def test_one_department_over_the_years_is_a_line_with_the_missing_years_left_empty(client, samples):
    hongshan = samples["reports"]["hongshan-2024-budget"].department
    result = comparison.compare(departments=[hongshan], measure="total")
    from disclosures import selectors

    chart = selectors.comparison_chart(result)
    assert chart.kind == "line"
    assert chart.labels == ["2020", "2021", "2022", "2023", "2024"]
    assert [p.printed if p else None for p in chart.datasets[0].points] == ["2,556.03", None, None, None, "1571.31"]


def test_the_page_uses_the_same_few_queries_whatever_it_compares(client, django_assert_max_num_queries):
    for size in (2, 8):
        reports = [_report(year=2015 + n) for n in range(size)]
        for report in reports:
            _expenditure(report, [("", "合计", "5.00"), ("20103", "政府办公厅（室）及相关机构事务", "4.00")])
        ids = ",".join(str(r.department_id) for r in reports)
        for calc in ("printed", "share", "execution"):
            with django_assert_max_num_queries(16):
                page = client.get(
                    reverse("disclosures:compare"),
                    {"departments": ids, "code": "20103", "level": "section", "calc": calc},
                )
            assert page.status_code == 200


def test_the_api_csv_of_a_computed_value_names_the_calculation_and_the_printed_values(client, samples):
    hanyang = samples["reports"]["hanyang-2023-final"]
    params = {"departments": str(hanyang.department_id), "measure": "function:201", "calc": "share", "format": "csv"}
    rows = list(csv.DictReader(io.StringIO(client.get("/api/compare/", params).content.decode("utf-8-sig"))))
    assert len(rows) == 1
    row = rows[0]
    assert (row["calc"], row["unit"], row["source"], row["printed"]) == ("share", "%", "computed", "91.52")
    assert f"2023 final 1,184.75 report {hanyang.pk} page 8" in row["inputs"]
    assert "1,294.48" in row["inputs"]
