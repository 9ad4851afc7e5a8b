"""A visitor follows a finding from the report page's 数据质量 section to the page it was found on."""

import pytest

from disclosures.models import ValidationCheck

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_visitor_follows_a_finding_from_the_quality_section_to_its_page_image(
    page, screenshot, live_server, published_samples
):
    report = published_samples["jiangan-2023-final"]
    check = report.checks.filter(status=ValidationCheck.Status.FAIL, page__isnull=False).order_by("page", "pk").first()
    page.goto(f"{live_server.url}/reports/{report.pk}/")
    page.locator('a[href="#quality"]').click()
    quality = page.locator("#quality")
    assert "错误" in quality.locator("h3").first.inner_text()
    finding = quality.locator(f"#finding-{check.pk}")
    assert check.message in finding.inner_text() and "未说明" in finding.inner_text()
    screenshot(page, "quality")

    finding.locator("a.finding-page").first.click()
    page.wait_for_url(f"**/reports/{report.pk}/pages/{check.page}/")
    image = page.locator(".page-frame img")
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    screenshot(page, "finding-page")
    page.console_errors.assert_none()
