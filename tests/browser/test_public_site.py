"""The public site in a real browser, on the five sample reports."""

import pytest

from disclosures.models import LineItem

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CANVAS_DRAWN = """canvas => {
  const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  for (let i = 3; i < data.length; i += 4) { if (data[i] !== 0) { return true; } }
  return false;
}"""


def assert_charts_drawn(page, minimum: int = 1):
    canvases = page.locator("canvas[data-chart]")
    canvases.first.wait_for()
    assert canvases.count() >= minimum
    for index in range(canvases.count()):
        assert canvases.nth(index).evaluate(CANVAS_DRAWN), f"chart {index} is blank"


def test_a_visitor_reads_a_report_follows_an_amount_to_its_page_and_compares_districts(
    page, screenshot, live_server, published_samples
):
    page.goto(live_server.url + "/")
    page.get_by_role("heading", name="武汉市江岸区").wait_for()
    screenshot(page, "home")

    report = published_samples["jiangan-2023-final"]
    page.locator("section.place", has_text="武汉市江岸区").get_by_role("link", name="2023年决算").click()
    page.wait_for_url(f"**/reports/{report.pk}/")
    assert_charts_drawn(page, minimum=2)
    assert "2,743.11" in page.locator("#tables").inner_text()
    assert "相差0.02万元" in page.locator("#quality").inner_text()
    screenshot(page, "report")

    line = LineItem.objects.get(table__report=report, table__type="expenditure", code="2060501")
    page.locator(f"#line-{line.pk} a").first.click()
    page.wait_for_url(f"**/reports/{report.pk}/pages/{line.page}/?line={line.pk}")
    image = page.locator(".page-frame img")
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    assert page.locator(".page-frame .highlight").is_visible()
    screenshot(page, "source-page")

    pdf = page.request.get(f"{live_server.url}/reports/{report.pk}/source.pdf")
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"

    page.goto(live_server.url + "/compare/")
    assert_charts_drawn(page)
    for place in ("江岸", "洪山", "江夏", "汉阳"):
        assert f"武汉市{place}区大数据中心" in page.locator("#compare-table").inner_text()
    screenshot(page, "compare-default")

    page.get_by_label("指标").select_option("basic")
    for year in ("2020", "2021", "2024"):
        page.get_by_role("checkbox", name=year, exact=True).uncheck()
    page.get_by_role("button", name="比较", exact=True).click()
    page.wait_for_url("**/compare/?departments=*")
    shared = page.url
    assert "measure=basic" in shared and "years=2023" in shared
    assert "248.79" in page.locator("#compare-table").inner_text()
    csv = page.request.get(live_server.url + page.locator("#compare-csv").get_attribute("href"))
    assert csv.status == 200 and "248.79" in csv.text()

    other = page.context.new_page()
    other.goto(shared)
    assert other.get_by_label("指标").input_value() == "basic"
    assert other.get_by_role("checkbox", name="2023", exact=True).is_checked()
    assert not other.get_by_role("checkbox", name="2024", exact=True).is_checked()
    assert "248.79" in other.locator("#compare-table").inner_text()
    screenshot(other, "compare-restored")
    other.close()

    department = report.department
    page.goto(f"{live_server.url}/{department.jurisdiction.slug}/{department.slug}/")
    page.get_by_role("heading", name=department.name).wait_for()
    screenshot(page, "department")
    page.console_errors.assert_none()


def test_a_journalist_compares_a_kuan_as_a_share_and_ranks_a_district(page, screenshot, live_server, published_samples):
    jiangan = published_samples["jiangan-2023-final"].department
    page.goto(f"{live_server.url}/compare/?years=2023")
    page.get_by_label("层级").select_option("section")
    assert page.locator("#compare-code optgroup[data-level=class]").get_attribute("hidden") is not None
    page.locator("#compare-code").select_option("20605")
    page.get_by_label("计算").select_option("share")
    page.get_by_role("button", name="比较", exact=True).click()
    page.wait_for_url("**/compare/?departments=*")
    assert "level=section" in page.url and "code=20605" in page.url and "calc=share" in page.url
    table = page.locator("#compare-table").inner_text()
    assert "96.97%" in table and "2,660.02" in table and "2,743.11" in table
    assert_charts_drawn(page)
    screenshot(page, "compare-kuan-share")

    page.get_by_role("link", name="按指标给一个区的部门排序").click()
    page.get_by_label("行政区").select_option(jiangan.jurisdiction.slug)
    page.get_by_role("button", name="排序", exact=True).click()
    page.wait_for_url("**/compare/rank/?district=*")
    assert jiangan.name in page.locator("#rank-table").inner_text()
    screenshot(page, "compare-rank")
    page.console_errors.assert_none()


def test_the_report_page_fits_a_phone_screen(browser, screenshot, live_server, published_samples):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    phone = context.new_page()
    errors = []
    phone.on("pageerror", lambda error: errors.append(str(error)))
    report = published_samples["hanyang-2023-final"]
    phone.goto(f"{live_server.url}/reports/{report.pk}/")
    assert_charts_drawn(phone)
    overflow = phone.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1
    screenshot(phone, "phone-report")
    context.close()
    assert not errors


def test_table_rows_are_indented_by_level_and_wide_tables_scroll_inside_themselves_on_a_phone(
    browser, live_server, published_samples
):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    phone = context.new_page()
    report = published_samples["jiangan-2023-final"]
    phone.goto(f"{live_server.url}/reports/{report.pk}/")
    padding = phone.evaluate(
        """() => Object.fromEntries([1, 2, 3].map(level => {
            const cell = document.querySelector(`table.disclosure td.name.level-${level}`);
            return [level, cell ? parseFloat(getComputedStyle(cell).paddingLeft) : null];
        }))"""
    )
    assert padding["1"] is not None and padding["2"] is not None
    assert padding["2"] > padding["1"] and (padding["3"] is None or padding["3"] > padding["2"])
    widest = phone.evaluate(
        """() => Math.max(...[...document.querySelectorAll('.table-block')].map(
            block => block.getBoundingClientRect().right))"""
    )
    assert widest <= 375 + 1
    overflow = phone.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1
    context.close()


def test_a_journalist_on_a_phone_searches_a_term_narrows_it_to_a_district_and_downloads_a_table(
    browser, screenshot, live_server, published_samples
):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, accept_downloads=True)
    phone = context.new_page()
    phone.goto(f"{live_server.url}/search/?q=三公")
    pages = phone.locator("#results-pages")
    pages.wait_for()
    assert "三公" in pages.locator("mark").first.inner_text()
    assert phone.locator("input[name=q]").first.input_value() == "三公"
    screenshot(phone, "search")

    phone.locator("#facet-district a", has_text="武汉市洪山区").click()
    phone.wait_for_url("**district=*")
    assert "武汉市洪山区" in pages.inner_text() and "武汉市江岸区" not in pages.inner_text()
    overflow = phone.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1
    screenshot(phone, "search-narrowed")

    report = published_samples["jiangan-2023-final"]
    phone.goto(f"{live_server.url}/reports/{report.pk}/")
    with phone.expect_download() as download:
        phone.locator("#table-0 .table-downloads a", has_text="CSV").click()
    assert download.value.suggested_filename == f"report-{report.pk}-table-0.csv"
    assert "访问" in phone.locator("#table-0 .cite").inner_text()
    context.close()
