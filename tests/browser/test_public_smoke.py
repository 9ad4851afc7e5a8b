"""The public site's front door in a real browser: the five published samples listed, one opened, its PDF."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def report_link(page, report):
    year_and_kind = f"{report.fiscal_year.year}年{report.get_kind_display()}"
    return page.get_by_role("link", name=year_and_kind).and_(page.locator(f'[href="/reports/{report.pk}/"]'))


def test_the_home_page_lists_the_samples_and_a_report_opens_with_its_amounts_and_source_pdf(
    page, screenshot, live_server, published_samples
):
    response = page.goto(live_server.url + "/")
    assert response.status == 200
    for report in published_samples.values():
        page.get_by_role("link", name=report.department.jurisdiction.name).first.wait_for()
        assert report_link(page, report).count() >= 1, f"{report} is not listed on the home page"
    screenshot(page, "home")

    report = published_samples["jiangan-2023-final"]
    report_link(page, report).first.click()
    page.wait_for_url(f"**/reports/{report.pk}/")
    page.get_by_role("heading", name=report.department.name).first.wait_for()
    assert page.get_by_text("2,743.11").first.is_visible()
    screenshot(page, "report")

    source = page.get_by_role("link", name="原始PDF")
    pdf = page.request.get(live_server.url + source.get_attribute("href"))
    assert pdf.status == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
    screenshot(page, "report-source-link")

    page.console_errors.assert_none()
