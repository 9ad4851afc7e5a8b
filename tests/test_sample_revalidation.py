"""A sample stored through the services keeps every page's text, and a correction re-runs every check on it."""

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from disclosures import services as disclosure_services
from disclosures.export import report_to_contract
from disclosures.models import LineValue, Report, ValidationCheck
from ingestion import services

JIANGAN = Path(__file__).resolve().parent.parent / "samples" / "pdfs" / "jiangan-2023-final.pdf"

pytestmark = pytest.mark.django_db


def stored_jiangan(media: Path) -> int:
    return services.ingest_path(path=JIANGAN).report_id


@pytest.fixture
def jiangan(stored_once, settings):
    """The sample stored through the services (once per test process, its rows written again for each test)."""
    if not JIANGAN.exists():
        pytest.skip("sample not built")
    stored = stored_once(stored_jiangan)
    settings.MEDIA_ROOT = stored.media
    stored.restore()
    return Report.objects.get(pk=stored.value)


@pytest.fixture
def reviewer():
    return get_user_model().objects.create_user(username="reviewer", password="a-long-password-1", is_staff=True)


def narrative_check(report, key: str) -> ValidationCheck:
    return report.checks.get(rule="narrative_equals_table", row=key)


def summary_total_expenditure(report) -> LineValue:
    return LineValue.objects.get(
        line__table__report=report,
        line__table__type="income_expenditure_summary",
        line__side="expense",
        line__name="本年支出合计",
    )


def test_every_page_is_stored_with_its_text_and_source(jiangan):
    pages = list(jiangan.pages.order_by("number"))
    assert [page.number for page in pages] == list(range(1, jiangan.page_count + 1))
    assert {page.source for page in pages} == {"text"}
    assert any("2743.11" in page.text.replace(",", "") for page in pages)


def test_the_export_gives_each_page_source_and_each_check_severity(jiangan):
    document = report_to_contract(jiangan)
    assert document["source"]["page_sources"] == {str(n): "text" for n in range(1, jiangan.page_count + 1)}
    # 30.75 against 30.74 for the same class is a rounding (a note); the other printed differences are errors
    assert {check["severity"] for check in document["checks"]} == {"error", "note"}


def test_correcting_the_total_a_narrative_states_flips_the_narrative_check_and_back(jiangan, reviewer):
    assert narrative_check(jiangan, "total_expenditure").status == "pass"
    checks_before = jiangan.checks.count()
    value = summary_total_expenditure(jiangan)
    assert value.amount == Decimal("2743.11")

    disclosure_services.value_correct(value=value, printed="2743.21", reason="对照原文第4页", user=reviewer)
    failing = narrative_check(jiangan, "total_expenditure")
    assert (failing.status, failing.expected, failing.found) == ("fail", Decimal("2743.21"), Decimal("2743.11"))
    assert jiangan.key_figures.get(key="total_expenditure", source="table").value == Decimal("2743.21")
    assert jiangan.checks.count() == checks_before

    disclosure_services.value_correct(value=value, printed="2743.11", reason="改回原值", user=reviewer)
    assert narrative_check(jiangan, "total_expenditure").status == "pass"
    assert jiangan.checks.count() == checks_before


def test_check_messages_after_a_correction_print_amounts_with_the_reports_decimals(jiangan, reviewer):
    parse_messages = {check.message for check in jiangan.checks.filter(status="fail")}
    disclosure_services.value_correct(
        value=summary_total_expenditure(jiangan), printed="2743.21", reason="对照原文第4页", user=reviewer
    )
    failing = narrative_check(jiangan, "total_expenditure")
    assert "相差0.10万元" in failing.message and "0000" not in failing.message
    assert all(not re.search(r"\.\d{3,}", m) for m in jiangan.checks.values_list("message", flat=True))
    assert parse_messages <= set(jiangan.checks.values_list("message", flat=True))


def test_a_report_stored_without_page_texts_keeps_its_narrative_checks_on_a_correction(jiangan, reviewer):
    jiangan.pages.all().delete()
    narrative_before = sorted(jiangan.checks.filter(rule="narrative_equals_table").values_list("row", "status"))
    assert narrative_before
    value = summary_total_expenditure(jiangan)
    disclosure_services.value_correct(value=value, printed="2743.21", reason="对照原文第4页", user=reviewer)
    narrative_after = sorted(jiangan.checks.filter(rule="narrative_equals_table").values_list("row", "status"))
    assert narrative_after == narrative_before
    assert ("total_expenditure", "pass") in narrative_after
    assert jiangan.checks.filter(rule="parent_equals_sum_of_children").exists()


def test_the_parser_json_of_a_sample_is_the_export_of_the_report_stored_from_it(jiangan, sample_report):
    def comparable(document: dict) -> dict:
        document = json.loads(json.dumps(document, ensure_ascii=False))
        for stored_only in ("status", "version"):
            document.pop(stored_only, None)
        document["source"].pop("hints", None)
        for check in document["checks"]:
            check.pop("places", None)  # the other places a finding is met on: compared where they are stored
        document["checks"] = sorted(document["checks"], key=lambda c: json.dumps(c, sort_keys=True))
        return document

    parsed = comparable(sample_report("jiangan-2023-final").to_json())
    exported = comparable(report_to_contract(jiangan))
    assert parsed.keys() == exported.keys()
    for key in parsed:
        assert parsed[key] == exported[key], key
