"""The public site on the five sample reports: what visitors see, and that drafts never show."""

import pytest
from django.urls import reverse

from disclosures.models import LineItem, Report

from .factories import DisclosureTableFactory, LineValueFactory, ReportFactory, TableColumnFactory
from .published import media_in_tmp, samples  # noqa: F401

pytestmark = pytest.mark.django_db


def test_the_home_page_lists_each_district_with_its_departments_and_reports(client, samples):
    page = client.get("/").content.decode()
    for place in ("武汉市江岸区", "武汉市洪山区", "武汉市江夏区", "武汉市汉阳区"):
        assert place in page
    assert "2024年预算" in page and "2023年决算" in page
    assert "草稿保密中心" not in page


def test_the_report_page_shows_every_table_with_the_seed_amounts_and_links_them_to_their_page(client, samples):
    report = samples["reports"]["jiangan-2023-final"]
    page = client.get(reverse("disclosures:report", args=[report.pk])).content.decode()
    assert "2,743.11" in page and "2,660.02" in page
    line = LineItem.objects.get(table__report=report, table__type="expenditure", code="2060501")
    assert f'href="/reports/{report.pk}/pages/{line.page}/?line={line.pk}"' in page
    assert "相差0.02万元" in page
    assert 'data-chart="chart-functions-data"' in page
    assert "单位：万元" in page


def test_the_page_viewer_highlights_the_row_an_amount_came_from(client, samples):
    report = samples["reports"]["jiangan-2023-final"]
    line = LineItem.objects.get(table__report=report, table__type="expenditure", code="2060501")
    page = client.get(reverse("disclosures:page", args=[report.pk, line.page]), {"line": line.pk}).content.decode()
    assert 'class="highlight" style="left:' in page and "2060501" in page
    image = client.get(reverse("disclosures:page_image", args=[report.pk, line.page]))
    assert image.status_code == 200 and b"".join(image.streaming_content)[:4] == b"\x89PNG"
    assert client.get(reverse("disclosures:page", args=[report.pk, 999])).status_code == 404


def test_the_department_page_charts_its_years_and_the_comparison_defaults_to_the_four_centres(client, samples):
    report = samples["reports"]["hongshan-2024-budget"]
    department = report.department
    page = client.get(
        reverse("disclosures:department", args=[department.jurisdiction.slug, department.slug])
    ).content.decode()
    assert "2020" in page and "2024" in page and "chart-trend" in page
    compare = client.get(reverse("disclosures:compare")).content.decode()
    for name in (
        "武汉市江岸区大数据中心",
        "武汉市洪山区大数据中心",
        "武汉市江夏区大数据中心",
        "武汉市汉阳区大数据中心",
    ):
        assert name in compare
    assert "2,743.11" in compare
    assert "预算数也有决算数" in compare


def test_the_comparison_csv_holds_exactly_the_cells_on_screen(client, samples):
    jiangan = samples["reports"]["jiangan-2023-final"].department
    hanyang = samples["reports"]["hanyang-2023-final"].department
    query = {"departments": f"{jiangan.pk},{hanyang.pk}", "years": "2023", "measure": "total"}
    page = client.get(reverse("disclosures:compare"), query).content.decode()
    response = client.get(reverse("disclosures:compare_csv"), query)
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = [line.split(",") for line in text.lstrip("\ufeff").strip().splitlines()]
    assert len(rows) == 3
    assert rows[1][1] == "武汉市江岸区大数据中心" and rows[1][6] == "2743.1100"
    assert "2,743.11" in page and "武汉市洪山区大数据中心</th>" not in page


def test_search_finds_departments_and_line_items_but_never_a_draft(client, samples):
    page = client.get(reverse("disclosures:search"), {"q": "大数据中心"}).content.decode()
    assert "武汉市江夏区大数据中心" in page and "草稿保密中心" not in page
    lines = client.get(reverse("disclosures:search"), {"q": "2060501"}).content.decode()
    assert "机构运行" in lines
    draft = client.get(reverse("disclosures:search"), {"q": "草稿保密"}).content.decode()
    assert "草稿保密中心" not in draft.split("</form>", 2)[-1]


def test_no_page_or_file_of_a_draft_is_reachable(client, samples):
    draft = samples["draft"]
    department = draft.department
    urls = [
        reverse("disclosures:report", args=[draft.pk]),
        reverse("disclosures:report_pdf", args=[draft.pk]),
        reverse("disclosures:page", args=[draft.pk, 1]),
        reverse("disclosures:page_image", args=[draft.pk, 1]),
        reverse("disclosures:department", args=[department.jurisdiction.slug, department.slug]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    compare = client.get(reverse("disclosures:compare"), {"departments": str(department.pk), "years": "2019"})
    assert "2,743.11" not in compare.content.decode()
    csv_text = client.get(reverse("disclosures:compare_csv"), {"departments": str(department.pk)}).content.decode()
    assert "reports/" not in csv_text
    assert "草稿保密中心" not in client.get("/").content.decode()


def _report_with_tables(count: int) -> Report:
    report = ReportFactory(published=True)
    for n in range(count):
        table = DisclosureTableFactory(report=report, position=n)
        column = TableColumnFactory(table=table, position=0)
        for _ in range(3):
            LineValueFactory(line__table=table, column=column)
    return report


@pytest.mark.parametrize("tables", [3, 30])
def test_the_report_page_uses_a_fixed_number_of_queries_whatever_its_size(
    client, django_assert_max_num_queries, tables
):
    report = _report_with_tables(tables)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("disclosures:report", args=[report.pk]))
    assert response.status_code == 200
    assert response.content.decode().count("165.79") == tables * 3


@pytest.mark.parametrize("reports", [2, 12])
def test_the_comparison_page_uses_a_fixed_number_of_queries_whatever_it_compares(
    client, django_assert_max_num_queries, reports
):
    made = [ReportFactory(published=True, fiscal_year__year=2012 + n) for n in range(reports)]
    ids = ",".join(str(r.department_id) for r in made)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("disclosures:compare"), {"departments": ids})
    assert response.status_code == 200
    assert response.content.decode().count('<tr><th scope="row">') == reports


def test_the_district_page_charts_each_department_across_years_and_figures_are_named_in_chinese(client, samples):
    hongshan = samples["reports"]["hongshan-2024-budget"]
    place = hongshan.department.jurisdiction
    page = client.get(reverse("disclosures:jurisdiction", args=[place.slug])).content.decode()
    assert 'data-chart="chart-jurisdiction-total-data"' in page
    assert "2,556.03" in page and "1,571.31" in page
    report = client.get(reverse("disclosures:report", args=[hongshan.pk])).content.decode()
    assert '<dt title="total_expenditure">支出合计</dt>' in report
    assert ">1,571.31</a> <small>万元</small>" in report


def test_a_department_with_a_budget_and_a_final_account_for_a_year_shows_its_completion_rate(client):
    from decimal import Decimal

    from .factories import DepartmentFactory

    department = DepartmentFactory()
    budget = ReportFactory(published=True, department=department, kind="budget", fiscal_year__year=2023)
    final = ReportFactory(published=True, department=department, kind="final", fiscal_year__year=2023)
    budget.key_figures.create(key="total_expenditure", value=Decimal("2991.53"), source="table", page=4)
    final.key_figures.create(key="total_expenditure", value=Decimal("2743.11"), source="table", page=4)

    page = client.get(
        reverse("disclosures:department", args=[department.jurisdiction.slug, department.slug])
    ).content.decode()

    assert "2,991.53" in page and "2,743.11" in page and "91.7%" in page
