"""The findings on the public pages: the report's 数据质量 section, the department and district pages, the overview."""

import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from disclosures import findings
from disclosures.models import Correction, FindingExplanation, ValidationCheck

from .factories import (
    DepartmentFactory,
    FiscalYearFactory,
    JurisdictionFactory,
    LineValueFactory,
    ReportFactory,
)

pytestmark = pytest.mark.django_db


def user():
    return get_user_model().objects.get_or_create(username="reviewer", defaults={"is_staff": True})[0]


def finding(report, **fields) -> ValidationCheck:
    values = {
        "rule": "narrative_total_equals_table",
        "status": ValidationCheck.Status.FAIL,
        "severity": ValidationCheck.Severity.ERROR,
        "message": "说明中的支出合计1544.48万元与表中1294.48万元不一致",
        "page": 3,
        "expected": Decimal("1294.48"),
        "found": Decimal("1544.48"),
    }
    return ValidationCheck.objects.create(report=report, **{**values, **fields})


def explain(check, reason: str) -> FindingExplanation:
    return FindingExplanation.objects.create(
        report=check.report,
        fingerprint=check.fingerprint,
        rule=check.rule,
        page=check.page,
        reason=reason,
        created_by=user(),
    )


def quality_section(client, report) -> str:
    response = client.get(reverse("disclosures:report", args=[report.pk]))
    assert response.status_code == 200
    return response.content.decode().split('id="quality"', 1)[1].split("</section>", 1)[0]


def test_the_report_page_lists_findings_by_severity_with_every_page_both_numbers_kind_and_status(client):
    report = ReportFactory(published=True)
    error = finding(report, places=[{"page": 3}, {"page": 7, "table": "expenditure"}])
    note = finding(
        report, rule="purpose_and_wording", severity="note", message="“的的”重复", page=9, expected=None, found=None
    )
    explain(note, "原文如此，不影响数字")
    finding(
        report,
        rule="row_total_equals_sum_of_parts",
        table_type="expenditure",
        row="合计",
        page=5,
        status=ValidationCheck.Status.CORRECTED,
        expected=Decimal("2494.32"),
        found=Decimal("2494.33"),
        message="合计2494.33与各项之和2494.32相差0.01",
    )
    finding(report, rule="row_total_equals_sum_of_parts", status="pass", message="一致的合计", page=4)

    section = quality_section(client, report)
    errors, notes = section.split(">错误（2）</h3>", 1)[1].split(">提示（1）</h3>", 1)
    notes = notes.split("</ol>", 1)[0]
    assert f'<a class="finding-page" href="/reports/{report.pk}/pages/3/">第3页</a>' in errors
    assert f'<a class="finding-page" href="/reports/{report.pk}/pages/7/">第7页</a>' in errors
    assert "说明中 <strong>1544.48</strong> ／ 表中 <strong>1294.48</strong>" in errors
    assert "叙述中的总额与表格不一致" in errors and "未说明" in errors
    assert "原文 <strong>2494.33</strong> ／ 应为 <strong>2494.32</strong>" in errors and ">更正</span>" in errors
    assert "已说明" in notes and "工作人员说明：原文如此，不影响数字" in notes and "用途与科目矛盾或字词重复" in notes
    assert "一致的合计" not in errors + notes
    assert f'id="finding-{error.pk}"' in section


def test_a_report_without_findings_keeps_the_honest_notes_for_what_was_not_read(client):
    unread = ReportFactory(published=True, ocr_pages=[2])
    section = quality_section(client, unread)
    assert "第2页为图片，未能识别" in section and "全部" not in section and "未说明" not in section
    checked = ReportFactory(published=True)
    finding(checked, rule="row_total_equals_sum_of_parts", status="pass", message="一致", page=4)
    assert "全部 1 项校验一致。" in quality_section(client, checked)


def test_a_corrected_cell_shows_what_was_printed_what_it_became_and_why(client):
    value = LineValueFactory(
        amount=Decimal("2494.32"),
        printed="2,494.32",
        extracted_amount=Decimal("2494.33"),
        extracted_printed="2,494.33",
        line__table__report__published=True,
    )
    line, report = value.line, value.line.table.report
    Correction.objects.create(
        report=report,
        table_position=line.table.position,
        line_position=line.position,
        column_key=value.column.key,
        original_amount=Decimal("2494.33"),
        original_printed="2,494.33",
        amount=Decimal("2494.32"),
        printed="2,494.32",
        reason="对照原文第5页，合计印错",
        created_by=user(),
    )
    page = client.get(reverse("disclosures:report", args=[report.pk])).content.decode()
    cell = re.search(rf'<tr id="line-{line.pk}".*?</tr>', page).group(0)
    assert 'class="num corrected"' in cell and ">2,494.32</a>" in cell
    assert "原文 2,494.33，更正为 2,494.32，理由：对照原文第5页，合计印错" in cell


def test_a_drafts_findings_never_appear_publicly(client):
    draft = ReportFactory(department__name="武汉市江岸区草稿保密中心")
    finding(draft, message="草稿里的不一致")
    published = ReportFactory(department=draft.department, fiscal_year=FiscalYearFactory(year=2022), published=True)
    assert client.get(reverse("disclosures:report", args=[draft.pk])).status_code == 404
    quality = client.get(reverse("disclosures:quality")).content.decode()
    assert f"/reports/{draft.pk}/" not in quality and f"/reports/{published.pk}/#quality" in quality
    department = client.get(draft.department.get_absolute_url()).content.decode()
    assert f"/reports/{draft.pk}/" not in department
    assert client.get(reverse("api:finding-list")).json()["count"] == 0
    assert client.get(f"/api/reports/{draft.pk}/findings/").status_code == 404


def test_a_department_page_lists_findings_over_the_years(client):
    department = DepartmentFactory()
    older = ReportFactory(department=department, fiscal_year=FiscalYearFactory(year=2022), published=True)
    newer = ReportFactory(department=department, fiscal_year=FiscalYearFactory(year=2023), published=True)
    finding(older)
    finding(older, rule="purpose_and_wording", severity="note", page=4)
    finding(newer, status=ValidationCheck.Status.CORRECTED)
    page = client.get(department.get_absolute_url()).content.decode()
    section = page.split('id="findings"', 1)[1].split("</section>", 1)[0]
    rows = re.findall(r"<tr><th scope=\"row\">(\d+)</th>.*?href=\"([^\"]+)\".*?</tr>", section)
    assert rows == [("2023", f"/reports/{newer.pk}/#quality"), ("2022", f"/reports/{older.pk}/#quality")]
    assert '<td class="num">1</td><td class="num">1</td><td class="num">0</td>' in section
    assert '<td class="num">1</td><td class="num">0</td><td class="num">1</td>' in section


def test_a_district_page_lists_its_departments_findings_over_the_years(client):
    place = JurisdictionFactory(name="武汉市洪山区", slug="hongshan")
    report = ReportFactory(department__jurisdiction=place, department__name="武汉市洪山区教育局", published=True)
    finding(report)
    page = client.get(place.get_absolute_url()).content.decode()
    section = page.split('id="findings"', 1)[1].split("</section>", 1)[0]
    assert "武汉市洪山区教育局" in section and f"/reports/{report.pk}/#quality" in section


def test_the_quality_page_ranks_published_reports_by_findings_and_filters_them(client):
    jiangan = JurisdictionFactory(name="武汉市江岸区", slug="jiangan")
    hongshan = JurisdictionFactory(name="武汉市洪山区", slug="hongshan")
    few = ReportFactory(department__jurisdiction=jiangan, kind="budget", published=True)
    many = ReportFactory(department__jurisdiction=hongshan, fiscal_year=FiscalYearFactory(year=2022), published=True)
    finding(few, rule="purpose_and_wording", severity="note")
    for page in (3, 4, 5):
        finding(many, page=page)
    url = reverse("disclosures:quality")

    def listed(**params):
        page = client.get(url, params).content.decode()
        return [int(pk) for pk in re.findall(r'href="/reports/(\d+)/#quality"', page)]

    assert listed() == [many.pk, few.pk]
    assert listed(district="jiangan") == [few.pk]
    assert listed(year="2022") == [many.pk]
    assert listed(kind="预算") == [few.pk] and listed(kind="final") == [many.pk]
    assert listed(severity="note") == [few.pk, many.pk]


def test_the_quality_page_is_paged(client, monkeypatch):
    monkeypatch.setattr(findings, "QUALITY_PAGE_SIZE", 2)
    reports = [ReportFactory(published=True) for _ in range(3)]
    for count, report in enumerate(reports, start=1):
        for page in range(count):
            finding(report, page=page + 1)
    first = client.get(reverse("disclosures:quality")).content.decode()
    second = client.get(reverse("disclosures:quality"), {"page": "2"}).content.decode()
    assert "第1页，共2页" in first and 'rel="next" href="?page=2"' in first
    assert f"/reports/{reports[2].pk}/#quality" in first and f"/reports/{reports[0].pk}/#quality" in second


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"year": "20x3"}, "年度应为四位数字"),
        ({"kind": "其他"}, "类型只能是"),
        ({"severity": "fatal"}, "严重程度只能是"),
        ({"district": "nowhere"}, "没有名为“nowhere”的行政区"),
        ({"page": "-1"}, "页码应为正整数"),
        ({"page": "99"}, "没有第99页：共 1 页"),
    ],
)
def test_bad_quality_filters_get_a_clear_message_not_a_500(client, params, message):
    ReportFactory(published=True)
    response = client.get(reverse("disclosures:quality"), params)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_findings_amounts_keep_two_decimals_and_its_percentages_stay_as_computed():
    assert findings.number_shown(Decimal("9050.0000000000"), "") == "9050.00"
    assert findings.number_shown(Decimal("423.6000000000"), "m") == "423.60"
    assert findings.number_shown(Decimal("0.1250000000"), "a") == "0.125"
    assert findings.number_shown(Decimal("12.5000000000"), "c") == "12.5"
