"""Real-browser tests: Playwright driving Debian's chromium against pytest-django's live server.

Screenshots of each step go to artifacts/browser/. Without chromium the tests are skipped,
unless REQUIRE_BROWSER is set (as .ci/run does), when they fail.
"""

import os
import re
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parent.parent.parent
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
ARTIFACTS = ROOT / "artifacts" / "browser"
SAMPLES = ROOT / "samples" / "pdfs"


def _unavailable() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed"
    if not CHROMIUM.exists():
        return f"no chromium at {CHROMIUM} (Debian: apt-get install chromium; or set CHROMIUM_PATH)"
    return None


@pytest.fixture(scope="session")
def browser():
    reason = _unavailable()
    if reason:
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        args = ["--no-sandbox"] if os.geteuid() == 0 else []
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=args)
        yield launched
        launched.close()


class ConsoleErrors(list):
    def assert_none(self):
        assert not self, "errors in the browser console:\n" + "\n".join(self)


@pytest.fixture
def page(browser, request):
    """A fresh browser page that records console errors and uncaught page errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    tab = context.new_page()
    errors = ConsoleErrors()
    tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.console_errors = errors
    yield tab
    context.close()


@pytest.fixture
def screenshot(request):
    """screenshot(page, "step") writes artifacts/browser/<test name>/<n>-<step>.png."""
    folder = ARTIFACTS / re.sub(r"[^\w.-]+", "_", request.node.name)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):
        old.unlink()
    count = [0]

    def take(tab, name: str) -> Path:
        count[0] += 1
        path = folder / f"{count[0]:02d}-{name}.png"
        tab.screenshot(path=str(path), full_page=True)
        return path

    return take


def published_five_samples(media: Path) -> dict[str, int]:
    """The five samples ingested and published: their reports' primary keys by file name."""
    from disclosures import services as disclosure_services
    from ingestion import services

    reports = {}
    for path in sorted(SAMPLES.glob("*.pdf")):
        job = services.ingest_path(path=path)
        reports[path.stem] = disclosure_services.report_publish(report=job.report).pk
    return reports


@pytest.fixture
def published_samples(browser, stored_once, live_server, transactional_db, settings):
    """The five sample reports published and served by the live server: {"jiangan-2023-final": Report, ...}.

    They are ingested once per test process and written again for each test (a transactional test empties the
    database when it ends), with the same primary keys; the source PDFs stay in one media folder.
    """
    from disclosures.models import Report

    stored = stored_once(published_five_samples)
    settings.MEDIA_ROOT = stored.media
    stored.restore()
    reports = Report.objects.select_related("department__jurisdiction", "fiscal_year").in_bulk(stored.value.values())
    return {stem: reports[pk] for stem, pk in stored.value.items()}
