"""The findings in the API: published reports only, filtered, paged, with their status and explanation."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from disclosures.models import FindingExplanation, ValidationCheck

from .factories import FiscalYearFactory, JurisdictionFactory, ReportFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reports():
    place = JurisdictionFactory(name="武汉市洪山区", slug="hongshan")
    published = ReportFactory(department__jurisdiction=place, published=True)
    older = ReportFactory(fiscal_year=FiscalYearFactory(year=2021), published=True)
    draft = ReportFactory()
    explained = ValidationCheck.objects.create(
        report=published,
        rule="percentage_recomputes",
        status="fail",
        severity="error",
        message="占比应为12.5%",
        page=6,
        places=[{"page": 6}, {"page": 8, "table": "expenditure"}],
        expected=Decimal("12.5"),
        found=Decimal("13.5"),
    )
    FindingExplanation.objects.create(
        report=published,
        fingerprint=explained.fingerprint,
        rule=explained.rule,
        page=6,
        reason="口径不同",
        created_by=get_user_model().objects.create_user(username="reviewer"),
    )
    ValidationCheck.objects.create(
        report=published, rule="no_placeholder", status="fail", severity="note", message="XX", page=2
    )
    ValidationCheck.objects.create(
        report=published, rule="row_total_equals_sum_of_parts", status="pass", message="一致", page=3
    )
    ValidationCheck.objects.create(
        report=older,
        rule="row_total_equals_sum_of_parts",
        status="corrected",
        message="合计不符",
        page=4,
        table_type="expenditure",
        row="合计",
    )
    ValidationCheck.objects.create(report=draft, rule="no_placeholder", status="fail", message="草稿", page=1)
    return {"published": published, "older": older, "draft": draft}


def results(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_the_findings_list_gives_published_findings_with_their_status_and_explanation(client, reports):
    found = results(client, "/api/findings/")
    assert len(found) == 3 and all(f["report_id"] != reports["draft"].pk for f in found)
    percentage = next(f for f in found if f["rule"] == "percentage_recomputes")
    assert percentage["kind"] == "c" and percentage["kind_label"] == "百分比与所述数字不符"
    assert (percentage["pages"], percentage["expected"], percentage["found"]) == ([6, 8], "12.5", "13.5")
    assert (percentage["status"], percentage["explanation"]) == ("已说明", "口径不同")
    assert percentage["severity"] == "error" and percentage["message"] == "占比应为12.5%"
    assert percentage["url"] == f"/reports/{reports['published'].pk}/#quality"
    assert {f["status"] for f in found} == {"已说明", "未说明", "更正"}


def test_the_findings_list_filters_by_report_rule_severity_status_district_and_year(client, reports):
    def rules(**params):
        return sorted(f["rule"] for f in results(client, "/api/findings/", **params))

    assert rules(report=str(reports["older"].pk)) == ["row_total_equals_sum_of_parts"]
    assert rules(rule="no_placeholder") == ["no_placeholder"]
    assert rules(severity="note") == ["no_placeholder"]
    assert rules(status="已说明") == ["percentage_recomputes"] and rules(status="explained") == rules(status="已说明")
    assert rules(status="未说明") == ["no_placeholder"]
    assert rules(status="corrected") == ["row_total_equals_sum_of_parts"]
    assert rules(district="hongshan") == ["no_placeholder", "percentage_recomputes"]
    assert rules(year="2021") == ["row_total_equals_sum_of_parts"]


@pytest.mark.parametrize(
    ("params", "field"),
    [({"severity": "fatal"}, "severity"), ({"status": "done"}, "status"), ({"year": "abc"}, "year")],
)
def test_a_bad_findings_filter_is_refused_with_a_message(client, reports, params, field):
    response = client.get("/api/findings/", params)
    assert response.status_code == 400 and field in response.json()


def test_a_reports_findings_are_paged_and_a_drafts_are_not_found(client, reports):
    published = reports["published"]
    page = client.get(f"/api/reports/{published.pk}/findings/", {"page_size": 1}).json()
    assert page["count"] == 2 and len(page["results"]) == 1 and page["next"]
    assert client.get(f"/api/reports/{reports['draft'].pk}/findings/").status_code == 404


def test_the_findings_endpoints_are_in_the_openapi_schema(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    assert "/api/findings/" in schema["paths"] and "/api/reports/{id}/findings/" in schema["paths"]
    parameters = {p["name"] for p in schema["paths"]["/api/findings/"]["get"]["parameters"]}
    assert {"report", "rule", "severity", "status", "district", "year", "page"} <= parameters
