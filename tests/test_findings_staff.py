"""Staff and findings: explain and take back, re-run the rules, export as CSV and as an annotated PDF."""

import csv
import io

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from pypdf import PdfReader

from budgetpdf.model import Check
from disclosures import findings
from disclosures import services as disclosure_services
from disclosures.models import AuditEntry, FindingExplanation, LineValue, ValidationCheck

from . import pdfs
from .factories import ReportFactory
from .test_staff import make_user, signed_in, uploaded_report

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def reviewer():
    return make_user("reviewer", "上传人员")


@pytest.fixture
def staff(reviewer):
    return signed_in(reviewer)


def failing_total(report) -> ValidationCheck:
    return report.checks.get(rule="row_total_equals_sum_of_parts", row="合计", status=ValidationCheck.Status.FAIL)


def status_of(report, rule="row_total_equals_sum_of_parts", row="合计") -> list[tuple[str, str]]:
    return [(f.status, f.explanation) for f in findings.report_findings(report) if (f.rule, f.row) == (rule, row)]


def test_staff_mark_a_finding_explained_with_a_reason_and_take_it_back_each_logged(staff, reviewer):
    report = uploaded_report(staff)
    check = failing_total(report)
    explain = reverse("staff:finding_explain", args=[report.pk, check.fingerprint])

    response = staff.post(explain, {"reason": "原文第2页另有说明：合计含尾差"})
    assert response.status_code == 302 and response["Location"].endswith(f"#finding-{check.fingerprint[:12]}")
    assert status_of(report) == [("已说明", "原文第2页另有说明：合计含尾差")]
    entry = AuditEntry.objects.get(action=AuditEntry.Action.EXPLAIN)
    assert entry.user == reviewer and "合计含尾差" in entry.summary and entry.report == report

    review = staff.get(reverse("staff:report", args=[report.pk])).content.decode()
    assert "说明：原文第2页另有说明：合计含尾差" in review and "撤销说明" in review

    staff.post(reverse("staff:finding_unexplain", args=[report.pk, check.fingerprint]))
    assert status_of(report) == [("未说明", "")]
    assert AuditEntry.objects.filter(action=AuditEntry.Action.UNEXPLAIN, user=reviewer).count() == 1


def test_an_explanation_needs_a_reason_a_post_and_the_review_permission(staff, reviewer, client):
    report = uploaded_report(staff)
    check = failing_total(report)
    explain = reverse("staff:finding_explain", args=[report.pk, check.fingerprint])
    staff.post(explain, {"reason": "   "})
    assert not FindingExplanation.objects.exists()
    assert staff.get(explain).status_code == 405
    assert client.post(explain, {"reason": "x"}).status_code == 302  # to the login page
    assert signed_in(make_user("reader")).post(explain, {"reason": "x"}).status_code == 403
    assert staff.post(reverse("staff:finding_explain", args=[report.pk, "0" * 64]), {"reason": "x"}).status_code == 404
    assert not FindingExplanation.objects.exists()


def test_an_explanation_survives_a_revalidation_and_a_re_run_from_the_review_page(staff):
    report = uploaded_report(staff)
    check = failing_total(report)
    disclosure_services.finding_explain(check=check, reason="合计含尾差", user=make_user("other"))
    disclosure_services.report_revalidate(report=report)
    assert not ValidationCheck.objects.filter(pk=check.pk).exists()
    assert status_of(report) == [("已说明", "合计含尾差")]

    review = staff.get(reverse("staff:report", args=[report.pk])).content.decode()
    assert reverse("staff:report_recheck", args=[report.pk]) in review and 'id="recheck"' in review
    response = staff.post(reverse("staff:report_recheck", args=[report.pk]))
    assert response.status_code == 302
    assert status_of(report) == [("已说明", "合计含尾差")]
    assert AuditEntry.objects.filter(action=AuditEntry.Action.RECHECK, report=report).count() == 1


def test_a_finding_of_the_printed_numbers_stays_marked_corrected_once_a_correction_fixes_it(staff):
    report = uploaded_report(staff)
    value = LineValue.objects.get(line__table__report=report, line__name="合计", column__key="project")
    staff.post(
        reverse("staff:value_correct", args=[report.pk, value.pk]), {"printed": "2,494.32", "reason": "原文第2页"}
    )
    assert status_of(report) == [("更正", "")]
    disclosure_services.report_recheck(report=report, user=None)
    assert status_of(report) == [("更正", "")]


def test_the_findings_csv_is_safe_to_open_in_a_spreadsheet(staff):
    report = ReportFactory()
    ValidationCheck.objects.create(
        report=report, rule="no_placeholder", status="fail", message='=HYPERLINK("http://x","点")', row="+cmd", page=2
    )
    response = staff.get(reverse("staff:findings_csv", args=[report.pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == findings.CSV_HEADER
    assert rows[1][rows[0].index("说明")] == '\'=HYPERLINK("http://x","点")'
    assert rows[1][rows[0].index("行")] == "'+cmd"
    assert rows[1][rows[0].index("类别")] == "模板占位符未替换" and rows[1][rows[0].index("状态")] == "未说明"


def report_with_source(data: bytes):
    report = ReportFactory(page_count=2)
    report.source_file.save("findings.pdf", ContentFile(data), save=True)
    return report


def test_the_annotated_pdf_has_one_note_on_each_page_a_finding_names(staff, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    report = report_with_source(pdfs.small_report())
    for page, message in ((1, "第一处"), (1, "第二处"), (2, "第三处")):
        ValidationCheck.objects.create(report=report, rule="no_placeholder", status="fail", message=message, page=page)
    ValidationCheck.objects.create(report=report, rule="no_placeholder", status="pass", message="一致", page=2)

    response = staff.get(reverse("staff:findings_pdf", args=[report.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pages = PdfReader(io.BytesIO(response.content)).pages
    notes = [[a.get_object() for a in page.get("/Annots", [])] for page in pages]
    assert [len(page_notes) for page_notes in notes] == [1, 1]
    assert all(note["/Subtype"] == "/Text" for page_notes in notes for note in page_notes)
    assert "第一处" in notes[0][0]["/Contents"] and "第二处" in notes[0][0]["/Contents"]
    assert "第三处" in notes[1][0]["/Contents"] and "一致" not in notes[1][0]["/Contents"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.4\nnot really a pdf", "原始PDF已损坏或无法读取"),
        (pdfs.small_report(encrypt="secret"), "原始PDF已加密"),
    ],
)
def test_a_damaged_or_encrypted_pdf_gives_a_clear_message(staff, settings, tmp_path, data, message):
    settings.MEDIA_ROOT = tmp_path
    report = report_with_source(data)
    ValidationCheck.objects.create(report=report, rule="no_placeholder", status="fail", message="XX", page=1)
    response = staff.get(reverse("staff:findings_pdf", args=[report.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("staff:report", args=[report.pk])
    assert message in response.content.decode()


def test_findings_that_name_no_row_on_one_page_are_explained_one_by_one_across_re_runs(reviewer):
    report = ReportFactory()
    placeholders = [
        Check(rule="no_placeholder", status="fail", message=f"第4页“{text}”留有模板占位符", page=4)
        for text in ("上海市 XX 局", "总计 XXX 万元")
    ]
    disclosure_services._store_checks(report, placeholders)
    first, second = report.checks.order_by("pk")
    assert first.fingerprint != second.fingerprint
    disclosure_services.finding_explain(check=second, reason="模板原文如此", user=reviewer)
    disclosure_services._store_checks(report, placeholders)
    assert [(f.message, f.status) for f in findings.report_findings(report)] == [
        ("第4页“上海市 XX 局”留有模板占位符", "未说明"),
        ("第4页“总计 XXX 万元”留有模板占位符", "已说明"),
    ]
