"""The public site: what visitors see on the five sample reports and on factory data, and that drafts never show."""

import csv
import io
import json
import re
from decimal import Decimal
from types import SimpleNamespace

import openpyxl
import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse

from budgetpdf.model import STANDARD_TABLES, TableType
from disclosures import selectors
from disclosures.models import KeyFigure, LineItem, PerformanceRecord, Report, ValidationCheck
from disclosures.selectors import PrintedAmount, TableRows

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

CENTRES = ("武汉市江岸区大数据中心", "武汉市洪山区大数据中心", "武汉市江夏区大数据中心", "武汉市汉阳区大数据中心")


def html(client, url, data=None) -> str:
    response = client.get(url, data or {})
    assert response.status_code == 200, url
    return response.content.decode()


def chart_spec(page: str, chart_id: str) -> dict:
    found = re.search(rf'<script id="{chart_id}-data" type="application/json">(.*?)</script>', page, re.S)
    assert found, chart_id
    return json.loads(found.group(1))


def compare_table(page: str) -> str:
    return page.split('id="compare-table"', 1)[1].split("</table>", 1)[0]


# Home and search


def test_the_home_page_lists_each_district_with_its_departments_and_reports(client, samples):
    page = html(client, "/")
    for place in ("武汉市江岸区", "武汉市洪山区", "武汉市江夏区", "武汉市汉阳区"):
        assert place in page
    for name in CENTRES:
        assert name in page
    hongshan = samples["reports"]["hongshan-2024-budget"]
    assert f'href="/reports/{hongshan.pk}/">2024年预算</a>' in page
    assert 'action="/search/"' in page and 'name="q"' in page


def test_every_page_has_the_navigation_to_home_comparison_and_the_api(client, samples):
    page = html(client, "/")
    nav = page.split("<nav", 1)[1].split("</nav>", 1)[0]
    assert ">首页</a>" in nav and 'href="/compare/"' in nav and 'href="/api/docs/">数据接口</a>' in nav


def test_search_finds_departments_projects_and_line_items_linked_to_their_page(client, samples):
    page = html(client, reverse("disclosures:search"), {"q": "大数据中心"})
    for name in CENTRES:
        assert name in page
    projects = html(client, reverse("disclosures:search"), {"q": "政务网络建设"})
    jiangan = samples["reports"]["jiangan-2023-final"]
    assert "政务网络建设及运维费" in projects and f'href="/reports/{jiangan.pk}/#performance-' in projects
    lines = html(client, reverse("disclosures:search"), {"q": "2060501"})
    line = LineItem.objects.get(table__report=jiangan, table__type="expenditure", code="2060501")
    assert "机构运行" in lines
    assert f'href="/reports/{jiangan.pk}/pages/{line.page}/?line={line.pk}"' in lines


@pytest.mark.parametrize("term", ["三公", "政务云"])
def test_search_finds_chinese_terms_the_reports_print_in_their_text(client, samples, term):
    page = html(client, reverse("disclosures:search"), {"q": term})
    assert 'id="results-pages"' in page
    pages = page.split('id="results-pages"', 1)[1].split("</section>", 1)[0]
    assert f"<mark>{term}</mark>" in pages and "第" in pages


def test_search_results_are_faceted_by_district_year_kind_and_table(client, samples):
    hongshan = samples["reports"]["hongshan-2024-budget"]
    place = hongshan.department.jurisdiction
    page = html(client, reverse("disclosures:search"), {"q": "三公"})
    for facet in ("district", "year", "kind"):
        assert f'id="facet-{facet}"' in page
    assert place.name in page.split('id="facet-district"', 1)[1].split("</div>", 1)[0]
    narrowed = html(client, reverse("disclosures:search"), {"q": "三公", "district": place.slug, "type": "pages"})
    results = narrowed.split('id="results-pages"', 1)[1].split("</section>", 1)[0]
    assert hongshan.department.name in results
    assert "江岸区" not in results and "汉阳区" not in results
    budgets = html(client, reverse("disclosures:search"), {"q": "三公", "kind": "budget", "type": "pages"})
    assert "决算 · 第" not in budgets.split('id="results-pages"', 1)[1].split("</section>", 1)[0]


def test_a_draft_reports_page_text_is_never_found_by_search(client):
    draft = ReportFactory()
    published = ReportFactory(published=True)
    draft.pages.create(number=1, text="草稿页里的政务云租赁说明")
    published.pages.create(number=1, text="已发布的政务云说明")
    page = html(client, reverse("disclosures:search"), {"q": "政务云", "type": "pages"})
    assert "已发布的<mark>政务云</mark>说明" in page and "草稿页里" not in page


def test_search_on_postgresql_has_trigram_indexes_for_names_and_page_texts():
    if connection.vendor != "postgresql":
        pytest.skip("trigram indexes exist on PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexdef LIKE '%%gin_trgm_ops%%'")
        names = {row[0] for row in cursor.fetchall()}
    assert {"disclosures_search_line_name", "disclosures_search_page_text", "disclosures_search_project"} <= names


def test_search_results_come_in_pages_of_twenty(client):
    report = ReportFactory(published=True)
    table = DisclosureTableFactory(report=report)
    for n in range(25):
        LineItemFactory(table=table, position=n, name=f"政务云租赁{n:02d}", code="")

    first = html(client, reverse("disclosures:search"), {"q": "政务云租赁"})
    assert first.count("<td>政务云租赁") == 10
    assert "type=lines" in first and "查看更多" in first
    page_one = html(client, reverse("disclosures:search"), {"q": "政务云租赁", "type": "lines"})
    assert page_one.count("<td>政务云租赁") == 20 and 'rel="next"' in page_one
    page_two = html(client, reverse("disclosures:search"), {"q": "政务云租赁", "type": "lines", "page": "2"})
    assert page_two.count("<td>政务云租赁") == 5 and 'rel="prev"' in page_two and 'rel="next"' not in page_two
    links = re.findall(r'href="([^"]*)"', first + page_one + page_two)
    assert not [link for link in links if link.startswith("??")]
    assert 'href="?q=' in page_one and "page=2" in page_one


def test_a_search_reads_a_bounded_number_of_rows_whatever_matches(client, django_assert_max_num_queries):
    report = ReportFactory(published=True)
    table = DisclosureTableFactory(report=report)
    for n in range(60):
        LineItemFactory(table=table, position=n, name=f"运维{n}", code="")
    with CaptureQueriesContext(connection) as queries:
        html(client, reverse("disclosures:search"), {"q": "运维", "type": "lines", "page": "2"})
    with django_assert_max_num_queries(11):
        html(client, reverse("disclosures:search"), {"q": "运维"})
    assert any("LIMIT 21 OFFSET 20" in q["sql"] for q in queries.captured_queries)


# Report page


def test_the_report_page_shows_every_table_with_the_seed_amounts_and_links_them_to_their_page(client, samples):
    report = samples["reports"]["jiangan-2023-final"]
    page = html(client, reverse("disclosures:report", args=[report.pk]))
    assert "2,743.11" in page and "2,660.02" in page
    line = LineItem.objects.get(table__report=report, table__type="expenditure", code="2060501")
    assert f'<tr id="line-{line.pk}" class="level-3">' in page
    assert f'href="/reports/{report.pk}/pages/{line.page}/?line={line.pk}">165.79</a>' in page
    assert "公开03表</span> 2023年度支出决算表" in page
    assert "单位：万元" in page
    assert '<th scope="col" title="basic">基本支出</th>' in page
    assert '<td class="name level-1">科学技术支出</td>' in page


def test_the_report_header_names_department_year_kind_version_publication_and_source(client, samples):
    report = samples["reports"]["jiangan-2023-final"]
    report.refresh_from_db()
    page = html(client, reverse("disclosures:report", args=[report.pk]))
    header = page.split('<dl class="meta">', 1)[1].split("</dl>", 1)[0]
    assert "武汉市江岸区大数据中心" in header and "2023" in header and "决算" in header
    assert "<dt>版本</dt><dd>1</dd>" in header
    assert report.published_at.astimezone().strftime("%Y-%m-%d") in header
    assert f'href="/reports/{report.pk}/source.pdf"' in header


def test_a_two_sided_table_prints_its_income_and_expense_sides_beside_each_other(client, samples):
    report = samples["reports"]["jiangan-2023-final"]
    page = html(client, reverse("disclosures:report", args=[report.pk]))
    summary = page.split('id="table-0"', 1)[1].split("</article>", 1)[0]
    assert 'class="table-sides"' in summary
    assert "<h4>收入</h4>" in summary and "<h4>支出</h4>" in summary
    income, expense = summary.split("<h4>支出</h4>")
    assert "一、一般公共预算财政拨款收入" in income and "科学技术支出" not in income
    assert "六、科学技术支出" in expense and "一般公共预算财政拨款收入" not in expense


def test_the_report_page_charts_spending_by_class_basic_against_project_personnel_and_income(client, samples):
    report = samples["reports"]["jiangan-2023-final"]
    page = html(client, reverse("disclosures:report", args=[report.pk]))
    functions = chart_spec(page, "chart-functions")
    assert functions["type"] == "doughnut"
    assert "科学技术支出" in functions["labels"]
    science = functions["labels"].index("科学技术支出")
    assert functions["datasets"][0]["data"][science] == "2660.02"
    assert functions["datasets"][0]["printed"][science] == "2,660.02"
    split = chart_spec(page, "chart-basic-project")
    assert split["labels"] == ["基本支出", "项目支出"] and split["datasets"][0]["printed"] == ["248.79", "2,494.33"]
    personnel = chart_spec(page, "chart-personnel-public")
    assert any("工资福利支出" in label for label in personnel["labels"])
    assert "240.59" in personnel["datasets"][0]["printed"]
    assert chart_spec(page, "chart-income")["labels"] == ["财政拨款收入"]
    assert '<details class="chart-table">' in page and "<script>" not in page


def test_personnel_and_public_costs_are_charted_from_the_key_figures_when_both_are_printed(client, samples):
    report = samples["reports"]["hongshan-2024-budget"]
    page = html(client, reverse("disclosures:report", args=[report.pk]))
    costs = chart_spec(page, "chart-personnel-public")
    assert costs["labels"] == ["人员经费", "公用经费"] and costs["datasets"][0]["printed"] == ["407.01", "39.96"]


def test_key_figures_are_named_in_chinese_with_their_page(client, samples):
    hongshan = samples["reports"]["hongshan-2024-budget"]
    page = html(client, reverse("disclosures:report", args=[hongshan.pk]))
    figure = KeyFigure.objects.get(report=hongshan, key="total_expenditure")
    assert '<dt title="total_expenditure">支出合计<small class="subject">本年支出</small></dt>' in page
    assert f'<a href="/reports/{hongshan.pk}/pages/{figure.page}/">1,571.31</a> <small>万元</small>' in page
    assert f"第{figure.page}页 · 表格" in page
    staff = KeyFigure.objects.get(report=hongshan, key="staff_actual")
    assert (
        f'<dt title="staff_actual">实有人数<small class="subject">在职实有</small></dt>'
        f'<dd><a href="/reports/{hongshan.pk}/pages/{staff.page}/">15</a>' in page
    )


def test_every_key_figure_has_a_permalink_and_a_cite_line_saying_what_it_is_a_figure_of(client, samples):
    hongshan = samples["reports"]["hongshan-2024-budget"]
    page = html(client, reverse("disclosures:report", args=[hongshan.pk]))
    figures = page.split('<section id="figures">', 1)[1].split("</section>\n</section>", 1)[0]
    count = KeyFigure.objects.filter(report=hongshan).count()
    assert figures.count('class="permalink"') == count and figures.count('<small class="cite">') == count
    total = KeyFigure.objects.get(report=hongshan, key="total_expenditure")
    card = figures.split('<div id="figure-total_expenditure">', 1)[1].split("</div>", 1)[0]
    assert '<a href="#figure-total_expenditure" class="permalink">' in card
    cite = card.split('<small class="cite">', 1)[1].split("</small>", 1)[0]
    assert hongshan.department.name in cite and "2024年预算" in cite
    assert "支出合计（本年支出）：1,571.31 万元" in cite and f"原文第{total.page}页" in cite
    assert f"/reports/{hongshan.pk}/#figure-total_expenditure" in cite and "访问" in cite


@pytest.mark.parametrize(
    ("approved", "disclosed", "shown"),
    [
        ("2024-01-20", "2024-02-09", "按时：批复后第 20 天公开（期限 2024-02-09）"),
        ("2024-01-20", "2024-02-10", "逾期：批复后第 21 天公开（期限 2024-02-09）"),
        (None, "2024-02-10", "无法判断"),
    ],
)
def test_the_report_header_says_whether_it_was_made_public_within_20_days_of_approval(
    client, approved, disclosed, shown
):
    report = ReportFactory(published=True, approved_on=approved, disclosed_on=disclosed)
    page = html(client, reverse("disclosures:report", args=[report.pk]))
    header = page.split('<dl class="meta">', 1)[1].split("</dl>", 1)[0]
    assert f"<dt>公开日期</dt><dd>{disclosed}</dd>" in header
    assert shown in header.split('id="timeliness"', 1)[1].split("</div>", 1)[0]


def test_the_report_header_gives_the_source_address_and_when_the_file_was_fetched(client):
    report = ReportFactory(
        published=True, source_url="https://www.example.gov.cn/yjs/2024.pdf", fetched_on="2024-03-01"
    )
    page = html(client, reverse("disclosures:report", args=[report.pk]))
    source = page.split('id="source-url"', 1)[1].split("</div>", 1)[0]
    assert 'href="https://www.example.gov.cn/yjs/2024.pdf"' in source and "2024-03-01 获取" in source


def test_the_report_header_says_the_date_is_when_this_site_published_it(client, samples):
    report = samples["reports"]["hongshan-2024-budget"]
    page = html(client, reverse("disclosures:report", args=[report.pk]))
    header = page.split('<dl class="meta">', 1)[1].split("</dl>", 1)[0]
    assert "<dt>本站发布日期</dt>" in header and "<dt>发布日期</dt>" not in header


def test_key_figures_are_grouped_income_spending_structure_sangong_staff_in_that_order(client, samples):
    hongshan = samples["reports"]["hongshan-2024-budget"]
    page = html(client, reverse("disclosures:report", args=[hongshan.pk]))
    figures = page.split('id="figures"', 1)[1].split('id="charts"', 1)[0]
    groups = [g for g in ("income", "expenditure", "structure", "sangong", "staff") if f'id="figures-{g}"' in figures]
    assert groups[:2] == ["income", "expenditure"] and "staff" in groups
    assert [figures.index(f'id="figures-{g}"') for g in groups] == sorted(
        figures.index(f'id="figures-{g}"') for g in groups
    )
    income = figures.split('id="figures-income"', 1)[1].split("</section>", 1)[0]
    assert not income.split('<div id="figure-', 2)[1].startswith("carryover_begin")


def test_the_prior_year_total_says_it_is_worked_out_not_printed(client, samples):
    report = samples["reports"]["jiangan-2023-final"]
    page = html(client, reverse("disclosures:report", args=[report.pk]))
    derived = "上年的收支总计，由本年总计减去说明所写的增减算出"
    assert f'<dt title="prior_year_total">上年数<small class="subject">{derived}' in page


def test_the_sangong_budget_is_never_shown_as_the_departments_initial_budget(client, samples):
    report = samples["reports"]["hongshan-2020-final"]
    page = html(client, reverse("disclosures:report", args=[report.pk]))
    assert not KeyFigure.objects.filter(report=report, key="initial_budget").exists()
    sangong = page.split('id="figures-sangong"', 1)[1].split("</section>", 1)[0]
    assert "4.20" in sangong
    assert "年初预算 4.20" not in page and ">年初预算<" not in page


def test_the_income_chart_counts_general_budget_income_once_inside_fiscal_appropriation():
    table = SimpleNamespace(type=TableType.INCOME, empty=False)
    columns = [("total", "合计"), ("fiscal_appropriation", "财政拨款收入"), ("general_budget", "一般公共预算")]
    columns.append(("other_income", "其他收入"))
    totals = {
        "total": PrintedAmount(Decimal("110"), "110.00"),
        "fiscal_appropriation": PrintedAmount(Decimal("100"), "100.00"),
        "general_budget": PrintedAmount(Decimal("100"), "100.00"),
        "other_income": PrintedAmount(Decimal("10"), "10.00"),
    }
    rows = TableRows(table=table, blocks=[], columns=columns, totals=totals)
    income = next(c for c in selectors.report_charts(None, [rows], {}) if c.id == "income")
    assert income.labels == ["财政拨款收入", "其他收入"]
    assert sum(p.amount for p in income.datasets[0].points) == totals["total"].amount


def test_the_glossary_explains_every_term_a_journalist_meets(client):
    page = html(client, reverse("disclosures:glossary"))
    for term in (
        "基本支出",
        "项目支出",
        "“三公”经费",
        "财政拨款",
        "结转结余",
        "类、款、项",
        "功能分类",
        "经济分类",
        "决算",
        "预算",
    ):
        assert f"<dt>{term}</dt>" in page
    assert 'id="term-sangong-jingfei"' in page


def test_the_report_page_links_its_terms_to_the_glossary_and_says_which_standard_tables_it_prints(client, samples):
    report = samples["reports"]["hongshan-2024-budget"]
    page = html(client, reverse("disclosures:report", args=[report.pk]))
    assert '<a class="term" href="/glossary/#term-jiben-zhichu">基本支出</a>' in page
    assert 'href="/glossary/#term-yusuan">预算</a>' in page
    completeness = page.split('id="completeness"', 1)[1].split("</div>", 1)[0]
    printed = set(report.tables.values_list("type", flat=True)) & set(STANDARD_TABLES)
    assert f"标准公开表 {len(printed)}/9 张" in completeness
    if len(printed) < 9:
        assert "未见" in completeness


def test_each_table_downloads_as_csv_and_xlsx_with_amounts_as_printed_and_a_citation(client, samples):
    report = samples["reports"]["jiangan-2023-final"]
    table = report.tables.get(type="income_expenditure_summary")
    url = reverse("disclosures:table_download", args=[report.pk, table.position, "csv"])
    response = client.get(url)
    assert response.status_code == 200 and 'filename="report-' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["栏", "科目编码", "级次", "科目名称"]
    sides = {row[0] for row in rows[1:] if row and len(row) > 4}
    assert sides == {"收入", "支出"}
    assert any("2743.11" in row for row in rows) and not any(re.search(r"\d\.\d{3,}", c) for r in rows for c in r)
    assert "江岸区大数据中心《2023年决算》" in rows[-1][0] and f"#table-{table.position}" in rows[-1][0]
    xlsx = client.get(reverse("disclosures:table_download", args=[report.pk, table.position, "xlsx"]))
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    values = [c.value for row in book["表"].iter_rows() for c in row]
    assert Decimal("2743.11") in [Decimal(str(v)) for v in values if isinstance(v, (int, float))]
    assert "访问" in book["来源"]["A1"].value
    assert client.get(reverse("disclosures:table_download", args=[report.pk, table.position, "pdf"])).status_code == 404


def test_every_table_on_the_report_page_has_a_cite_line_and_downloads(client, samples):
    report = samples["reports"]["hongshan-2024-budget"]
    page = html(client, reverse("disclosures:report", args=[report.pk]))
    count = report.tables.count()
    assert page.count('<p class="cite">') == count and page.count(">XLSX</a>") == count
    table = report.tables.order_by("position").first()
    cite = page.split('<p class="cite">', 1)[1].split("</p>", 1)[0]
    assert report.department.name in cite and "2024年预算" in cite and table.title in cite
    assert f"原文第{table.pages[0]}" in cite and f"/reports/{report.pk}/#table-{table.position}" in cite


def test_a_draft_table_cannot_be_downloaded(client):
    draft = ReportFactory()
    table = DisclosureTableFactory(report=draft, position=0)
    assert client.get(reverse("disclosures:table_download", args=[draft.pk, table.position, "csv"])).status_code == 404


def test_failed_checks_are_listed_in_plain_words_with_their_page(client, samples):
    report = samples["reports"]["jiangan-2023-final"]
    page = html(client, reverse("disclosures:report", args=[report.pk]))
    checks = page.split('id="quality"', 1)[1].split("</section>", 1)[0]
    failed = ValidationCheck.objects.filter(report=report, status=ValidationCheck.Status.FAIL).count()
    passed = ValidationCheck.objects.filter(report=report, status=ValidationCheck.Status.PASS).count()
    assert f"原文中有 {failed} 处问题（" in checks and f"另有 {passed} 项校验一致）" in checks
    assert "相差0.02万元" in checks
    assert f'<a class="finding-page" href="/reports/{report.pk}/pages/7/">第7页</a>' in checks


def test_performance_indicators_show_their_target_against_the_result(client, samples):
    report = samples["reports"]["jiangan-2023-final"]
    page = html(client, reverse("disclosures:report", args=[report.pk]))
    record = PerformanceRecord.objects.get(report=report, project="政务网络建设及运维费")
    section = page.split(f'id="performance-{record.position}"', 1)[1].split("</article>", 1)[0]
    assert '<th scope="col">目标</th>' in section and '<th scope="col">实际完成</th>' in section
    assert "<td>3000次</td><td>3500余次</td>" in section
    assert "预算数 <strong>63.00</strong>万元" in section and "执行率 <strong>100</strong>%" in section


def _report_with_tables(count: int) -> Report:
    report = ReportFactory(published=True)
    for n in range(count):
        table = DisclosureTableFactory(report=report, position=n)
        column = TableColumnFactory(table=table, position=0)
        for _ in range(3):
            LineValueFactory(line__table=table, column=column)
    report.key_figures.create(key="total_expenditure", value=Decimal("2743.11"), source="table", page=4)
    ValidationCheck.objects.create(
        report=report, rule="sum", status=ValidationCheck.Status.FAIL, message="本表支出合计与分项之和相差0.01万元"
    )
    record = PerformanceRecord.objects.create(report=report, position=0, kind="target", project="政务云")
    record.indicators.create(position=0, name="系统可用率", target_text="≥99%")
    return report


def test_the_report_page_uses_the_same_few_queries_for_3_tables_as_for_30(client, django_assert_max_num_queries):
    small, large = _report_with_tables(3), _report_with_tables(30)
    counts = []
    for report, tables in ((small, 3), (large, 30)):
        with django_assert_max_num_queries(11), CaptureQueriesContext(connection) as queries:
            page = html(client, reverse("disclosures:report", args=[report.pk]))
        assert page.count(">165.79</a>") == tables * 3
        counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1]


# Page viewer, page images and the source PDF


def test_the_page_viewer_highlights_the_row_an_amount_came_from(client, samples):
    report = samples["reports"]["jiangan-2023-final"]
    line = LineItem.objects.get(table__report=report, table__type="expenditure", code="2060501")
    page = html(client, reverse("disclosures:page", args=[report.pk, line.page]), {"line": line.pk})
    box = re.search(r'class="highlight" style="left:([\d.]+)%;top:([\d.]+)%;width:([\d.]+)%;height:([\d.]+)%"', page)
    assert box and all(0 <= float(v) <= 100 for v in box.groups()) and float(box.group(3)) > 0
    assert "2060501" in page and "机构运行" in page
    assert f'href="/reports/{report.pk}/#line-{line.pk}"' in page
    assert f'href="/reports/{report.pk}/pages/{line.page - 1}/"' in page
    assert f'href="/reports/{report.pk}/pages/{line.page + 1}/"' in page
    assert f'src="/reports/{report.pk}/pages/{line.page}.png?w=1000"' in page


def test_a_line_from_another_report_is_never_highlighted(client, samples):
    report = samples["reports"]["jiangan-2023-final"]
    other = LineItem.objects.filter(table__report=samples["reports"]["hanyang-2023-final"]).exclude(bbox=None).first()
    page = html(client, reverse("disclosures:page", args=[report.pk, other.page]), {"line": other.pk})
    assert 'class="highlight"' not in page and other.name not in page.split("<main", 1)[1]


def test_the_page_image_is_a_cacheable_png_and_pages_out_of_range_are_not_found(client, samples):
    report = samples["reports"]["jiangan-2023-final"]
    image = client.get(reverse("disclosures:page_image", args=[report.pk, 7]), {"w": "1000"})
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert b"".join(image.streaming_content)[:4] == b"\x89PNG"
    assert "max-age=" in image["Cache-Control"] and "public" in image["Cache-Control"]
    for number in (0, report.page_count + 1):
        assert client.get(reverse("disclosures:page_image", args=[report.pk, number])).status_code == 404
        assert client.get(reverse("disclosures:page", args=[report.pk, number])).status_code == 404


def test_the_source_pdf_of_a_published_report_is_served(client, samples):
    report = samples["reports"]["jiangan-2023-final"]
    response = client.get(reverse("disclosures:report_pdf", args=[report.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content)[:5] == b"%PDF-"


def test_a_published_report_whose_file_is_missing_answers_not_found(client):
    report = ReportFactory(published=True)
    assert client.get(reverse("disclosures:report_pdf", args=[report.pk])).status_code == 404
    assert client.get(reverse("disclosures:page", args=[report.pk, 1])).status_code == 404
    assert client.get(reverse("disclosures:page_image", args=[report.pk, 1])).status_code == 404


# Department and jurisdiction pages


def test_the_department_page_lists_its_reports_by_year_and_charts_them(client, samples):
    department = samples["reports"]["hongshan-2024-budget"].department
    page = html(client, reverse("disclosures:department", args=[department.jurisdiction.slug, department.slug]))
    assert "2024年预算" in page and "2020年决算" in page
    assert "1,571.31" in page and "2,556.03" in page
    totals = chart_spec(page, "chart-totals")
    assert totals["labels"] == ["2020", "2021", "2022", "2023", "2024"] and totals["type"] == "line"
    assert [d["label"] for d in totals["datasets"]] == ["预算", "决算"]
    assert totals["datasets"][0]["data"] == [None, None, None, None, "1571.31"]
    assert chart_spec(page, "chart-basic-project")["stacked"] is True
    assert "一般公共服务支出" in [d["label"] for d in chart_spec(page, "chart-functions")["datasets"]]
    sangong = chart_spec(page, "chart-sangong")
    assert sangong["datasets"][1]["printed"] == ["2.49", None, None, None, None]


def test_a_department_with_a_budget_and_a_final_account_for_a_year_shows_its_completion_rate(client):
    department = DepartmentFactory()
    budget = ReportFactory(published=True, department=department, kind="budget", fiscal_year__year=2023)
    final = ReportFactory(published=True, department=department, kind="final", fiscal_year__year=2023)
    budget.key_figures.create(key="total_expenditure", value=Decimal("2991.53"), source="table", page=4)
    final.key_figures.create(key="total_expenditure", value=Decimal("2743.11"), source="table", page=4)

    page = html(client, reverse("disclosures:department", args=[department.jurisdiction.slug, department.slug]))

    assert "2,991.53" in page and "2,743.11" in page and "91.7%" in page
    totals = chart_spec(page, "chart-totals")
    assert totals["type"] == "bar" and totals["datasets"][1]["data"] == ["2743.11"]


def test_the_district_page_lists_each_department_by_year_and_charts_their_totals(client, samples):
    hongshan = samples["reports"]["hongshan-2024-budget"]
    place = hongshan.department.jurisdiction
    page = html(client, reverse("disclosures:jurisdiction", args=[place.slug]))
    assert "武汉市洪山区大数据中心" in page and "2,556.03" in page and "1,571.31" in page
    assert f'href="/reports/{hongshan.pk}/">预算</a>' in page
    spec = chart_spec(page, "chart-jurisdiction-total")
    assert spec["labels"] == ["2020", "2021", "2022", "2023", "2024"]
    assert spec["datasets"][0]["printed"] == ["2,556.03", None, None, None, "1,571.31"]


def test_the_district_page_shows_the_completion_rate_where_a_year_has_both_reports(client):
    place = JurisdictionFactory(name="武汉市测试区", slug="ceshi")
    department = DepartmentFactory(jurisdiction=place)
    budget = ReportFactory(published=True, department=department, kind="budget", fiscal_year__year=2022)
    final = ReportFactory(published=True, department=department, kind="final", fiscal_year__year=2022)
    budget.key_figures.create(key="total_expenditure", value=Decimal("200.00"), source="table", page=3)
    final.key_figures.create(key="total_expenditure", value=Decimal("150.00"), source="table", page=3)
    page = html(client, reverse("disclosures:jurisdiction", args=[place.slug]))
    assert "完成率 75.0%" in page


# Comparison


def test_the_comparison_is_routed_before_the_district_pages():
    JurisdictionFactory(name="比较区", slug="compare")
    assert resolve("/compare/").url_name == "compare"
    assert resolve("/compare.csv").url_name == "compare_csv"
    assert reverse("disclosures:compare") == "/compare/"


def test_the_comparison_offers_function_classes_under_current_names_and_only_those_with_data(client, samples):
    page = html(client, reverse("disclosures:compare"))
    measures = page.split('name="measure"', 1)[1].split("</select>", 1)[0]
    assert '<option value="function:206"' in measures and "科学技术支出（206）" in measures
    assert '<option value="function:202"' not in measures and "外交支出" not in measures
    assert "医疗卫生与计划生育" not in measures
    assert measures.count('value="function:') < 33


def test_the_site_search_box_is_filled_only_with_what_was_searched(client, samples):
    compare = html(client, reverse("disclosures:compare"), {"departments": "1,2", "years": "2023", "q": "x"})
    header = compare.split('class="site-search"', 1)[1].split("</form>", 1)[0]
    assert 'value=""' in header
    leaked = render_to_string("base.html", {"query": "departments=1,2&years=2023"})
    assert "departments=1" not in leaked
    search = html(client, reverse("disclosures:search"), {"q": "政务云"})
    assert 'value="政务云"' in search.split('class="site-search"', 1)[1].split("</form>", 1)[0]


def test_the_comparison_defaults_to_the_four_centres_and_warns_when_budgets_and_finals_are_mixed(client, samples):
    page = html(client, reverse("disclosures:compare"))
    table = compare_table(page)
    for name in CENTRES:
        assert name in table
    assert "2,743.11" in table
    warnings = page.split('class="warnings"', 1)[1].split("</ul>", 1)[0]
    assert "不宜直接比较" in warnings and "2021" in warnings and warnings.count("<li>") >= 2
    spec = chart_spec(page, "chart-compare")
    assert spec["type"] == "bar" and spec["labels"] == ["2020", "2021", "2023", "2024"]


def test_a_department_keeps_one_colour_on_the_district_chart_and_the_comparison(client, samples):
    hongshan = samples["reports"]["hongshan-2024-budget"].department
    jiangan = samples["reports"]["jiangan-2023-final"].department
    district = html(client, reverse("disclosures:jurisdiction", args=[hongshan.jurisdiction.slug]))
    district_colour = chart_spec(district, "chart-jurisdiction-total")["datasets"][0]["colour"]
    for order in (f"{hongshan.pk},{jiangan.pk}", f"{jiangan.pk},{hongshan.pk}"):
        page = html(client, reverse("disclosures:compare"), {"departments": order, "years": "2020,2024"})
        colours = {d["label"]: d["colour"] for d in chart_spec(page, "chart-compare")["datasets"]}
        assert colours["洪山 大数据中心"] == district_colour
        assert colours["江岸 大数据中心"] != district_colour


def test_one_year_is_compared_with_bars_and_the_url_restores_the_choice(client, samples):
    jiangan = samples["reports"]["jiangan-2023-final"].department
    hanyang = samples["reports"]["hanyang-2023-final"].department
    query = {"departments": f"{hanyang.pk},{jiangan.pk}", "years": "2023", "measure": "basic", "kind": "final"}
    page = html(client, reverse("disclosures:compare"), query)
    spec = chart_spec(page, "chart-compare")
    assert spec["type"] == "bar" and spec["labels"] == ["汉阳 大数据中心", "江岸 大数据中心"]
    assert spec["datasets"][0]["printed"] == ["353.78", "248.79"]
    assert f'<option value="{jiangan.pk}" selected>' in page and f'<option value="{hanyang.pk}" selected>' in page
    assert 'value="2023" checked' in page and 'value="2024" checked' not in page
    assert '<option value="basic" selected>' in page and '<option value="final" selected>' in page
    assert "不宜直接比较" not in page


def test_the_comparison_csv_holds_exactly_the_cells_on_screen(client, samples):
    jiangan = samples["reports"]["jiangan-2023-final"].department
    hanyang = samples["reports"]["hanyang-2023-final"].department
    query = {"departments": f"{jiangan.pk},{hanyang.pk}", "years": "2023,2024", "measure": "total"}
    page = html(client, reverse("disclosures:compare"), query)
    link = re.search(r'href="(/compare\.csv\?[^"]+)" id="compare-csv"', page).group(1).replace("&amp;", "&")
    response = client.get(link)
    text = response.content.decode("utf-8")
    assert response["Content-Type"].startswith("text/csv") and text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][:7] == ["行政区", "部门", "年度", "类型", "指标", "单位", "数值"]
    body = rows[1:]
    assert [(r[1], r[2]) for r in body] == [
        ("武汉市江岸区大数据中心", "2023"),
        ("武汉市江岸区大数据中心", "2024"),
        ("武汉市汉阳区大数据中心", "2023"),
        ("武汉市汉阳区大数据中心", "2024"),
    ]
    assert [r[6] for r in body] == ["2743.11", "", "1294.48", ""]
    table = compare_table(page)
    for row in body:
        if row[6]:
            assert f"{Decimal(row[6]):,.2f}" in table
    assert "武汉市洪山区大数据中心" not in table


def test_the_comparison_page_uses_the_same_few_queries_for_2_reports_as_for_12(client, django_assert_max_num_queries):
    counts = []
    for size, first_year in ((2, 2001), (12, 2010)):
        made = [ReportFactory(published=True, fiscal_year__year=first_year + n) for n in range(size)]
        for report in made:
            report.key_figures.create(key="total_expenditure", value=Decimal("12.34"), source="table", page=1)
        ids = ",".join(str(r.department_id) for r in made)
        with django_assert_max_num_queries(10), CaptureQueriesContext(connection) as queries:
            page = html(client, reverse("disclosures:compare"), {"departments": ids})
        assert compare_table(page).count('<tr><th scope="row">') == size
        assert compare_table(page).count(">12.34</a>") == size
        counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1]


# Drafts never leak


def test_no_page_or_file_of_a_draft_is_reachable(client, samples):
    draft = samples["draft"]
    published = samples["reports"]["jiangan-2023-final"]
    department = draft.department
    for report, status in ((published, 200), (draft, 404)):
        urls = [
            reverse("disclosures:report", args=[report.pk]),
            reverse("disclosures:report_pdf", args=[report.pk]),
            reverse("disclosures:page", args=[report.pk, 1]),
            reverse("disclosures:page_image", args=[report.pk, 1]),
        ]
        for url in urls:
            assert client.get(url).status_code == status, url
    assert (
        client.get(reverse("disclosures:department", args=[department.jurisdiction.slug, department.slug])).status_code
        == 404
    )


def test_a_department_with_only_a_draft_is_named_nowhere(client, samples):
    department = samples["draft"].department
    name = department.name
    pages = [
        html(client, "/"),
        html(client, reverse("disclosures:search"), {"q": "草稿保密"}),
        html(client, reverse("disclosures:search"), {"q": "草稿保密", "type": "departments"}),
        html(client, reverse("disclosures:jurisdiction", args=[department.jurisdiction.slug])),
        html(client, reverse("disclosures:compare")),
        html(client, reverse("disclosures:compare"), {"departments": str(department.pk), "years": "2019"}),
    ]
    for page in pages:
        assert name not in page.split("</header>", 1)[1]
    csv_text = client.get(reverse("disclosures:compare_csv"), {"departments": str(department.pk), "years": "2019"})
    assert name not in csv_text.content.decode() and "reports/" not in csv_text.content.decode()


def test_a_draft_new_version_shows_none_of_its_numbers_while_the_published_one_is_shown(client):
    place = JurisdictionFactory(name="武汉市草稿区", slug="draft-district")
    department = DepartmentFactory(jurisdiction=place, name="武汉市草稿区信息中心")
    published = ReportFactory(published=True, department=department, fiscal_year__year=2022)
    draft = ReportFactory(department=department, fiscal_year__year=2022, version=2, supersedes=published)
    archived = ReportFactory(
        department=department,
        fiscal_year__year=2021,
        status=Report.Status.ARCHIVED,
        published_at=published.published_at,
    )
    for report, amount, printed in (
        (published, Decimal("111.11"), "111.11"),
        (draft, Decimal("98765.43"), "98,765.43"),
        (archived, Decimal("55555.55"), "55,555.55"),
    ):
        report.key_figures.create(key="total_expenditure", value=amount, source="table", page=2)
        table = DisclosureTableFactory(report=report, position=0)
        column = TableColumnFactory(table=table, position=0)
        line = LineItemFactory(table=table, position=0, name=f"草稿核对科目{printed}", code="2010199")
        LineValueFactory(line=line, column=column, amount=amount, printed=printed)
        PerformanceRecord.objects.create(report=report, position=0, kind="target", project=f"绩效项目{printed}")

    pages = [
        html(client, "/"),
        html(client, reverse("disclosures:jurisdiction", args=[place.slug])),
        html(client, reverse("disclosures:department", args=[place.slug, department.slug])),
        html(client, reverse("disclosures:report", args=[published.pk])),
        html(client, reverse("disclosures:search"), {"q": "草稿核对科目"}),
        html(client, reverse("disclosures:search"), {"q": "绩效项目"}),
        html(client, reverse("disclosures:search"), {"q": "2010199", "type": "lines"}),
        html(client, reverse("disclosures:compare"), {"departments": str(department.pk), "years": "2021,2022"}),
    ]
    csv_text = client.get(
        reverse("disclosures:compare_csv"), {"departments": str(department.pk), "years": "2021,2022"}
    ).content.decode()
    assert "111.11" in pages[2] and "111.11" in pages[3] and "111.11" in csv_text
    for text in [*pages, csv_text]:
        for secret in ("98,765.43", "98765.43", "55,555.55", "55555.55"):
            assert secret not in text
        assert f"/reports/{draft.pk}/" not in text and f"/reports/{archived.pk}/" not in text
    for report in (draft, archived):
        assert client.get(reverse("disclosures:report", args=[report.pk])).status_code == 404
