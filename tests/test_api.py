"""The read-only API: published data only, the report contract, filters, CSV, schema, bounded queries."""

import pytest

from disclosures.export import report_to_contract
from disclosures.models import LineItem, Report

from .factories import DisclosureTableFactory, LineValueFactory, ReportFactory, TableColumnFactory
from .published import media_in_tmp, samples  # noqa: F401

pytestmark = pytest.mark.django_db

LISTS = [
    "/api/jurisdictions/",
    "/api/departments/",
    "/api/reports/",
    "/api/tables/",
    "/api/line-items/",
    "/api/key-figures/",
]


def test_the_report_endpoint_returns_the_export_contract_of_a_published_report(client, samples):
    report = samples["reports"]["jiangan-2023-final"]
    document = client.get(f"/api/reports/{report.pk}/").json()
    assert document == report_to_contract(report)
    assert document["schema"] == "disclosure-report/1"
    assert document["key_figures"]["total_expenditure"]["value"] == "2743.11"


def test_every_list_endpoint_answers_with_published_data_and_never_a_draft(client, samples):
    draft = samples["draft"]
    for url in LISTS:
        response = client.get(url, {"page_size": 1000}).json()
        assert response["next"] is None, url
        assert "草稿保密中心" not in str(response["results"]), url
    assert client.get(f"/api/reports/{draft.pk}/").status_code == 404
    ids = [r["id"] for r in client.get("/api/reports/").json()["results"]]
    assert draft.pk not in ids and len(ids) == 5
    line = LineItem.objects.filter(table__report=draft).first()
    assert client.get(f"/api/line-items/{line.pk}/").status_code == 404
    assert client.get(f"/api/tables/{line.table_id}/").status_code == 404
    assert client.get("/api/line-items/", {"report": draft.pk}).json()["count"] == 0
    assert client.get(f"/api/departments/{draft.department_id}/").status_code == 404


def test_an_archived_version_is_not_served(client, samples):
    report = samples["reports"]["jiangan-2023-final"]
    Report.objects.filter(pk=report.pk).update(status=Report.Status.ARCHIVED)
    assert client.get(f"/api/reports/{report.pk}/").status_code == 404
    assert report.pk not in [r["id"] for r in client.get("/api/reports/").json()["results"]]


def test_line_items_filter_by_code_year_department_and_kind(client, samples):
    jiangan = samples["reports"]["jiangan-2023-final"]
    rows = client.get(
        "/api/line-items/", {"code": "2060501", "year": "2023", "department": jiangan.department_id, "kind": "final"}
    ).json()["results"]
    assert rows and {r["department"] for r in rows} == {"武汉市江岸区大数据中心"}
    assert {r["code"] for r in rows} == {"2060501"}
    prefixed = client.get("/api/line-items/", {"code_prefix": "206", "kind": "budget"}).json()["results"]
    assert prefixed and all(r["code"].startswith("206") and r["kind"] == "budget" for r in prefixed)


def test_list_endpoints_answer_csv_with_a_bom_and_exact_amounts(client, samples):
    jiangan = samples["reports"]["jiangan-2023-final"]
    response = client.get("/api/key-figures/", {"format": "csv", "key": "total_expenditure", "year": "2023"})
    text = response.content.decode("utf-8")
    assert response["Content-Type"].startswith("text/csv")
    assert text.startswith("\ufeff")
    header, *rows = text.lstrip("\ufeff").strip().splitlines()
    assert header.startswith("id,report_id,department,fiscal_year,kind,key,value")
    assert any(f",{jiangan.pk},武汉市江岸区大数据中心,2023,final,total_expenditure,2743.1100," in row for row in rows)
    lines = client.get("/api/line-items/", {"code": "2060501", "format": "csv"}, HTTP_ACCEPT="text/csv")
    assert "values.total" in lines.content.decode().splitlines()[0]


def test_the_comparison_endpoint_gives_each_value_with_its_report_and_page(client, samples):
    jiangan = samples["reports"]["jiangan-2023-final"]
    hongshan = samples["reports"]["hongshan-2024-budget"]
    body = client.get(
        "/api/compare/", {"departments": f"{jiangan.department_id},{hongshan.department_id}", "measure": "total"}
    ).json()
    cell = next(c for c in body["cells"] if c["report_id"] == jiangan.pk)
    assert (cell["value"], cell["year"], cell["kind"]) == ("2743.1100", 2023, "final")
    assert cell["page"]
    assert any("预算" in w and "决算" in w for w in body["warnings"])
    assert client.get("/api/compare/", {"measure": "nonsense"}).status_code == 400


def test_the_api_refuses_to_write(client, samples):
    report = samples["reports"]["jiangan-2023-final"]
    assert client.post("/api/reports/", {}).status_code in {403, 405}
    assert client.put(f"/api/reports/{report.pk}/", {}).status_code in {403, 405}
    assert client.delete(f"/api/reports/{report.pk}/").status_code in {403, 405}
    assert Report.objects.filter(pk=report.pk).exists()


def test_the_schema_lists_every_endpoint_and_the_docs_page_loads_without_a_cdn(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    for path in [*LISTS, "/api/reports/{id}/", "/api/compare/"]:
        assert path in schema["paths"], path
    docs = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in docs and "cdn" not in docs.lower()


def _published_with_tables(tables: int) -> Report:
    report = ReportFactory(published=True)
    for n in range(tables):
        table = DisclosureTableFactory(report=report, position=n)
        column = TableColumnFactory(table=table, position=0)
        for _ in range(3):
            LineValueFactory(line__table=table, column=column)
    return report


@pytest.mark.parametrize("tables", [2, 20])
def test_the_report_endpoint_and_the_lists_use_a_bounded_number_of_queries(
    client, django_assert_max_num_queries, tables
):
    report = _published_with_tables(tables)
    with django_assert_max_num_queries(10):
        assert client.get(f"/api/reports/{report.pk}/").status_code == 200
    for url in LISTS:
        with django_assert_max_num_queries(10):
            assert client.get(url).status_code == 200, url
