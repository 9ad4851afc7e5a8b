"""The staff path: sign in, upload, follow the parse, review beside the page, correct, publish (tasks run eagerly)."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from config.celery_app import app as celery_app
from disclosures import services as disclosure_services
from disclosures.models import AuditEntry, Correction, LineValue, Report, ValidationCheck
from ingestion import services
from ingestion.models import IngestionJob
from ingestion.roles import ensure_roles

from . import pdfs

pytestmark = pytest.mark.django_db(transaction=True)

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "pdfs"


def make_user(username: str, *roles: str):
    groups = ensure_roles(Group, Permission)
    user = get_user_model().objects.create_user(username=username, password="a-long-password-1", is_staff=True)
    for role in roles:
        user.groups.add(groups[role])
    return user


@pytest.fixture
def uploader():
    return make_user("uploader", "上传人员")


@pytest.fixture
def publisher():
    return make_user("publisher", "发布人员")


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def upload_file(client: Client, data: bytes, name: str = "report.pdf", **fields):
    return client.post(reverse("staff:upload"), {"file": SimpleUploadedFile(name, data), **fields})


def uploaded_report(client, data=None) -> Report:
    response = upload_file(client, data or pdfs.small_report())
    job = IngestionJob.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))
    return job.report


def staff_urls(report: Report, job: IngestionJob, value: LineValue) -> list[tuple[str, str]]:
    return [
        ("get", reverse("staff:dashboard")),
        ("get", reverse("staff:upload")),
        ("post", reverse("staff:upload")),
        ("post", reverse("staff:upload_detect")),
        ("get", reverse("staff:job", args=[job.pk])),
        ("get", reverse("staff:job_status", args=[job.pk])),
        ("post", reverse("staff:job_rerun", args=[job.pk])),
        ("get", reverse("staff:report", args=[report.pk])),
        ("post", reverse("staff:report_metadata", args=[report.pk])),
        ("get", reverse("staff:value_correct", args=[report.pk, value.pk])),
        ("post", reverse("staff:value_correct", args=[report.pk, value.pk])),
        ("post", reverse("staff:report_publish", args=[report.pk])),
        ("post", reverse("staff:report_unpublish", args=[report.pk])),
        ("get", reverse("staff:page_image", args=[report.pk, 1])),
        ("get", reverse("staff:source_pdf", args=[report.pk])),
        ("get", reverse("staff:audit")),
    ]


@pytest.fixture
def draft():
    job = services.job_create(upload=SimpleUploadedFile("r.pdf", pdfs.small_report()), filename="r.pdf").job
    job.refresh_from_db()
    value = LineValue.objects.filter(line__table__report=job.report).first()
    return job.report, job, value


def test_anonymous_visitors_are_sent_to_the_login_page_from_every_staff_page(client, draft):
    for method, url in staff_urls(*draft):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("staff:login")), url
    assert draft[0].status == Report.Status.DRAFT
    assert Correction.objects.count() == 0


def test_signed_in_users_without_a_staff_role_get_403_on_every_staff_page(draft):
    client = signed_in(get_user_model().objects.create_user(username="reader", password="a-long-password-1"))
    for method, url in staff_urls(*draft):
        assert getattr(client, method)(url).status_code == 403, url
    draft[0].refresh_from_db()
    assert draft[0].status == Report.Status.DRAFT


def test_an_uploader_cannot_publish_or_unpublish(uploader, draft):
    client = signed_in(uploader)
    report = draft[0]
    assert client.post(reverse("staff:report_publish", args=[report.pk])).status_code == 403
    assert client.post(reverse("staff:report_unpublish", args=[report.pk])).status_code == 403
    report.refresh_from_db()
    assert report.status == Report.Status.DRAFT


def test_staff_forms_refuse_a_post_without_the_csrf_token(uploader, publisher, draft):
    client = Client(enforce_csrf_checks=True)
    client.force_login(publisher)
    response = client.post(reverse("staff:report_publish", args=[draft[0].pk]))
    assert response.status_code == 403
    draft[0].refresh_from_db()
    assert draft[0].status == Report.Status.DRAFT
    upload_page = client.get(reverse("staff:upload")).content.decode()
    assert "csrfmiddlewaretoken" in upload_page


def test_staff_sign_in_with_a_password_and_land_on_the_dashboard(uploader):
    client = Client()
    page = client.get(reverse("staff:login"))
    assert page.status_code == 200
    response = client.post(reverse("staff:login"), {"username": "uploader", "password": "a-long-password-1"})
    assert response.status_code == 302 and response["Location"] == reverse("staff:dashboard")
    assert client.get(reverse("staff:dashboard")).status_code == 200


def test_an_upload_returns_a_job_page_and_the_parse_ends_in_a_draft_nobody_outside_can_see(uploader, client):
    staff = signed_in(uploader)
    response = upload_file(staff, pdfs.small_report(), name="江岸2023决算.pdf")

    job = IngestionJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("staff:job", args=[job.pk])
    state = staff.get(reverse("staff:job_status", args=[job.pk])).json()
    assert (state["status"], state["stage"], state["progress"], state["finished"]) == ("succeeded", "done", 100, True)
    assert state["report_url"] == reverse("staff:report", args=[job.report_id])
    assert job.uploaded_by == uploader and job.original_filename == "江岸2023决算.pdf"
    job_page = staff.get(reverse("staff:job", args=[job.pk])).content.decode()
    assert 'id="job-progress"' in job_page and "查看解析结果并审核" in job_page
    assert job.report.status == Report.Status.DRAFT
    assert client.get(reverse("disclosures:report", args=[job.report_id])).status_code == 404
    assert AuditEntry.objects.get(action="upload").user == uploader


def test_the_upload_form_takes_department_year_and_kind_as_hints_over_what_the_cover_says(uploader):
    staff = signed_in(uploader)
    upload_file(
        staff,
        pdfs.small_report(),
        jurisdiction="武汉市汉阳区",
        department="武汉市汉阳区大数据中心",
        fiscal_year="2022",
        kind="final",
    )
    report = IngestionJob.objects.get().report
    assert (report.department.name, report.department.jurisdiction.name, report.fiscal_year.year) == (
        "武汉市汉阳区大数据中心",
        "武汉市汉阳区",
        2022,
    )


def test_the_detect_endpoint_reads_the_cover_to_prefill_the_upload_form(uploader):
    staff = signed_in(uploader)
    response = staff.post(
        reverse("staff:upload_detect"),
        {"file": SimpleUploadedFile("x.pdf", (SAMPLES / "hongshan-2024-budget.pdf").read_bytes())},
    )
    found = response.json()
    assert (found["department"], found["fiscal_year"], found["kind"], found["pages"]) == (
        "武汉市洪山区大数据中心",
        2024,
        "budget",
        32,
    )
    assert IngestionJob.objects.count() == 0
    refused = staff.post(reverse("staff:upload_detect"), {"file": SimpleUploadedFile("x.pdf", pdfs.not_a_pdf())})
    assert refused.status_code == 400 and "不是PDF" in refused.json()["error"]


def test_the_same_file_uploaded_twice_opens_the_existing_report(uploader):
    staff = signed_in(uploader)
    data = pdfs.small_report()
    upload_file(staff, data)
    report = Report.objects.get()

    again = upload_file(staff, data, name="copy.pdf")

    assert again["Location"] == reverse("staff:report", args=[report.pk])
    assert (IngestionJob.objects.count(), Report.objects.count()) == (1, 1)
    assert len(list((Path(IngestionJob.objects.get().file.path).parent).iterdir())) == 1


def test_two_uploads_of_the_same_file_racing_end_with_one_job_and_no_stray_file(monkeypatch, media_in_tmp):
    data = pdfs.small_report()
    first = services.job_create(upload=SimpleUploadedFile("a.pdf", data), filename="a.pdf", enqueue=False).job
    real_filter = IngestionJob.objects.filter

    def missed_lookup(*args, **kwargs):
        if "sha256" in kwargs:
            return real_filter(pk=-1)
        return real_filter(*args, **kwargs)

    monkeypatch.setattr(IngestionJob.objects, "filter", missed_lookup)
    second = services.job_create(upload=SimpleUploadedFile("b.pdf", data), filename="b.pdf", enqueue=False)

    assert second.created is False and second.job.pk == first.pk
    assert IngestionJob.objects.count() == 1
    stored = [p.name for p in media_in_tmp.rglob("*.pdf")]
    assert stored == [Path(first.file.name).name]


BAD_UPLOADS = [
    ("not_pdf", pdfs.not_a_pdf, "不是PDF"),
    ("encrypted", lambda: pdfs.small_report(encrypt="secret"), "文件已加密，请上传未加密的版本。"),
    ("truncated", pdfs.truncated, "文件已损坏或不完整"),
    ("empty", lambda: b"", "文件是空的"),
    ("zero_pages", pdfs.zero_pages, "文件没有任何页面"),
    ("too_large", lambda: pdfs.small_report(), "文件过大"),
]


@pytest.mark.parametrize(("case", "make", "message"), BAD_UPLOADS, ids=[c[0] for c in BAD_UPLOADS])
def test_a_bad_upload_is_refused_with_its_reason_and_nothing_else_changes(
    case, make, message, uploader, publisher, settings, media_in_tmp
):
    published = uploaded_report(signed_in(publisher))
    disclosure_services.report_publish(report=published, user=publisher)
    before = {
        "jobs": list(IngestionJob.objects.values_list("pk", "status", "sha256")),
        "reports": list(Report.objects.values_list("pk", "status", "version")),
        "values": list(LineValue.objects.order_by("pk").values_list("pk", "amount", "printed")),
        "files": sorted(str(p) for p in media_in_tmp.rglob("*")),
        "audit": AuditEntry.objects.count(),
    }
    if case == "too_large":
        settings.INGESTION_MAX_UPLOAD_BYTES = 1000

    response = upload_file(signed_in(uploader), make(), name=f"{case}.pdf")

    assert response.status_code == 400
    assert message in response.content.decode()
    assert {
        "jobs": list(IngestionJob.objects.values_list("pk", "status", "sha256")),
        "reports": list(Report.objects.values_list("pk", "status", "version")),
        "values": list(LineValue.objects.order_by("pk").values_list("pk", "amount", "printed")),
        "files": sorted(str(p) for p in media_in_tmp.rglob("*")),
        "audit": AuditEntry.objects.count(),
    } == before


def test_a_failed_parse_shows_its_message_keeps_the_file_and_can_be_rerun_with_hints(uploader, publisher):
    job = services.job_create(upload=SimpleUploadedFile("scan.pdf", pdfs.image_only()), filename="scan.pdf").job
    job.refresh_from_db()
    assert (job.status, job.error_code) == ("failed", "no_text")
    staff = signed_in(publisher)
    page = staff.get(reverse("staff:job", args=[job.pk])).content.decode()
    assert "文件中没有可读取的文字" in page and "重新解析" in page
    assert job.file.storage.exists(job.file.name)

    response = staff.post(reverse("staff:job_rerun", args=[job.pk]), {"department": "武汉市江岸区大数据中心"})

    assert response.status_code == 302
    job.refresh_from_db()
    assert job.hints == {"department": "武汉市江岸区大数据中心"}
    assert (job.status, job.attempts) == ("failed", 2)
    assert AuditEntry.objects.filter(action="rerun", job_id=job.pk, user=publisher).exists()


def test_the_review_shows_the_extracted_table_beside_the_rendered_source_page_with_failed_rows_marked(uploader):
    staff = signed_in(uploader)
    report = uploaded_report(staff)
    failed = report.checks.filter(status=ValidationCheck.Status.FAIL).first()
    assert failed is not None

    page = staff.get(reverse("staff:report", args=[report.pk])).content.decode()

    assert "2,494.23" in page and failed.message in page
    assert reverse("staff:page_image", args=[report.pk, 2]) in page
    assert "row-failed" in page and "highlight-failed" in page
    image = staff.get(reverse("staff:page_image", args=[report.pk, 2]))
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert b"".join(image.streaming_content).startswith(b"\x89PNG")
    assert staff.get(reverse("staff:page_image", args=[report.pk, 3])).status_code == 404


def test_correcting_a_cell_keeps_the_extracted_value_logs_who_did_it_and_checks_again(uploader):
    staff = signed_in(uploader)
    report = uploaded_report(staff)
    value = LineValue.objects.get(line__table__report=report, line__name="合计", column__key="project")
    failing = report.checks.get(rule="row_total_equals_sum_of_parts", row="合计", status=ValidationCheck.Status.FAIL)
    assert (failing.expected, failing.found) == (Decimal("2743.12"), Decimal("2743.11"))

    response = staff.post(
        reverse("staff:value_correct", args=[report.pk, value.pk]),
        {"printed": "2,494.32", "reason": "原文第2页项目支出合计为2,494.32"},
    )

    assert response.status_code == 302
    value.refresh_from_db()
    assert (value.amount, value.printed) == (Decimal("2494.32"), "2,494.32")
    assert (value.extracted_amount, value.extracted_printed) == (Decimal("2494.33"), "2,494.33")
    correction = Correction.objects.get()
    assert (correction.original_printed, correction.printed) == ("2,494.33", "2,494.32")
    assert correction.created_by == uploader
    entry = AuditEntry.objects.get(action="correct")
    assert entry.user == uploader and "2,494.33 → 2,494.32" in entry.summary
    now = report.checks.filter(rule="row_total_equals_sum_of_parts", row="合计")
    assert sorted(now.values_list("status", flat=True)) == ["corrected", "pass"]
    assert now.get(status=ValidationCheck.Status.CORRECTED).found == failing.found


def test_a_correction_that_is_not_a_number_is_refused_and_changes_nothing(uploader):
    staff = signed_in(uploader)
    report = uploaded_report(staff)
    value = LineValue.objects.filter(line__table__report=report).first()
    response = staff.post(reverse("staff:value_correct", args=[report.pk, value.pk]), {"printed": "abc", "reason": "x"})
    assert response.status_code == 400 and "请输入金额" in response.content.decode()
    assert Correction.objects.count() == 0 and AuditEntry.objects.filter(action="correct").count() == 0


def test_a_published_report_cannot_be_corrected_or_rerun_until_it_is_unpublished(publisher):
    staff = signed_in(publisher)
    report = uploaded_report(staff)
    staff.post(reverse("staff:report_publish", args=[report.pk]))
    value = LineValue.objects.filter(line__table__report=report).first()

    response = staff.post(
        reverse("staff:value_correct", args=[report.pk, value.pk]), {"printed": "1.00", "reason": "x"}
    )
    assert response.status_code == 400 and "请先撤回发布" in response.content.decode()
    rerun = staff.post(reverse("staff:job_rerun", args=[report.jobs.get().pk]), follow=True)
    assert "请先撤回发布" in rerun.content.decode()
    assert Correction.objects.count() == 0
    assert report.jobs.get().attempts == 1


def test_a_rerun_replaces_the_content_and_applies_the_staff_corrections_again(uploader):
    staff = signed_in(uploader)
    report = uploaded_report(staff)
    value = LineValue.objects.get(line__table__report=report, line__code="2060501", column__key="total")
    disclosure_services.value_correct(value=value, printed="165.80", reason="对照原文", user=uploader)
    count = LineValue.objects.filter(line__table__report=report).count()

    staff.post(reverse("staff:job_rerun", args=[report.jobs.get().pk]))

    assert Report.objects.count() == 1
    assert LineValue.objects.filter(line__table__report=report).count() == count
    again = LineValue.objects.get(line__table__report=report, line__code="2060501", column__key="total")
    assert (again.printed, again.extracted_printed) == ("165.80", "165.79")


def test_editing_the_metadata_moves_the_draft_and_is_logged(uploader):
    staff = signed_in(uploader)
    report = uploaded_report(staff)
    staff.post(
        reverse("staff:report_metadata", args=[report.pk]),
        {
            "jurisdiction": "武汉市江夏区",
            "department": "武汉市江夏区大数据中心",
            "fiscal_year": "2021",
            "kind": "final",
            "scope": "department",
            "title": "武汉市江夏区大数据中心2021年度部门决算",
        },
    )
    report.refresh_from_db()
    assert (report.department.jurisdiction.name, report.fiscal_year.year, report.version) == ("武汉市江夏区", 2021, 1)
    entry = AuditEntry.objects.get(action="edit_metadata")
    assert entry.user == uploader and entry.details["fiscal_year"] == [2023, 2021]


def test_a_publisher_publishes_and_unpublishes_and_the_public_side_follows(publisher, client):
    staff = signed_in(publisher)
    report = uploaded_report(staff)

    staff.post(reverse("staff:report_publish", args=[report.pk]))
    assert client.get(reverse("disclosures:report", args=[report.pk])).status_code == 200

    staff.post(reverse("staff:report_unpublish", args=[report.pk]))
    assert client.get(reverse("disclosures:report", args=[report.pk])).status_code == 404
    actions = list(AuditEntry.objects.filter(report=report).order_by("pk").values_list("action", "user__username"))
    assert actions == [("publish", "publisher"), ("unpublish", "publisher")]


def test_a_new_version_keeps_the_published_one_shows_what_changed_and_waits_for_a_publisher(publisher, client):
    staff = signed_in(publisher)
    first = uploaded_report(staff)
    staff.post(reverse("staff:report_publish", args=[first.pk]))
    rows = [list(r) for r in pdfs.EXPENDITURE_ROWS]
    rows[3][2] = "165.97"
    rows = [*map(tuple, rows[:-1])]

    second = uploaded_report(staff, pdfs.small_report(rows=rows))

    assert (second.version, second.supersedes, second.status) == (2, first, Report.Status.DRAFT)
    first.refresh_from_db()
    assert first.status == Report.Status.PUBLISHED
    assert client.get(reverse("disclosures:report", args=[first.pk])).status_code == 200
    changes = staff.get(reverse("staff:report_changes", args=[second.pk])).content.decode()
    assert "165.79" in changes and "165.97" in changes and "住房保障支出" in changes
    review = staff.get(reverse("staff:report", args=[second.pk])).content.decode()
    assert "不同 1 个" in review and "删除 2 个" in review

    staff.post(reverse("staff:report_publish", args=[second.pk]))

    first.refresh_from_db()
    assert first.status == Report.Status.ARCHIVED
    assert client.get(reverse("disclosures:report", args=[first.pk])).status_code == 404
    assert client.get(reverse("disclosures:report", args=[second.pk])).status_code == 200


def test_the_audit_log_lists_who_uploaded_corrected_and_published_what(publisher):
    staff = signed_in(publisher)
    report = uploaded_report(staff)
    value = LineValue.objects.filter(line__table__report=report).first()
    disclosure_services.value_correct(value=value, printed="1.00", reason="对照原文", user=publisher)
    staff.post(reverse("staff:report_publish", args=[report.pk]))

    page = staff.get(reverse("staff:audit")).content.decode()

    for label in ("上传", "更正数值", "发布"):
        assert f"<td>{label}</td>" in page
    assert page.count("<td>publisher</td>") == 3


def test_a_transient_database_error_releases_the_job_and_the_retry_completes_it(monkeypatch):
    real_store = disclosure_services.report_store_parsed
    calls = []

    def flaky_store(**kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return real_store(**kwargs)

    monkeypatch.setattr(disclosure_services, "report_store_parsed", flaky_store)
    monkeypatch.setattr(celery_app.conf, "task_eager_propagates", False)

    job = services.job_create(upload=SimpleUploadedFile("r.pdf", pdfs.small_report()), filename="r.pdf").job

    job.refresh_from_db()
    assert (job.status, job.attempts, len(calls)) == ("succeeded", 2, 2)
    assert Report.objects.count() == 1


def test_an_error_while_saving_leaves_no_half_written_report(monkeypatch):
    def broken(report, parsed):
        raise RuntimeError("disk full")

    monkeypatch.setattr(disclosure_services, "_store_performance", broken)

    with pytest.raises(RuntimeError):
        services.job_create(upload=SimpleUploadedFile("r.pdf", pdfs.small_report()), filename="r.pdf")

    job = IngestionJob.objects.get()
    assert (job.status, job.error_code) == ("failed", "internal")
    assert (Report.objects.count(), LineValue.objects.count(), ValidationCheck.objects.count()) == (0, 0, 0)


def test_a_running_job_whose_worker_stopped_reporting_is_taken_over_but_a_live_one_is_not(settings):
    settings.INGESTION_RECLAIM_AFTER_SECONDS = 60
    job = services.job_create(
        upload=SimpleUploadedFile("r.pdf", pdfs.small_report()), filename="r.pdf", enqueue=False
    ).job
    IngestionJob.objects.filter(pk=job.pk).update(status="running", heartbeat_at=timezone.now())
    assert services.job_claim(job_id=job.pk) is False

    IngestionJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timezone.timedelta(seconds=120))

    assert services.job_claim(job_id=job.pk) is True


def test_a_database_that_stays_unavailable_fails_the_job_with_a_message_after_the_retries(monkeypatch):
    def always_down(**kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(disclosure_services, "report_store_parsed", always_down)
    monkeypatch.setattr(celery_app.conf, "task_eager_propagates", False)

    job = services.job_create(upload=SimpleUploadedFile("r.pdf", pdfs.small_report()), filename="r.pdf").job

    job.refresh_from_db()
    assert (job.status, job.error_code, job.attempts) == ("failed", "unavailable", 4)
    assert "重新解析" in job.error_message
    assert Report.objects.count() == 0


def test_the_status_endpoint_reports_the_stage_and_elapsed_time_of_a_running_job(uploader):
    job = services.job_create(
        upload=SimpleUploadedFile("r.pdf", pdfs.small_report()), filename="r.pdf", enqueue=False
    ).job
    started = timezone.now() - timezone.timedelta(seconds=12)
    IngestionJob.objects.filter(pk=job.pk).update(
        status="running", stage="finding_tables", progress=42, started_at=started, heartbeat_at=timezone.now()
    )

    state = signed_in(uploader).get(reverse("staff:job_status", args=[job.pk])).json()

    assert (state["status_label"], state["stage_label"], state["progress"], state["finished"]) == (
        "解析中",
        "识别表格",
        42,
        False,
    )
    assert 11 <= state["elapsed_seconds"] <= 20
