"""A report as large as the largest published ones still makes a small page: long tables show their first rows."""

import re

import pytest
from django.urls import reverse

from disclosures import synthetic
from disclosures.models import LineItem
from disclosures.templatetags.disclosure_html import COLLAPSE_OVER, ROWS_SHOWN

pytestmark = pytest.mark.django_db

LARGE = synthetic.Shape(pages=200, tables=30, min_rows=20, max_rows=200)
PAGE_LIMIT = 300 * 1024
API_DETAIL_LIMIT = 100 * 1024


@pytest.fixture
def large_report():
    return synthetic.published_report(LARGE)


def test_a_200_page_reports_page_is_at_most_300_kb(client, large_report):
    assert LineItem.objects.filter(table__report=large_report).count() > 2000
    response = client.get(reverse("disclosures:report", args=[large_report.pk]))
    assert response.status_code == 200
    assert len(response.content) <= PAGE_LIMIT, len(response.content)


def test_a_200_page_reports_api_detail_is_at_most_100_kb_and_its_export_holds_every_row(client, large_report):
    detail = client.get(f"/api/reports/{large_report.pk}/")
    assert detail.status_code == 200 and len(detail.content) <= API_DETAIL_LIMIT
    rows = LineItem.objects.filter(table__report=large_report).count()
    assert sum(t["row_count"] for t in detail.json()["tables"]) == rows
    export = client.get(f"/api/reports/{large_report.pk}/export/").json()
    assert sum(len(t["rows"]) for t in export["tables"]) == rows


def test_a_long_table_shows_its_first_rows_and_links_to_the_whole_table(client, large_report):
    table = next(t for t in large_report.tables.order_by("position") if t.rows.count() > COLLAPSE_OVER)
    lines = list(table.rows.order_by("position"))
    page = client.get(reverse("disclosures:report", args=[large_report.pk])).content.decode()
    article = page.split(f'id="table-{table.position}"', 1)[1].split("</article>", 1)[0]
    shown = re.findall(r'<tr id="line-(\d+)"', article)
    assert shown == [str(line.pk) for line in lines[:ROWS_SHOWN]]
    link = reverse("disclosures:table", args=[large_report.pk, table.position])
    assert f'href="{link}"' in article and f"还有 {len(lines) - ROWS_SHOWN} 行" in article

    whole = client.get(link)
    assert whole.status_code == 200
    body = whole.content.decode().split(f'id="table-{table.position}"', 1)[1].split("</article>", 1)[0]
    assert re.findall(r'<tr id="line-(\d+)"', body) == [str(line.pk) for line in lines]
    assert "还有" not in body


def test_a_short_table_is_shown_whole_without_a_link(client, large_report):
    report = synthetic.published_report(synthetic.SMALL, year=2022, seed=8)
    page = client.get(reverse("disclosures:report", args=[report.pk])).content.decode()
    assert page.count('<tr id="line-') == LineItem.objects.filter(table__report=report).count()
    assert 'class="more-rows"' not in page


def test_a_table_that_does_not_exist_or_belongs_to_a_draft_is_not_found(client, large_report):
    assert client.get(reverse("disclosures:table", args=[large_report.pk, 999])).status_code == 404
    large_report.status = "draft"
    large_report.save()
    assert client.get(reverse("disclosures:table", args=[large_report.pk, 0])).status_code == 404
