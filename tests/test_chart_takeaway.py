"""Charts people take away: a picture's file name and source line, an embeddable page, and type-ahead suggestions."""

import re
from html import unescape

import pytest

from disclosures import suggest
from disclosures.models import Report

from .published import media_in_tmp, samples  # noqa: F401

pytestmark = pytest.mark.django_db

EMBED_SRC = re.compile(r"&lt;iframe src=&quot;(http://testserver(/embed/.+?))&quot;")


def _embed_paths(html: str) -> list[str]:
    return [path for _url, path in EMBED_SRC.findall(html)]


def test_every_chart_of_a_report_offers_its_data_a_picture_and_an_embed_code(client, samples):
    report = samples["reports"]["jiangan-2023-final"]
    html = client.get(f"/reports/{report.pk}/").content.decode()
    charts = html.count('<figure class="chart"')
    assert charts >= 2
    assert html.count('class="chart-table"') == charts
    assert html.count('class="chart-png"') == charts
    assert len(_embed_paths(html)) == charts
    assert 'data-file-name="武汉市江岸区大数据中心-2023决算-' in html
    assert "来源：武汉市江岸区大数据中心 2023年决算 《" in unescape(html)


@pytest.mark.parametrize(
    "page",
    ["department", "jurisdiction", "compare"],
)
def test_charts_of_departments_districts_and_comparisons_can_be_embedded_too(client, samples, page):
    report = samples["reports"]["jiangan-2023-final"]
    department = report.department
    url = {
        "department": f"/{department.jurisdiction.slug}/{department.slug}/",
        "jurisdiction": f"/{department.jurisdiction.slug}/",
        "compare": "/compare/",
    }[page]
    html = client.get(url).content.decode()
    paths = _embed_paths(html)
    assert paths and len(paths) == html.count('<figure class="chart"')
    for path in paths:
        embedded = client.get(unescape(path))
        assert embedded.status_code == 200, path
        assert "<canvas" in embedded.content.decode()


def test_the_embed_page_shows_only_the_chart_with_its_source_line_and_may_be_framed(client, samples):
    report = samples["reports"]["jiangan-2023-final"]
    response = client.get(f"/embed/reports/{report.pk}/basic-project/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    policy = response["Content-Security-Policy"]
    assert "frame-ancestors *" in policy and "'none'" not in policy.split("frame-ancestors")[1]
    assert "script-src 'self'" in policy
    assert 'class="site-header"' not in html and 'class="chart-tools"' not in html
    source = re.search(r'<p class="chart-source">(.*?)</p>', html, re.S).group(1)
    text = unescape(re.sub(r"<[^>]+>", "", source))
    assert text.startswith("来源：武汉市江岸区大数据中心 2023年决算 《")
    assert re.search(r"第\d+(、\d+)*页，http://testserver/reports/\d+/$", text)


def test_every_other_page_still_refuses_to_be_framed(client, samples):
    report = samples["reports"]["jiangan-2023-final"]
    response = client.get(f"/reports/{report.pk}/")
    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_an_embed_of_an_unpublished_report_or_an_unknown_chart_is_not_found(client, samples):
    report = samples["reports"]["jiangan-2023-final"]
    draft = samples["draft"]
    assert client.get(f"/embed/reports/{draft.pk}/basic-project/").status_code == 404
    hidden = draft.department
    assert client.get(f"/embed/departments/{hidden.jurisdiction.slug}/{hidden.slug}/totals/").status_code == 404
    assert client.get(f"/embed/reports/{report.pk}/no-such-chart/").status_code == 404
    assert client.get("/embed/places/no-such-place/jurisdiction-total/").status_code == 404
    assert client.get("/embed/compare/?departments=999999").status_code == 404


def test_an_embedded_report_chart_is_gone_when_its_report_is_unpublished(client, samples):
    report = samples["reports"]["hongshan-2024-budget"]
    assert client.get(f"/embed/reports/{report.pk}/functions/").status_code == 200
    Report.objects.filter(pk=report.pk).update(status=Report.Status.DRAFT)
    try:
        assert client.get(f"/embed/reports/{report.pk}/functions/").status_code == 404
    finally:
        Report.objects.filter(pk=report.pk).update(status=Report.Status.PUBLISHED)


def test_typing_a_district_name_suggests_its_departments_first(client, samples):
    found = client.get("/search/suggest/", {"q": "江岸"}).json()["suggestions"]
    assert found[0]["kind"] == "department" and "江岸" in found[0]["label"]
    assert found[0]["url"].startswith("/") and found[0]["kind_label"] == "部门"
    assert {"department", "district"} <= {s["kind"] for s in found}
    assert len(found) <= suggest.SUGGEST_LIMIT


def test_typing_part_of_a_line_item_or_project_name_suggests_the_name_leading_to_its_search(client, samples):
    found = client.get("/search/suggest/", {"q": "机构运行"}).json()["suggestions"]
    lines = [s for s in found if s["kind"] == "line"]
    assert lines and "机构运行" in lines[0]["label"]
    assert "type=lines" in lines[0]["url"]
    found = client.get("/search/suggest/", {"q": "政务网络"}).json()["suggestions"]
    projects = [s for s in found if s["kind"] == "project"]
    assert "政务网络建设及运维费" in [p["label"] for p in projects]
    assert "type=projects" in projects[0]["url"]


def test_a_draft_department_is_never_suggested(client, samples):
    assert client.get("/search/suggest/", {"q": "草稿保密"}).json()["suggestions"] == []


@pytest.mark.parametrize("q", ["", "   ", "x" * 51, "%", "'; drop table", "\u3000"])
def test_a_query_that_cannot_be_suggested_for_gets_an_empty_list(client, samples, q):
    response = client.get("/search/suggest/", {"q": q})
    assert response.status_code == 200
    assert response.json()["suggestions"] == []


def test_suggestions_are_shared_between_kinds_and_never_more_than_ten():
    def items(kind, n):
        return [suggest.Suggestion(kind, f"{kind}{i}", "", "/") for i in range(n)]

    shared = suggest._shared([items("department", 9), items("district", 1), items("line", 9)], 10)
    kinds = [s.kind for s in shared]
    assert len(shared) == 10
    assert kinds.count("district") == 1 and kinds.count("department") == 5 and kinds.count("line") == 4


def test_the_embed_policy_opens_only_frame_ancestors_to_the_sites_allowed(settings):
    from disclosures.embed import frame_policy

    settings.EMBED_FRAME_ANCESTORS = "https://news.example"
    settings.CONTENT_SECURITY_POLICY = "default-src 'self'; frame-ancestors 'none'; form-action 'self'"
    assert frame_policy() == "default-src 'self'; form-action 'self'; frame-ancestors https://news.example"
    settings.CONTENT_SECURITY_POLICY = ""
    assert frame_policy() == "frame-ancestors https://news.example"
