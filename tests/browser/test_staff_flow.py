"""A publisher's whole path in a real browser: sign in, upload, watch the parse, review, publish, find it public."""

import time
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import OperationalError

from ingestion import services
from ingestion.models import IngestionJob
from ingestion.roles import PUBLISHER, ensure_roles

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAMPLE = Path(__file__).resolve().parent.parent.parent / "samples" / "pdfs" / "jiangan-2023-final.pdf"


@pytest.fixture
def publisher():
    user = get_user_model().objects.create_user(username="editor", password="a-long-password-1", is_staff=True)
    user.groups.add(ensure_roles(Group, Permission)[PUBLISHER])
    return user


@pytest.fixture
def queued(monkeypatch):
    """Jobs are queued, not run, so the test decides when the worker starts (and the page shows the wait)."""
    jobs: list[int] = []
    monkeypatch.setattr(services, "job_enqueue", lambda *, job: jobs.append(job.pk))
    return jobs


def run_like_a_worker(job_id: int) -> None:
    """Run the job as the Celery task would, retrying when the live server's reads lock the test database."""
    for _ in range(50):
        try:
            services.job_run(job_id=job_id)
        except OperationalError:
            time.sleep(0.1)
            continue
        if IngestionJob.objects.get(pk=job_id).is_finished:
            return
    raise AssertionError(f"job {job_id} did not finish")


def test_a_publisher_uploads_watches_the_parse_reviews_and_publishes(
    page, screenshot, live_server, publisher, queued, settings
):
    settings.INGESTION_RECLAIM_AFTER_SECONDS = 0
    page.goto(f"{live_server.url}/staff/")
    assert "/staff/login/" in page.url
    page.get_by_label("用户名").fill("editor")
    page.get_by_label("密码").fill("a-long-password-1")
    screenshot(page, "login")
    page.get_by_role("button", name="登录").click()
    page.get_by_role("heading", name="工作台").wait_for()
    screenshot(page, "dashboard")

    page.get_by_role("link", name="上传新报告").click()
    page.get_by_label("报告PDF").set_input_files(str(SAMPLE))
    page.get_by_text("已从封面读出").wait_for()
    assert page.locator("#id_department").input_value() == "武汉市江岸区大数据中心"
    assert page.locator("#id_fiscal_year").input_value() == "2023"
    assert page.locator("#id_kind").input_value() == "final"
    screenshot(page, "upload-prefilled")

    page.get_by_role("button", name="上传并解析").click()
    page.get_by_role("heading", name="解析进度").wait_for()
    assert page.locator("#job-status").inner_text() == "排队中"
    screenshot(page, "queued")
    (job_id,) = queued
    run_like_a_worker(job_id)
    page.get_by_role("link", name="查看解析结果并审核").wait_for(timeout=60_000)
    assert page.locator("#job-progress").evaluate("bar => bar.value") == 100
    assert page.locator("#job-stage").inner_text() == "完成"
    screenshot(page, "parsed")

    page.get_by_role("link", name="查看解析结果并审核").click()
    page.get_by_role("heading", name="未通过的校验").wait_for()
    source_page = page.locator(".source-pages img").first
    source_page.wait_for()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=source_page.element_handle())
    assert page.locator(".failed-checks li").count() >= 1
    assert page.locator(".highlight-failed").count() >= 1
    assert "2,743.11" in page.locator(".review-table").inner_text()
    screenshot(page, "review")

    page.get_by_role("button", name="发布").click()
    page.get_by_text("已发布，公众现在可以看到这份报告。").wait_for()
    screenshot(page, "published")

    report_id = IngestionJob.objects.get(pk=job_id).report_id
    page.get_by_role("link", name="公开页面").click()
    page.wait_for_url(f"**/reports/{report_id}/")
    assert "2,743.11" in page.content()
    screenshot(page, "public")
    page.console_errors.assert_none()
