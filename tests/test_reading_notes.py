"""Saying plainly what the reading could not give: missing standard tables, image pages not read, OCR values
unconfirmed, instead of "全部 0 项校验一致"."""

import pytest
from django.urls import reverse

from disclosures.models import LineItem
from disclosures.reading import ReadingState, reading_notes

from .published import media_in_tmp, samples  # noqa: F401
from .test_staff import make_user, signed_in

pytestmark = pytest.mark.django_db


def state(**given) -> ReadingState:
    return ReadingState(
        **{"table_checks_ran": True, "missing_tables": [], "unread_image_pages": [], "flagged_values": 0, **given}
    )


def test_a_report_whose_tables_were_checked_and_read_from_text_needs_no_note():
    assert reading_notes(state(missing_tables=["三公经费支出决算表"])) == []


def test_without_table_checks_the_missing_standard_tables_are_named():
    notes = reading_notes(state(table_checks_ran=False, missing_tables=["收入决算表", "支出决算表"]))
    assert notes == ["标准公开表缺失：收入决算表、支出决算表"]


def test_without_table_checks_an_image_page_that_was_not_read_is_named():
    assert reading_notes(state(table_checks_ran=False, unread_image_pages=[7])) == ["第7页为图片，未能识别"]
    assert reading_notes(state(table_checks_ran=False, unread_image_pages=[6, 7])) == ["第6、7页为图片，未能识别"]


def test_values_read_by_ocr_and_not_confirmed_are_counted():
    assert reading_notes(state(flagged_values=3)) == ["以文字识别（OCR）读取，3 个数值未经核对确认"]


def test_hongshan_2020_says_its_tables_are_missing_and_its_pages_were_images_not_all_checks_hold(client, samples):
    report = samples["reports"]["hongshan-2020-final"]
    page = client.get(reverse("disclosures:report", args=[report.pk])).content.decode()
    checks = page.split('id="quality"', 1)[1].split("</section>", 1)[0]
    assert "标准公开表缺失：" in checks and "收入表" in checks
    assert "第6、7、8、9、10、11、12、13、14页为图片，未能识别" in checks
    assert "项校验一致。" not in checks


def test_the_review_page_marks_values_read_by_ocr_that_are_not_confirmed(samples):
    report = samples["reports"]["jiangan-2023-final"]
    line = LineItem.objects.filter(table__report=report, values__column__key="total").first()
    # the samples are shared by the whole run: what this test changes is put back
    kept = (line.source, line.ocr, report.ocr_pages)
    line.source, line.ocr = "ocr", {"total": {"confidence": 0.7, "confirmed": False, "flagged": True, "raw": "1"}}
    line.save()
    report.ocr_pages = [line.page]
    report.save(update_fields=["ocr_pages"])
    try:
        staff = signed_in(make_user("reviewer", "上传人员"))
        page = staff.get(reverse("staff:report", args=[report.pk]), {"table": line.table.position}).content.decode()
    finally:
        line.source, line.ocr, report.ocr_pages = kept
        line.save()
        report.save(update_fields=["ocr_pages"])
    assert "以文字识别（OCR）读取，1 个数值未经核对确认" in page
    assert page.count('class="ocr-unconfirmed"') == 1
