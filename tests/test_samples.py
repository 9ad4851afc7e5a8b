"""The sample disclosure PDFs: committed, readable, faithful to their data, and reproducible from it."""

import json
import re
from functools import cache
from pathlib import Path

import pdfplumber
import pytest

from samples import build

DATA_FILES = sorted(build.DATA_DIR.glob("*.json"), key=lambda path: path.name)
COMMITTED_PDFS = sorted(build.PDF_DIR.glob("*.pdf"), key=lambda path: path.name)
JIANGAN_2023 = build.PDF_DIR / "jiangan-2023-final.pdf"
HONGSHAN_2020 = "hongshan-2020-final"


def compact(text: str) -> str:
    """Text without whitespace: the PDF's line breaks and a cell's wrapping do not count."""
    return re.sub(r"\s+", "", text)


def pdf_for(data_file: Path) -> Path:
    return build.PDF_DIR / f"{data_file.stem}.pdf"


@cache
def page_texts(pdf_path: Path) -> tuple[str, ...]:
    with pdfplumber.open(pdf_path) as pdf:
        return tuple(page.extract_text() or "" for page in pdf.pages)


def table_blocks(document: dict, *, image: bool) -> list[dict]:
    return [block for block in document["blocks"] if block["type"] == "table" and bool(block.get("image")) == image]


def minimal_document(table: dict) -> dict:
    return {
        "name": "test",
        "department": "武汉市江岸区大数据中心",
        "fiscal_year": 2023,
        "kind": "final",
        "scope": "department",
        "cover": ["武汉市江岸区大数据中心", "2023年度部门决算"],
        "blocks": [{"type": "heading", "text": "第二部分 部门决算表", "level": 1}, table],
    }


def expenditure_table(**changes) -> dict:
    table = {
        "type": "table",
        "canonical": "expenditure",
        "title": "2023年度支出决算表",
        "number": "公开03表",
        "widths": [1, 3, 2, 2, 2],
        "header": [
            [{"text": "项目", "colspan": 2}, {"text": "本年支出合计", "rowspan": 2}, {"text": "其中", "colspan": 2}],
            ["功能分类科目编码", "科目名称", "基本支出", "项目支出"],
        ],
        "body": [
            [{"text": "合计", "colspan": 2}, "2,743.11", "248.79", "2,494.33"],
            ["206", "科学技术支出", "2,660.02", "165.79", "2,494.23"],
        ],
    }
    table.update(changes)
    return table


@pytest.mark.parametrize("pdf_path", COMMITTED_PDFS, ids=lambda path: path.stem)
def test_every_committed_sample_pdf_opens_and_has_pages(pdf_path):
    with pdfplumber.open(pdf_path) as pdf:
        assert len(pdf.pages) > 0
        assert pdf.metadata.get("Creator") == build.CREATOR


@pytest.mark.parametrize("data_file", DATA_FILES, ids=lambda path: path.stem)
def test_every_data_file_is_valid_and_has_a_committed_pdf(data_file):
    build.load_document(data_file)
    assert pdf_for(data_file).is_file(), f"run `python -m samples.build {data_file.stem}` and commit the PDF"


def test_jiangan_2023_pdf_contains_its_total():
    if not JIANGAN_2023.is_file():
        pytest.skip("samples/pdfs/jiangan-2023-final.pdf is not built yet")
    assert any("2,743.11" in text for text in page_texts(JIANGAN_2023))


@pytest.mark.parametrize("data_file", DATA_FILES, ids=lambda path: path.stem)
def test_every_amount_of_a_printed_table_is_in_the_pdf_text(data_file):
    document = build.load_document(data_file)
    assert pdf_for(data_file).is_file(), f"{pdf_for(data_file).name} is not built"
    text = compact("".join(page_texts(pdf_for(data_file))))
    missing = [
        (table["title"], cell.text)
        for table in table_blocks(document, image=False)
        for cell in build.table_grid(table).cells
        if cell.is_amount and compact(cell.text) not in text
    ]
    assert not missing, f"amounts missing from {pdf_for(data_file).name}: {missing[:10]}"


def test_hongshan_2020_table_pages_are_pictures_with_no_table_text():
    pdf_path = build.PDF_DIR / f"{HONGSHAN_2020}.pdf"
    document = build.load_document(build.DATA_DIR / f"{HONGSHAN_2020}.json")
    pictured = table_blocks(document, image=True)
    assert len(pictured) == 9
    with pdfplumber.open(pdf_path) as pdf:
        picture_pages = [page for page in pdf.pages if page.images]
        assert len(picture_pages) >= len(pictured)
        for page in picture_pages:
            text = page.extract_text() or ""
            assert all(line.startswith("说明：") for line in text.splitlines()), (page.page_number, text)
            assert page.extract_tables() == []
    text = compact("".join(page_texts(pdf_path)))
    for table in pictured:
        assert compact(table["title"]) not in text
        assert table["number"] not in text


def test_hongshan_2020_narrative_page_states_the_total():
    texts = page_texts(build.PDF_DIR / f"{HONGSHAN_2020}.pdf")
    assert any("收、支总计 2,556.03 万元" in text for text in texts)


def test_rebuilding_a_sample_gives_the_committed_bytes(tmp_path):
    try:
        build.find_cjk_font()
    except build.FontNotFoundError as error:
        pytest.skip(f"no CJK TrueType font to rebuild with: {error}")
    target, pages = build.build_sample(HONGSHAN_2020, out_dir=tmp_path)
    assert pages > 0
    assert target.read_bytes() == (build.PDF_DIR / f"{HONGSHAN_2020}.pdf").read_bytes()


def test_validation_accepts_header_cells_spanning_rows_and_columns():
    table = expenditure_table()
    assert build.validate_document(minimal_document(table)) is None
    grid = build.table_grid(table)
    header = [cell for cell in grid.cells if cell.header]
    spans = {cell.text: (cell.row, cell.col, cell.rowspan, cell.colspan) for cell in header}
    assert spans["项目"] == (0, 0, 1, 2)
    assert spans["本年支出合计"] == (0, 2, 2, 1)
    assert spans["其中"] == (0, 3, 1, 2)
    assert (spans["基本支出"], spans["项目支出"]) == ((1, 3, 1, 1), (1, 4, 1, 1))
    covered = {
        (cell.row + down, cell.col + across)
        for cell in header
        for down in range(cell.rowspan)
        for across in range(cell.colspan)
    }
    assert covered == {(row, col) for row in range(grid.header_rows) for col in range(grid.columns)}


def test_loader_rejects_a_table_row_that_does_not_cover_every_column(tmp_path):
    table = expenditure_table(body=[[{"text": "合计", "colspan": 2}, "2,743.11", "248.79"]])
    path = tmp_path / "short-row.json"
    path.write_text(json.dumps(minimal_document(table), ensure_ascii=False), encoding="utf-8")
    with pytest.raises(
        build.SampleDataError, match=r"2023年度支出决算表.*body row 1 covers 4 of the table's 5 columns"
    ):
        build.load_document(path)


def test_validation_rejects_a_row_wider_than_the_table():
    table = expenditure_table(body=[["206", "科学技术支出", "2,660.02", "165.79", "2,494.23", "1.00"]])
    with pytest.raises(build.SampleDataError, match=r"公开03表.*body row 1 has more cells than the table's 5 columns"):
        build.validate_document(minimal_document(table))


def test_validation_rejects_a_span_past_the_last_row():
    table = expenditure_table(body=[[{"text": "合计", "colspan": 2, "rowspan": 2}, "2,743.11", "248.79", "2,494.33"]])
    with pytest.raises(build.SampleDataError, match=r"body row 1: the cell “合计” spans past the last body row"):
        build.validate_document(minimal_document(table))
