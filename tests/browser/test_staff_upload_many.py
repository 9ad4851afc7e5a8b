"""A publisher uploads two reports at once in a real browser and follows both parses to their end."""

import pytest

from ingestion.models import IngestionJob

from .test_staff_flow import SAMPLE, publisher, queued, run_like_a_worker  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SECOND = SAMPLE.with_name("hongshan-2024-budget.pdf")
DROP = """(zone, names) => {
  const files = new DataTransfer();
  names.forEach(name => files.items.add(new File(name.endsWith(".txt") ? ["notes"] : [], name)));
  zone.dispatchEvent(new DragEvent("drop", { dataTransfer: files, bubbles: true, cancelable: true }));
}"""


def test_a_publisher_uploads_two_reports_at_once_and_both_parses_finish(
    page,
    screenshot,
    live_server,
    publisher,
    queued,
    settings,  # noqa: F811
):
    settings.INGESTION_RECLAIM_AFTER_SECONDS = 0
    page.goto(f"{live_server.url}/staff/login/?next=/staff/upload/many/")
    page.get_by_label("用户名").fill("editor")
    page.get_by_label("密码").fill("a-long-password-1")
    page.get_by_role("button", name="登录").click()
    page.get_by_role("heading", name="一次上传多个报告").wait_for()

    page.locator("#drop-zone").evaluate(DROP, ["notes.txt", "empty.pdf"])
    assert page.locator("#batch-files li").nth(0).inner_text().endswith("不是PDF文件，已跳过。")
    assert page.locator("#batch-files li").nth(1).inner_text().endswith("文件是空的（0字节），已跳过。")

    page.get_by_label("报告PDF（可多选）").set_input_files([str(SAMPLE), str(SECOND)])
    files = page.locator("#batch-files li")
    assert files.count() == 2
    assert "待上传" in files.nth(0).inner_text() and "待上传" in files.nth(1).inner_text()
    screenshot(page, "chosen")

    page.get_by_role("button", name="上传并解析全部").click()
    page.get_by_role("link", name="查看解析进度").nth(1).wait_for()
    assert "武汉市江岸区大数据中心 · 2023年 · 决算" in files.nth(0).inner_text()
    assert "武汉市洪山区大数据中心 · 2024年 · 预算" in files.nth(1).inner_text()
    assert len(queued) == 2
    screenshot(page, "queued")

    for job_id in queued:
        run_like_a_worker(job_id)
    page.locator('#batch-files li[data-status="succeeded"]').nth(1).wait_for(timeout=60_000)
    assert page.get_by_role("link", name="审核").count() == 2
    assert set(IngestionJob.objects.values_list("status", flat=True)) == {IngestionJob.Status.SUCCEEDED}
    screenshot(page, "finished")
    page.console_errors.assert_none()
