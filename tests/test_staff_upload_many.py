"""Staff upload many reports at once: each file its own job, a file already stored is not parsed again, a bad file
is refused with its reason while the others go through."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ingestion.models import IngestionJob

from . import pdfs
from .test_staff import make_user, signed_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def uploader():
    return make_user("uploader", "上传人员")


def pdf(name: str, **report) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdfs.small_report(**report), content_type="application/pdf")


def test_several_files_sent_at_once_each_become_a_job_listed_with_its_cover_and_progress_link(uploader):
    client = signed_in(uploader)
    files = [pdf("jiangan.pdf"), pdf("hongshan.pdf", department="武汉市洪山区大数据中心", year=2024)]
    response = client.post(reverse("staff:upload_many"), {"files": files})
    html = response.content.decode()
    assert response.status_code == 200
    jobs = list(IngestionJob.objects.order_by("pk"))
    assert [j.original_filename for j in jobs] == ["jiangan.pdf", "hongshan.pdf"]
    assert all(j.uploaded_by == uploader for j in jobs)
    for job in jobs:
        assert f'href="{reverse("staff:job", args=[job.pk])}"' in html
    assert "武汉市江岸区大数据中心 · 2023年 · 决算" in html
    assert "武汉市洪山区大数据中心 · 2024年 · 决算" in html


def test_a_file_already_uploaded_is_skipped_with_a_clear_message_and_the_others_go_through(uploader):
    client = signed_in(uploader)
    client.post(reverse("staff:upload_many"), {"files": [pdf("first.pdf")]})
    again = [pdf("same-bytes-new-name.pdf"), pdf("new.pdf", year=2022)]
    html = client.post(reverse("staff:upload_many"), {"files": again}).content.decode()
    assert IngestionJob.objects.count() == 2
    assert "已经上传过（内容完全相同），没有重复解析" in html
    first = IngestionJob.objects.get(original_filename="first.pdf")
    assert f'href="{reverse("staff:job", args=[first.pk])}"' in html


def test_a_file_that_is_not_a_pdf_empty_or_too_large_is_refused_with_its_reason_beside_the_good_ones(
    uploader, settings
):
    settings.INGESTION_MAX_UPLOAD_BYTES = 20_000
    files = [
        SimpleUploadedFile("notes.pdf", b"plain text, not a PDF"),
        SimpleUploadedFile("empty.pdf", b""),
        SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * 30_000),
        pdf("good.pdf"),
    ]
    response = signed_in(uploader).post(reverse("staff:upload_many"), {"files": files})
    html = response.content.decode()
    assert response.status_code == 200
    assert "这个文件不是PDF" in html and "文件是空的" in html and "文件过大" in html
    assert list(IngestionJob.objects.values_list("original_filename", flat=True)) == ["good.pdf"]


def test_hints_given_once_apply_to_every_file(uploader):
    files = [pdf("a.pdf", year=2021), pdf("b.pdf", year=2022)]
    signed_in(uploader).post(
        reverse("staff:upload_many"), {"files": files, "jurisdiction": "武汉市江岸区", "kind": "final"}
    )
    assert [j.hints for j in IngestionJob.objects.order_by("pk")] == [
        {"jurisdiction": "武汉市江岸区", "kind": "final"}
    ] * 2


def test_the_page_script_sends_one_file_at_a_time_and_gets_its_job_as_json(uploader):
    client = signed_in(uploader)
    answer = client.post(reverse("staff:upload_many_file"), {"file": pdf("one.pdf")})
    data = answer.json()
    job = IngestionJob.objects.get()
    assert answer.status_code == 200 and data["ok"] and not data["duplicate"]
    assert data["job_url"] == reverse("staff:job", args=[job.pk])
    assert data["status_url"] == reverse("staff:job_status", args=[job.pk])
    assert data["cover"].startswith("武汉市江岸区大数据中心 · 2023年 · 决算（共2页）")
    assert {"status", "progress", "finished"} <= set(data["state"])

    again = client.post(reverse("staff:upload_many_file"), {"file": pdf("one-again.pdf")}).json()
    assert again["duplicate"] and again["job_url"] == data["job_url"]

    refused = client.post(reverse("staff:upload_many_file"), {"file": SimpleUploadedFile("x.pdf", b"not a pdf")})
    assert refused.status_code == 400
    assert refused.json() == {**refused.json(), "ok": False, "job_url": None, "name": "x.pdf"}
    assert "不是PDF" in refused.json()["message"]
    assert IngestionJob.objects.count() == 1


def test_a_bad_hint_is_named_in_the_answer_for_the_file(uploader):
    answer = signed_in(uploader).post(
        reverse("staff:upload_many_file"), {"file": pdf("one.pdf"), "fiscal_year": "1700"}
    )
    assert answer.status_code == 400 and answer.json()["message"].startswith("年度：")
    assert not IngestionJob.objects.exists()


def test_uploading_many_needs_the_upload_permission(client):
    for url in (reverse("staff:upload_many"), reverse("staff:upload_many_file")):
        assert client.post(url).status_code == 302
    reader = make_user("reader")
    assert signed_in(reader).get(reverse("staff:upload_many")).status_code == 403
    assert signed_in(reader).post(reverse("staff:upload_many_file")).status_code == 403
