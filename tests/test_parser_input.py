"""The parser on PDFs the tests build: good ones and every kind of unusable file."""

from decimal import Decimal

import pytest

from budgetpdf import Limits, read
from budgetpdf.errors import DamagedPdf, EmptyPdf, EncryptedPdf, NotAPdf, NoTextLayer, TooLarge
from budgetpdf.numbers import parse_amount

from . import pdfs


@pytest.fixture
def write(tmp_path):
    def _write(data: bytes, name: str = "report.pdf"):
        path = tmp_path / name
        path.write_bytes(data)
        return path

    return _write


def test_a_small_report_yields_its_metadata_table_and_figures(write):
    report = read(write(pdfs.small_report()))
    assert (report.department, report.jurisdiction, report.fiscal_year, report.kind) == (
        "武汉市江岸区大数据中心",
        "武汉市江岸区",
        2023,
        "final",
    )
    (table,) = report.tables
    assert (table.type, table.unit, table.printed_number, table.pages) == ("expenditure", "万元", "公开03表", [2])
    by_code = {row.code: row for row in table.rows}
    assert by_code["2060501"].values == {"total": Decimal("165.79"), "basic": Decimal("165.79")}
    assert by_code["2060501"].bbox is not None
    assert report.key_figures["total_expenditure"].value == Decimal("2743.11")
    assert report.key_figures["staff_actual"].value == Decimal("15")


def test_a_printed_inconsistency_is_reported_and_not_corrected(write):
    report = read(write(pdfs.small_report()))
    total = next(row for row in report.tables[0].rows if row.name == "合计")
    assert total.values["project"] == Decimal("2494.33")
    failed = [c for c in report.checks if c.status == "fail" and c.rule == "total_equals_sum_of_classes"]
    project = next(c for c in failed if c.found == Decimal("2494.33"))
    assert project.expected == Decimal("2494.23")
    assert project.page == 2


def test_a_file_that_is_not_a_pdf_is_rejected_by_its_content(write):
    with pytest.raises(NotAPdf) as error:
        read(write(pdfs.not_a_pdf(), name="report.pdf"))
    assert "不是PDF" in error.value.message


def test_an_encrypted_pdf_asks_for_an_unencrypted_version(write):
    with pytest.raises(EncryptedPdf) as error:
        read(write(pdfs.small_report(encrypt="secret")))
    assert error.value.message == "文件已加密，请上传未加密的版本。"


def test_a_truncated_pdf_is_reported_as_damaged(write):
    with pytest.raises(DamagedPdf):
        read(write(pdfs.truncated()))


def test_an_empty_file_and_a_pdf_without_pages_are_reported_as_empty(write):
    with pytest.raises(EmptyPdf):
        read(write(b""))
    with pytest.raises(EmptyPdf):
        read(write(pdfs.zero_pages()))


def test_a_pdf_of_images_only_says_it_needs_ocr(write):
    with pytest.raises(NoTextLayer) as error:
        read(write(pdfs.image_only()))
    assert "OCR" in error.value.message


def test_a_file_over_the_size_limit_is_refused_before_parsing(write):
    path = write(pdfs.small_report())
    with pytest.raises(TooLarge):
        read(path, limits=Limits(max_bytes=100))


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("2,743.11", Decimal("2743.11")),
        ("1, 294. 48", Decimal("1294.48")),
        ("0.52", Decimal("0.52")),
        ("-", None),
        ("—", None),
        ("", None),
        ("12,345,678", Decimal("12345678")),
        ("-3.10", Decimal("-3.10")),
    ],
)
def test_printed_amounts_become_exact_decimals_and_blanks_stay_blank(printed, expected):
    assert parse_amount(printed) == expected


def test_a_page_that_takes_too_long_stops_the_parse_with_a_timeout(write):
    from budgetpdf.errors import PageTimeout

    with pytest.raises(PageTimeout) as error:
        read(write(pdfs.small_report()), limits=Limits(page_seconds=0.0005))
    assert error.value.code == "timeout"


def test_control_characters_in_a_text_layer_are_not_kept():
    from budgetpdf.numbers import strip_control

    assert strip_control("机构\x00运行\x07") == "机构运行"
    assert strip_control("第一行\n第二行\t") == "第一行\n第二行\t"
