"""`budgetpdf.read` and `budgetpdf.inspect` end to end on small generated PDFs, and the parser's seams."""

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

import budgetpdf
from budgetpdf import pages, parallel, pipeline
from budgetpdf.pages import Page

from .. import pdfs

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "pdfs" / "hongshan-2024-budget.pdf"


@pytest.fixture
def report_file(tmp_path) -> Path:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdfs.small_report())
    return path


def test_reading_reports_every_page_with_its_text_and_source(report_file):
    report = pipeline.read(report_file)
    assert [page.number for page in report.pages] == list(range(1, report.source.pages + 1))
    assert all(page.source == "text" for page in report.pages)
    assert "支出决算表" in "".join(page.text for page in report.pages)
    assert report.source.page_sources == {page.number: "text" for page in report.pages}


def test_a_binary_file_object_is_read_like_a_path(report_file):
    from_path = pipeline.read(report_file)
    from_object = pipeline.read(io.BytesIO(report_file.read_bytes()))
    assert from_object.source.sha256 == from_path.source.sha256
    assert [(t.type, len(t.rows)) for t in from_object.tables] == [(t.type, len(t.rows)) for t in from_path.tables]


def test_hints_win_over_what_the_file_says_and_are_recorded(report_file):
    report = pipeline.read(report_file, hints={"department": "武汉市江岸区另一中心", "fiscal_year": "2021"})
    assert (report.department, report.fiscal_year) == ("武汉市江岸区另一中心", 2021)
    assert report.hints == budgetpdf.Hints(department="武汉市江岸区另一中心", fiscal_year=2021)
    assert report.to_json()["source"]["hints"] == {"department": "武汉市江岸区另一中心", "fiscal_year": 2021}


def test_progress_is_reported_stage_by_stage_in_order(report_file):
    seen: list[str] = []
    pipeline.read(report_file, progress=lambda stage, percent: seen.append(stage))
    order = [stage for i, stage in enumerate(seen) if i == 0 or seen[i - 1] != stage]
    assert order == [stage for stage in budgetpdf.Stage if stage != budgetpdf.Stage.OCR]


def test_inspect_reads_the_cover_and_counts_the_pages(report_file):
    inspection = budgetpdf.inspect(report_file)
    assert inspection.pages == 2
    assert inspection.metadata.department == "武汉市江岸区大数据中心"


def test_the_report_json_has_the_contract_keys_and_exact_decimal_strings(report_file):
    document = json.loads(json.dumps(pipeline.read(report_file).to_json(), ensure_ascii=False))
    assert set(document) == {
        "schema", "source", "jurisdiction", "department", "scope", "fiscal_year", "kind",
        "tables", "key_figures", "performance", "checks",
    }  # fmt: skip
    assert document["schema"] == "disclosure-report/1"
    assert document["source"]["page_sources"] == {"1": "text", "2": "text"}
    values = [v for t in document["tables"] for r in t["rows"] for v in r["values"].values()]
    assert values and all(isinstance(v, str) and "," not in v for v in values)
    assert all(c["severity"] in ("error", "note") for c in document["checks"])


class ReadsEveryPageAsOcr:
    source = "ocr"

    def read(self, document, number: int) -> Page:
        return Page(number=number, width=595, height=842, chars=[], edges=[], source="ocr", notes=["read by OCR"])


def test_an_ocr_reader_registered_later_is_chosen_only_for_pages_of_images(monkeypatch):
    monkeypatch.setitem(pages.READERS, "ocr", ReadsEveryPageAsOcr)
    image_page = Page(number=3, width=1, height=1, chars=[], edges=[], images=1)
    glyph = {"text": "x", "x0": 0, "x1": 1, "top": 0, "bottom": 1, "upright": True, "doctop": 0}
    text_page = Page(number=3, width=1, height=1, chars=[glyph], edges=[], images=1)
    assert pages.reader_for(3, image_page).source == "ocr"
    assert pages.reader_for(3, text_page).source == "text"
    assert pages.reader_for(3, Page(number=3, width=1, height=1, chars=[], edges=[])).source == "text"


def test_without_an_ocr_reader_an_image_page_is_read_from_its_text_layer(monkeypatch):
    monkeypatch.delitem(pages.READERS, "ocr")
    assert pages.reader_for(1, Page(number=1, width=1, height=1, chars=[], edges=[], images=2)).source == "text"


def test_reading_a_sample_imports_no_django():
    if not SAMPLE.exists():
        pytest.skip("sample not built")
    code = (
        "import sys, budgetpdf; budgetpdf.read(sys.argv[1]); "
        "print(sorted(m for m in sys.modules if m.startswith('django')))"
    )
    result = subprocess.run([sys.executable, "-c", code, str(SAMPLE)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_page_ranges_cover_every_page_once_in_order():
    assert parallel.page_ranges(25, 12) == [(1, 12), (13, 24), (25, 25)]
    assert parallel.page_ranges(3, 12) == [(1, 3)]


def test_a_report_read_on_two_processes_is_the_one_read_on_one(monkeypatch):
    monkeypatch.setattr(parallel, "PAGES_PER_TASK", 3)
    one = pipeline.read(SAMPLE, workers=1).to_json()
    two = pipeline.read(SAMPLE, limits=budgetpdf.Limits(workers=2)).to_json()
    assert json.dumps(two, sort_keys=True, default=str) == json.dumps(one, sort_keys=True, default=str)
