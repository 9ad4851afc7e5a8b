"""On a phone, a journalist takes a chart away (its picture, its embed code) and finds a department by typing."""

import re
import struct
import threading
import zlib
from contextlib import contextmanager
from html import escape
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from urllib.parse import unquote

import pytest

from .conftest import ConsoleErrors
from .test_public_site import CANVAS_DRAWN, assert_charts_drawn

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def phone(browser):
    """A 375 px wide page, as on a phone, that records console errors and may save downloads."""
    context = browser.new_context(
        viewport={"width": 375, "height": 740}, locale="zh-CN", accept_downloads=True, has_touch=True
    )
    tab = context.new_page()
    errors = ConsoleErrors()
    tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.console_errors = errors
    yield tab
    context.close()


@contextmanager
def another_site(html: str):
    """A page served from another origin (127.0.0.1 on a port of its own) than the site under test (localhost)."""

    class Story(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the handler's name is http.server's)
            body = html.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Story)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/story"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def png_corner(data: bytes) -> tuple[int, ...]:
    """The colour of a PNG's top-left pixel (the first pixel of a row is stored as is whatever the row's filter)."""
    assert data.startswith(PNG_SIGNATURE)
    width, height, depth, colour = struct.unpack(">IIBB", data[16:26])
    assert width > 0 and height > 0 and depth == 8 and colour in (2, 6)
    chunks, at = [], 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind = data[at + 4 : at + 8]
        if kind == b"IDAT":
            chunks.append(data[at + 8 : at + 8 + length])
        at += 12 + length
    pixels = zlib.decompressobj().decompress(b"".join(chunks), 16)
    return tuple(pixels[1 : 1 + (4 if colour == 6 else 3)])


def test_a_journalist_on_a_phone_downloads_a_chart_picture_and_embeds_the_chart_elsewhere(
    phone, screenshot, live_server, published_samples
):
    report = published_samples["jiangan-2023-final"]
    phone.goto(f"{live_server.url}/reports/{report.pk}/")
    assert_charts_drawn(phone, minimum=2)
    figure = phone.locator("figure.chart").first
    figure.scroll_into_view_if_needed()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(phone, "report-chart")

    with phone.expect_download() as download_info:
        figure.get_by_role("button", name="下载图片（PNG）").click()
    download = download_info.value
    assert download.suggested_filename.startswith("武汉市江岸区大数据中心-2023决算-")
    assert download.suggested_filename.endswith(".png")
    picture = Path(download.path()).read_bytes()
    assert len(picture) > 1000 and picture.startswith(PNG_SIGNATURE)
    assert png_corner(picture) in ((255, 255, 255, 255), (255, 255, 255))

    figure.get_by_text("嵌入到网页").click()
    figure.get_by_role("button", name="复制代码").click()
    figure.get_by_role("status").filter(has_text="复制").wait_for()
    code = figure.get_by_role("textbox").input_value()
    assert code.startswith("<iframe ") and "/embed/reports/" in code
    screenshot(phone, "embed-code")

    # Another site (another origin) pastes the code: the chart is drawn inside its frame, with its source line.
    story = f"<!doctype html><meta charset='utf-8'><h1>{escape('一篇报道')}</h1>{code}"
    other_site = phone.context.new_page()
    with another_site(story) as address:
        other_site.goto(address)
        frame = other_site.frame_locator("iframe")
        canvas = frame.locator("canvas[data-chart][data-drawn=true]")
        canvas.wait_for()
        assert canvas.evaluate(CANVAS_DRAWN)
        source = frame.locator(".chart-source").inner_text()
    assert re.match(r"来源：武汉市江岸区大数据中心 2023年决算 《.+》，第[\d、]+页，http://", source)
    screenshot(other_site, "embedded")
    other_site.close()
    phone.console_errors.assert_none()


def test_typing_a_district_suggests_its_departments_and_enter_opens_the_one_chosen(
    phone, screenshot, live_server, published_samples
):
    department = published_samples["jiangan-2023-final"].department
    phone.goto(f"{live_server.url}/search/")
    box = phone.locator("main").get_by_role("combobox")
    assert box.get_attribute("aria-autocomplete") == "list"
    box.click()
    # An input method composes 江岸 from pinyin: nothing is looked up until the word is composed.
    box.dispatch_event("compositionstart")
    box.fill("江岸")
    box.dispatch_event("compositionend")
    options = phone.locator("main").get_by_role("option")
    options.first.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    assert "江岸" in options.first.inner_text() and "部门" in options.first.inner_text()
    screenshot(phone, "suggestions")

    box.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"
    box.press("ArrowDown")
    options.first.wait_for()
    box.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == options.first.get_attribute("id")
    assert options.first.get_attribute("aria-selected") == "true"
    box.press("Enter")
    phone.get_by_role("heading", name=department.name).wait_for()
    assert unquote(phone.url).endswith(f"/{department.jurisdiction.slug}/{department.slug}/")
    phone.console_errors.assert_none()
