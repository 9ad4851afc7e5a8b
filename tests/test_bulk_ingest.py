"""Ingesting a folder of reports, and hints given where the file does not say who or when."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command

from disclosures.models import Report
from ingestion.hints import KIND_WORDS, InvalidHint, hints_from

from . import pdfs

pytestmark = pytest.mark.django_db(transaction=True)


def test_hints_accept_english_and_chinese_words_and_leave_blanks_to_the_parser():
    assert hints_from(department=" 北京市商务局 ", fiscal_year="2026", kind="预算", scope="单位") == {
        "department": "北京市商务局",
        "fiscal_year": 2026,
        "kind": "budget",
        "scope": "unit",
    }
    assert hints_from(kind="final", fiscal_year="") == {"kind": "final"}


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("fiscal_year", "26", "年度"),
        ("fiscal_year", "二〇二六", "年度"),
        ("kind", "budgets", "类型"),
        ("scope", "x", "范围"),
    ],
)
def test_a_hint_that_cannot_be_used_is_refused_with_its_name(field, value, words):
    with pytest.raises(InvalidHint, match=words):
        hints_from(**{field: value})


def test_every_kind_word_names_a_report_kind():
    assert set(KIND_WORDS.values()) <= set(Report.Kind.values)


def test_ingest_pdf_stores_the_report_under_the_department_and_year_it_is_told(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(pdfs.small_report())
    call_command(
        "ingest_pdf",
        str(path),
        "--json",
        str(tmp_path / "out.json"),
        "--department",
        "武汉市江岸区数据局",
        "--year",
        "2022",
    )
    report = Report.objects.get()
    assert (report.department.name, report.fiscal_year.year, report.kind) == ("武汉市江岸区数据局", 2022, "final")


def test_ingest_pdf_refuses_a_year_that_is_not_a_year(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(pdfs.small_report())
    with pytest.raises(CommandError, match="年度"):
        call_command("ingest_pdf", str(path), "--year", "20x6")
    assert not Report.objects.exists()


def _outcome(path) -> list[dict]:
    with open(path, encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def test_a_folder_is_ingested_with_its_hints_and_each_file_gets_an_outcome(tmp_path):
    folder = tmp_path / "reports"
    (folder / "2023").mkdir(parents=True)
    (folder / "2023" / "jiangan.pdf").write_bytes(pdfs.small_report())
    (folder / "hanyang.pdf").write_bytes(pdfs.small_report(department="武汉市汉阳区大数据中心"))
    (folder / "broken.pdf").write_bytes(pdfs.not_a_pdf())
    hints = tmp_path / "hints.csv"
    hints.write_text("file,department,district,year,kind\nhanyang.pdf,,武汉市汉阳区,2022,决算\n", encoding="utf-8")
    outcome = tmp_path / "outcome.csv"

    call_command("ingest_folder", str(folder), "--hints", str(hints), "--outcome", str(outcome), stderr=io.StringIO())

    rows = {row["file"]: row for row in _outcome(outcome)}
    assert set(rows) == {"2023/jiangan.pdf", "hanyang.pdf", "broken.pdf"}
    assert rows["2023/jiangan.pdf"]["status"] == "succeeded"
    assert rows["2023/jiangan.pdf"]["tables"] == "1"
    assert rows["broken.pdf"]["status"] == "failed"
    assert "PDF" in rows["broken.pdf"]["reason"]
    hanyang = Report.objects.get(pk=rows["hanyang.pdf"]["report_id"])
    assert (hanyang.fiscal_year.year, hanyang.department.jurisdiction.name) == (2022, "武汉市汉阳区")
    assert all(rows[name]["seconds"] for name in rows)


def test_running_a_folder_again_skips_what_is_stored_and_keeps_the_reports(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "jiangan.pdf").write_bytes(pdfs.small_report())
    call_command("ingest_folder", str(folder), "--outcome", str(tmp_path / "first.csv"), stderr=io.StringIO())
    call_command("ingest_folder", str(folder), "--outcome", str(tmp_path / "second.csv"), stderr=io.StringIO())

    (row,) = _outcome(tmp_path / "second.csv")
    assert row["status"] == "skipped"
    assert row["report_id"] == _outcome(tmp_path / "first.csv")[0]["report_id"]
    assert Report.objects.count() == 1


def test_a_hints_file_with_a_bad_year_names_its_line(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "a.pdf").write_bytes(pdfs.small_report())
    hints = tmp_path / "hints.csv"
    hints.write_text("file,year\na.pdf,2026\nb.pdf,26\n", encoding="utf-8")
    with pytest.raises(CommandError, match="第3行"):
        call_command("ingest_folder", str(folder), "--hints", str(hints))
    assert not Report.objects.exists()
