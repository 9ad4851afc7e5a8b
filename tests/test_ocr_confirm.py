"""Staff confirming a value read by OCR as printed: the flag is lifted, the public count of unconfirmed values drops,
and the confirmation is in the audit log."""

import pytest
from django.urls import reverse

from disclosures import services as disclosure_services
from disclosures.models import AuditEntry, LineItem, LineValue
from disclosures.selectors import checks_in_words
from ingestion import services

from . import pdfs
from .test_staff import make_user, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def flagged_draft(tmp_path, settings):
    """A draft whose first two values are OCR readings waiting to be confirmed."""
    settings.MEDIA_ROOT = tmp_path
    path = tmp_path / "report.pdf"
    path.write_bytes(pdfs.small_report())
    report = services.ingest_path(path=path).report
    values = list(LineValue.objects.filter(line__table__report=report).select_related("line", "column")[:2])
    for value in values:
        line = LineItem.objects.get(pk=value.line_id)
        line.source = "ocr"
        line.ocr = {**line.ocr, value.column.key: {"confidence": 0.7, "confirmed": False, "flagged": True, "raw": "x"}}
        line.save()
    report.ocr_pages = sorted({value.line.page for value in values})
    report.save(update_fields=["ocr_pages"])
    return report, values


def _unconfirmed_note(report) -> list[str]:
    return [note for note in checks_in_words(report)["reading_notes"] if "未经核对确认" in note]


def test_a_flagged_ocr_value_confirmed_by_staff_is_no_longer_flagged_and_the_count_drops(flagged_draft):
    report, (value, other) = flagged_draft
    assert _unconfirmed_note(report) == ["以文字识别（OCR）读取，2 个数值未经核对确认"]
    staff = signed_in(make_user("reviewer", "上传人员"))

    response = staff.post(reverse("staff:value_confirm", args=[report.pk, value.pk]))

    assert response.status_code == 302
    line = LineItem.objects.get(pk=value.line_id)
    assert value.column.key not in line.flagged_columns
    assert line.ocr[value.column.key]["confirmed_by"] == "reviewer"
    assert LineValue.objects.get(pk=value.pk).printed == value.printed
    assert _unconfirmed_note(report) == ["以文字识别（OCR）读取，1 个数值未经核对确认"]
    entry = AuditEntry.objects.filter(report=report).latest("pk")
    assert entry.user.get_username() == "reviewer" and entry.summary.startswith("核对确认")
    assert entry.details["confirmed"] == value.printed


def test_the_review_page_offers_to_confirm_each_flagged_value_of_a_draft(flagged_draft):
    report, (value, other) = flagged_draft
    staff = signed_in(make_user("reviewer", "上传人员"))

    page = staff.get(reverse("staff:report", args=[report.pk]), {"table": value.line.table.position}).content.decode()

    assert reverse("staff:value_confirm", args=[report.pk, value.pk]) in page
    assert page.count("确认无误") == 2


def test_a_value_not_flagged_or_of_a_published_report_cannot_be_confirmed(flagged_draft):
    report, (value, other) = flagged_draft
    staff = signed_in(make_user("reviewer", "上传人员"))
    unflagged = LineValue.objects.filter(line__table__report=report).exclude(pk__in=[value.pk, other.pk]).last()

    staff.post(reverse("staff:value_confirm", args=[report.pk, unflagged.pk]))
    disclosure_services.report_publish(report=report)
    response = staff.post(reverse("staff:value_confirm", args=[report.pk, value.pk]), follow=True)

    assert "已发布或已归档的报告不能修改" in response.content.decode()
    assert value.column.key in LineItem.objects.get(pk=value.line_id).flagged_columns
    assert not AuditEntry.objects.filter(report=report, summary__startswith="核对确认").exists()


def test_only_staff_who_review_may_confirm(flagged_draft, client):
    report, (value, other) = flagged_draft

    response = client.post(reverse("staff:value_confirm", args=[report.pk, value.pk]))

    assert response.status_code == 302 and "login" in response["Location"]
    assert value.column.key in LineItem.objects.get(pk=value.line_id).flagged_columns
