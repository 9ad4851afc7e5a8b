"""The read-only API: published data only, the report contract, filters, CSV, schema, bounded queries."""

import csv
import io
from decimal import Decimal

import pytest

from disclosures.export import report_to_contract
from disclosures.models import KeyFigure, LineItem, Report, TableType

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

LISTS = {
    "jurisdictions": "/api/jurisdictions/",
    "departments": "/api/departments/",
    "reports": "/api/reports/",
    "tables": "/api/tables/",
    "line-items": "/api/line-items/",
    "key-figures": "/api/key-figures/",
}
CENTRES = {"武汉市江岸区大数据中心", "武汉市洪山区大数据中心", "武汉市江夏区大数据中心", "武汉市汉阳区大数据中心"}


def _all(client, url: str, **params) -> list[dict]:
    body = client.get(url, {"page_size": 1000, **params}).json()
    assert body["next"] is None, url
    return body["results"]


def _unpublished(status: str) -> dict:
    """A report that is not published, alone in its jurisdiction and department, with one of everything."""
    place = JurisdictionFactory(name=f"武汉市{status}区", short_name=status)
    department = DepartmentFactory(jurisdiction=place, name=f"武汉市{status}区隐藏中心")
    report = ReportFactory(department=department, fiscal_year__year=2023, status=status)
    table = DisclosureTableFactory(report=report, type=TableType.EXPENDITURE)
    column = TableColumnFactory(table=table, key="total")
    line = LineItemFactory(table=table, code="2069999", name="隐藏项目")
    LineValueFactory(line=line, column=column, amount=Decimal("777.77"), printed="777.77")
    figure = KeyFigure.objects.create(
        report=report, key="total_expenditure", value=Decimal("777.77"), source="table", table_type="expenditure"
    )
    return {
        "jurisdictions": place.pk,
        "departments": department.pk,
        "reports": report.pk,
        "tables": table.pk,
        "line-items": line.pk,
        "key-figures": figure.pk,
    }


# The report contract


@pytest.mark.parametrize(
    "name", ["jiangan-2023-final", "hongshan-2024-budget", "jiangxia-2021-final", "hanyang-2023-final"]
)
def test_the_report_export_endpoint_returns_the_export_contract_of_a_published_report(client, samples, name):
    report = samples["reports"][name]
    response = client.get(f"/api/reports/{report.pk}/export/")
    assert response["Content-Type"] == "application/json"
    assert response.json() == report_to_contract(report)


def test_the_report_endpoint_is_the_contract_with_each_tables_rows_counted_and_linked(client, samples):
    report = samples["reports"]["jiangan-2023-final"]
    document = client.get(f"/api/reports/{report.pk}/").json()
    whole = report_to_contract(report)
    assert {k: v for k, v in document.items() if k not in ("tables", "tables_url")} == {
        k: v for k, v in whole.items() if k != "tables"
    }
    assert document["tables_url"] == f"/api/reports/{report.pk}/tables/"
    for summary, table in zip(document["tables"], whole["tables"], strict=True):
        assert summary["row_count"] == len(table["rows"]) and summary["columns"] == table["columns"]
        assert summary["line_items"] == f"/api/tables/{summary['id']}/line-items/"
        assert "rows" not in summary


def test_a_reports_tables_and_a_tables_rows_come_in_pages(client, samples):
    report = samples["reports"]["jiangan-2023-final"]
    tables = client.get(f"/api/reports/{report.pk}/tables/", {"page_size": 2}).json()
    assert tables["count"] == report.tables.count() and len(tables["results"]) == 2 and tables["next"]
    expenditure = next(t for t in _all(client, f"/api/reports/{report.pk}/tables/") if t["type"] == "expenditure")
    first = client.get(f"/api/tables/{expenditure['id']}/line-items/", {"page_size": 3}).json()
    assert first["count"] == LineItem.objects.filter(table_id=expenditure["id"]).count() and len(first["results"]) == 3
    rows = _all(client, f"/api/tables/{expenditure['id']}/line-items/")
    assert [(r["name"], r["values"]["total"]) for r in rows if r["code"] == "2060501"] == [("机构运行", "165.79")]


def test_a_drafts_tables_and_rows_are_not_reachable_through_the_nested_endpoints(client, samples):
    draft = samples["draft"]
    table = draft.tables.first()
    assert client.get(f"/api/reports/{draft.pk}/tables/").status_code == 404
    assert client.get(f"/api/reports/{draft.pk}/export/").status_code == 404
    assert client.get(f"/api/tables/{table.pk}/line-items/").status_code == 404


def test_the_jiangan_contract_carries_the_printed_total_and_its_page(client, samples):
    report = samples["reports"]["jiangan-2023-final"]
    document = client.get(f"/api/reports/{report.pk}/").json()
    assert document["schema"] == "disclosure-report/1"
    assert document["key_figures"]["total_expenditure"] == {
        "value": "2743.11",
        "source": "table",
        "table": "income_expenditure_summary",
        "page": 4,
    }


# Published data only


def test_every_list_endpoint_answers_with_the_published_samples(client, samples):
    jiangan = samples["reports"]["jiangan-2023-final"]
    assert {j["short_name"] for j in _all(client, LISTS["jurisdictions"])} == {"江岸", "洪山", "江夏", "汉阳"}
    assert {d["name"] for d in _all(client, LISTS["departments"])} == CENTRES
    reports = _all(client, LISTS["reports"])
    assert sorted(r["id"] for r in reports) == sorted(r.pk for r in samples["reports"].values())
    tables = _all(client, LISTS["tables"], report=jiangan.pk)
    assert {t["type"] for t in tables} >= {"income_expenditure_summary", "expenditure", "three_public"}
    figures = _all(client, LISTS["key-figures"], report=jiangan.pk, key="total_expenditure")
    lines = _all(client, LISTS["line-items"], report=jiangan.pk, code="2060501", table_type="expenditure")
    assert [(f["value"], f["page"]) for f in figures] == [("2743.11", 4)]
    assert [(line["name"], line["values"]["total"]) for line in lines] == [("机构运行", "165.79")]


def test_the_sample_draft_is_absent_from_every_list_and_answers_404_by_id(client, samples):
    draft = samples["draft"]
    for url in LISTS.values():
        assert "草稿保密中心" not in str(_all(client, url)), url
    line = LineItem.objects.filter(table__report=draft).first()
    figure = KeyFigure.objects.filter(report=draft).first()
    for url in (
        f"/api/reports/{draft.pk}/",
        f"/api/tables/{line.table_id}/",
        f"/api/line-items/{line.pk}/",
        f"/api/key-figures/{figure.pk}/",
        f"/api/departments/{draft.department_id}/",
    ):
        assert client.get(url).status_code == 404, url
    assert _all(client, LISTS["line-items"], report=draft.pk) == []


@pytest.mark.parametrize("status", [Report.Status.DRAFT, Report.Status.ARCHIVED])
def test_an_unpublished_report_is_reachable_through_no_endpoint(client, samples, status):
    hidden = _unpublished(status)
    for name, url in LISTS.items():
        assert client.get(f"{url}{hidden[name]}/").status_code == 404, name
        assert hidden[name] not in [item["id"] for item in _all(client, url)], name
        assert "隐藏" not in str(_all(client, url, year=2023)), name
    assert _all(client, LISTS["tables"], report=hidden["reports"]) == []
    assert _all(client, LISTS["line-items"], code="2069999") == []
    body = client.get("/api/compare/", {"departments": hidden["departments"]}).json()
    assert body["cells"] == [] and "隐藏" not in str(body)


def test_an_archived_version_gives_way_to_the_published_one(client, samples):
    report = samples["reports"]["jiangan-2023-final"]
    Report.objects.filter(pk=report.pk).update(status=Report.Status.ARCHIVED)
    assert client.get(f"/api/reports/{report.pk}/").status_code == 404
    assert report.pk not in [r["id"] for r in _all(client, LISTS["reports"])]
    assert _all(client, LISTS["key-figures"], report=report.pk) == []
    assert "武汉市江岸区大数据中心" not in str(_all(client, LISTS["departments"]))


# Filters


def test_line_items_filter_by_code_prefix_year_department_jurisdiction_and_kind(client, samples):
    jiangan = samples["reports"]["jiangan-2023-final"]
    rows = _all(
        client, LISTS["line-items"], code="2060501", year="2023", department=jiangan.department_id, kind="final"
    )
    assert rows and {r["department"] for r in rows} == {"武汉市江岸区大数据中心"}
    assert {(r["code"], r["fiscal_year"], r["kind"]) for r in rows} == {("2060501", 2023, "final")}
    prefixed = _all(client, LISTS["line-items"], code_prefix="206", kind="budget")
    assert prefixed and all(r["code"].startswith("206") and r["kind"] == "budget" for r in prefixed)
    place = jiangan.department.jurisdiction
    for value in (place.slug, str(place.pk)):
        by_place = _all(client, LISTS["line-items"], jurisdiction=value, code_prefix="2")
        assert by_place and {r["jurisdiction"] for r in by_place} == {"武汉市江岸区"}
    both_years = _all(client, LISTS["reports"], year="2020,2021")
    assert sorted(r["fiscal_year"] for r in both_years) == [2020, 2021]


def test_reports_tables_departments_and_key_figures_filter_as_documented(client, samples):
    hongshan = samples["reports"]["hongshan-2024-budget"]
    place = hongshan.department.jurisdiction
    assert [r["id"] for r in _all(client, LISTS["reports"], kind="budget")] == [hongshan.pk]
    assert [d["name"] for d in _all(client, LISTS["departments"], jurisdiction=place.slug)] == [
        "武汉市洪山区大数据中心"
    ]
    tables = _all(client, LISTS["tables"], report=hongshan.pk, type="three_public")
    assert [(t["type"], t["pages"]) for t in tables] == [("three_public", [12])]
    staff = _all(client, LISTS["key-figures"], key="staff_actual", department=hongshan.department_id)
    assert sorted((f["fiscal_year"], f["value"]) for f in staff) == [(2020, "15"), (2024, "15")]


def test_lists_are_paginated_in_a_stable_order(client, samples):
    first = client.get(LISTS["reports"], {"page_size": 2}).json()
    second = client.get(LISTS["reports"], {"page_size": 2, "page": 2}).json()
    assert first["count"] == 5 and first["next"] and len(first["results"]) == 2
    ids = [r["id"] for r in first["results"] + second["results"]]
    assert len(set(ids)) == 4
    assert ids == [r["id"] for r in _all(client, LISTS["reports"])][:4]


# CSV


def test_list_endpoints_answer_csv_with_a_bom_a_header_and_exact_amounts(client, samples):
    jiangan = samples["reports"]["jiangan-2023-final"]
    response = client.get(LISTS["key-figures"], {"format": "csv", "key": "total_expenditure", "year": "2023"})
    assert response["Content-Type"].startswith("text/csv")
    raw = response.content
    assert raw.startswith("\ufeff".encode())
    header, *rows = raw.decode("utf-8").lstrip("\ufeff").strip().splitlines()
    assert header.startswith("id,report_id,department,fiscal_year,kind,key,value,unit,source")
    assert any(
        f",{jiangan.pk},武汉市江岸区大数据中心,2023,final,total_expenditure,2743.11,万元,table," in r for r in rows
    )
    lines = client.get(LISTS["line-items"], {"code": "2060501", "kind": "final"}, HTTP_ACCEPT="text/csv")
    text = lines.content.decode("utf-8")
    assert lines["Content-Type"].startswith("text/csv") and text.startswith("\ufeff")
    assert "values.total" in text.splitlines()[0]
    assert ",165.79," in text or text.rstrip().endswith(",165.79")


def test_an_empty_list_in_csv_still_has_its_header(client, samples):
    text = client.get(LISTS["reports"], {"format": "csv", "year": "1999"}).content.decode("utf-8")
    assert text.lstrip("\ufeff").strip() == (
        "id,url,jurisdiction,department,department_id,fiscal_year,kind,scope,title,version,page_count,published_at"
    )


def test_the_comparison_answers_csv_too(client, samples):
    jiangan = samples["reports"]["jiangan-2023-final"]
    text = client.get(
        "/api/compare/", {"departments": jiangan.department_id, "measure": "total", "format": "csv"}
    ).content.decode("utf-8")
    assert text.startswith("\ufeff")
    [row] = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert (row["value"], row["printed"], row["measure"], row["unit"]) == ("2743.11", "2,743.11", "total", "万元")


# The comparison


def test_the_comparison_endpoint_gives_each_value_with_its_report_page_and_printed_text(client, samples):
    jiangan = samples["reports"]["jiangan-2023-final"]
    hongshan = samples["reports"]["hongshan-2024-budget"]
    body = client.get(
        "/api/compare/", {"departments": f"{jiangan.department_id},{hongshan.department_id}", "measure": "total"}
    ).json()
    cell = next(c for c in body["cells"] if c["report_id"] == jiangan.pk)
    assert (cell["value"], cell["printed"], cell["year"], cell["kind"], cell["page"]) == (
        "2743.11",
        "2,743.11",
        2023,
        "final",
        4,
    )
    assert body["measure"] == {"key": "total", "label": "支出合计", "unit": "万元", "level": "", "code": ""}
    assert [d["id"] for d in body["departments"]] == [jiangan.department_id, hongshan.department_id]
    assert any("预算" in w and "决算" in w for w in body["warnings"])


def test_the_comparison_defaults_to_the_four_centres_and_filters_years_and_kind(client, samples):
    body = client.get("/api/compare/", {"years": "2023", "kind": "final", "measure": "function:206"}).json()
    assert {d["name"] for d in body["departments"]} == CENTRES
    assert body["years"] == [2023]
    assert {(c["department"], c["printed"]) for c in body["cells"] if c["value"]} == {
        ("武汉市江岸区大数据中心", "2,660.02")
    }


@pytest.mark.parametrize("params", [{"measure": "nonsense"}, {"measure": "function:999"}, {"kind": "forecast"}])
def test_the_comparison_refuses_unknown_measures_and_kinds(client, samples, params):
    response = client.get("/api/compare/", params)
    assert response.status_code == 400
    assert set(response.json()) <= {"measure", "kind"}


# Read only, schema


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_refuses_to_write(client, samples, method):
    report = samples["reports"]["jiangan-2023-final"]
    urls = [*LISTS.values(), f"/api/reports/{report.pk}/", "/api/compare/"]
    for url in urls:
        response = getattr(client, method)(url, {}, content_type="application/json")
        assert response.status_code in {403, 405}, url
    assert Report.objects.filter(pk=report.pk, status=Report.Status.PUBLISHED).exists()


def test_head_and_options_are_answered(client, samples):
    assert client.head(LISTS["reports"]).status_code == 200
    assert client.options(LISTS["reports"]).status_code == 200


def test_the_schema_lists_every_endpoint_and_the_docs_page_loads_without_a_cdn(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    for path in [*LISTS.values(), "/api/reports/{id}/", "/api/line-items/{id}/", "/api/compare/"]:
        assert path in schema["paths"], path
    assert all(set(operations) <= {"get", "parameters"} for operations in schema["paths"].values())
    parameters = {p["name"] for p in schema["paths"]["/api/line-items/"]["get"]["parameters"]}
    assert {"code", "code_prefix", "year", "department", "jurisdiction", "kind"} <= parameters
    docs = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in docs and "drf_spectacular_sidecar" in docs
    assert "cdn" not in docs.lower() and "https://" not in docs


# Query counts


def _published_with_tables(tables: int) -> Report:
    report = ReportFactory(published=True)
    for n in range(tables):
        table = DisclosureTableFactory(report=report, position=n)
        column = TableColumnFactory(table=table, position=0)
        for _ in range(3):
            LineValueFactory(line__table=table, column=column)
    KeyFigure.objects.create(report=report, key="total_expenditure", value=Decimal("1.00"), source="narrative")
    return report


@pytest.mark.parametrize("size", [2, 20])
def test_the_report_endpoint_the_lists_and_the_comparison_use_a_bounded_number_of_queries(
    client, django_assert_max_num_queries, size
):
    reports = [_published_with_tables(size) for _ in range(size)]
    with django_assert_max_num_queries(10):
        assert client.get(f"/api/reports/{reports[0].pk}/").status_code == 200
    for url in LISTS.values():
        for params in ({}, {"format": "csv"}):
            with django_assert_max_num_queries(10):
                assert client.get(url, params).status_code == 200, url
    departments = ",".join(str(r.department_id) for r in reports)
    with django_assert_max_num_queries(10):
        body = client.get("/api/compare/", {"departments": departments}).json()
    assert len(body["cells"]) == size
