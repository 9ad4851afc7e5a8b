"""No job is left pending or running for long: broker down at upload, a lost message, a killed worker, the
database away from the worker, a soft time limit wrapped by the PDF library, and re-run of a running job."""

from pathlib import Path

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerUnavailable

import budgetpdf as parser
from config.celery_app import app as celery_app
from ingestion import services, tasks
from ingestion.models import IngestionJob

from . import pdfs
from .test_staff import make_user

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def broker_down(monkeypatch):
    task = celery_app.tasks[services.PARSE_TASK]

    def refuse(*args, **kwargs):
        raise BrokerUnavailable("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(task, "apply_async", refuse)
    return monkeypatch


def upload(data=None, name="r.pdf", **kwargs):
    return services.job_create(upload=SimpleUploadedFile(name, data or pdfs.small_report()), filename=name, **kwargs)


def test_an_upload_while_the_broker_is_unreachable_keeps_the_job_pending_with_a_message(broker_down):
    created = upload()
    job = IngestionJob.objects.get(pk=created.job.pk)
    assert job.status == "pending"
    assert "任务队列暂时不可用" in job.error_message


def test_the_staff_upload_page_answers_with_the_job_when_the_broker_is_unreachable(client, broker_down):
    client.force_login(make_user("publisher", "发布人员"))
    response = client.post("/staff/upload/", {"file": SimpleUploadedFile("r.pdf", pdfs.small_report())})
    assert response.status_code == 302
    assert IngestionJob.objects.get().status == "pending"


def test_uploading_the_same_file_again_queues_its_pending_job_again(broker_down):
    first = upload()
    broker_down.undo()
    again = upload()
    job = IngestionJob.objects.get(pk=first.job.pk)
    assert (again.created, again.job.pk) == (False, first.job.pk)
    assert (job.status, job.error_message) == ("succeeded", "")


def test_the_sweep_queues_again_a_pending_job_whose_message_was_lost():
    job = upload(enqueue=False).job
    IngestionJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timezone.timedelta(seconds=400))

    sweep = services.jobs_sweep(silent_seconds=300, max_attempts=3)

    job.refresh_from_db()
    assert (sweep.requeued, job.status) == (1, "succeeded")


def test_the_sweep_leaves_a_job_queued_a_moment_ago_alone():
    job = upload(enqueue=False).job
    assert services.jobs_sweep(silent_seconds=300, max_attempts=3).requeued == 0
    job.refresh_from_db()
    assert job.status == "pending"


def test_the_sweep_runs_again_a_running_job_whose_worker_went_silent_then_fails_it_after_its_attempts():
    job = upload(enqueue=False).job
    long_ago = timezone.now() - timezone.timedelta(seconds=400)
    IngestionJob.objects.filter(pk=job.pk).update(status="running", heartbeat_at=long_ago, attempts=1)
    services.jobs_sweep(silent_seconds=300, max_attempts=3)
    job.refresh_from_db()
    assert (job.status, job.attempts) == ("succeeded", 2)

    stuck = upload(pdfs.small_report(year=2021), name="s.pdf", enqueue=False).job
    IngestionJob.objects.filter(pk=stuck.pk).update(status="running", heartbeat_at=long_ago, attempts=3)
    assert services.jobs_sweep(silent_seconds=300, max_attempts=3).failed == 1
    stuck.refresh_from_db()
    assert (stuck.status, stuck.error_code) == ("failed", "stuck")
    assert "重新解析" in stuck.error_message


def test_re_running_a_job_that_is_running_says_why_not():
    job = upload(enqueue=False).job
    IngestionJob.objects.filter(pk=job.pk).update(status="running", heartbeat_at=timezone.now())
    with pytest.raises(services.NotRerunnable, match="正在解析中"):
        services.job_rerun(job=job)


def test_re_running_a_job_whose_worker_went_silent_really_runs_it(settings):
    job = upload(enqueue=False).job
    silent = timezone.now() - timezone.timedelta(seconds=settings.INGESTION_RECLAIM_AFTER_SECONDS + 5)
    IngestionJob.objects.filter(pk=job.pk).update(status="running", heartbeat_at=silent, attempts=1)
    services.job_rerun(job=job)
    job.refresh_from_db()
    assert (job.status, job.attempts) == ("succeeded", 2)


def test_the_rerun_button_shows_the_reason_when_the_job_is_running(client):
    client.force_login(make_user("publisher", "发布人员"))
    job = upload(enqueue=False).job
    IngestionJob.objects.filter(pk=job.pk).update(status="running", heartbeat_at=timezone.now())
    response = client.post(f"/staff/jobs/{job.pk}/rerun/", follow=True)
    text = response.content.decode()
    assert "正在解析中" in text and "已重新排队解析" not in text


def test_a_soft_time_limit_wrapped_by_the_pdf_library_ends_as_timeout(monkeypatch):
    def slow(*args, **kwargs):
        try:
            raise SoftTimeLimitExceeded()
        except SoftTimeLimitExceeded as exc:
            raise ValueError("pdfplumber could not read page 3") from exc

    monkeypatch.setattr(parser, "read", slow)
    job = upload().job
    job.refresh_from_db()
    assert (job.status, job.error_code) == ("failed", "timeout")


def test_time_limits_come_from_the_worker_settings_not_from_the_message(monkeypatch):
    sent = []
    monkeypatch.setattr(celery_app.conf, "task_always_eager", False)
    monkeypatch.setattr(celery_app, "send_task", lambda name, args=None, kwargs=None, **options: sent.append(options))
    upload()
    assert celery_app.conf.task_soft_time_limit > 0
    (options,) = sent
    assert (options["time_limit"], options["soft_time_limit"]) == (None, None)


def test_when_the_database_stays_away_the_last_failure_is_left_to_the_sweep(monkeypatch):
    def away(**kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(services, "job_fail", away)
    tasks._fail_unavailable(12345)  # does not raise: the message is acknowledged, the sweep takes over


def test_the_beat_schedule_sweeps_every_minute_and_a_silent_job_within_minutes(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["sweep-ingestion-jobs"]
    assert entry["task"] == "ingestion.tasks.sweep_ingestion_jobs"
    assert entry["schedule"] <= 60 and settings.INGESTION_STUCK_AFTER_SECONDS <= 300


@pytest.mark.parametrize("printed", ["0.12345678901", "1234567890123456789012"])
def test_a_correction_the_amount_column_cannot_hold_exactly_is_refused_with_a_message(printed):
    from disclosures.models import Correction, LineValue
    from disclosures.services import InvalidInput, value_correct

    report = upload().job
    report.refresh_from_db()
    value = LineValue.objects.filter(line__table__report=report.report).first()
    with pytest.raises(InvalidInput, match="精度"):
        value_correct(value=value, printed=printed, reason="原文", user=None)
    assert Correction.objects.count() == 0


def test_a_correction_with_six_decimals_is_kept_exactly():
    from decimal import Decimal

    from django.contrib.auth import get_user_model

    from disclosures.models import LineValue
    from disclosures.services import value_correct

    report = upload().job
    report.refresh_from_db()
    value = LineValue.objects.filter(line__table__report=report.report).first()
    user = get_user_model().objects.create_user(username="reviewer", password="a-long-password-1")
    value_correct(value=value, printed="0.123456", reason="原文", user=user)
    value.refresh_from_db()
    assert (value.amount, value.printed) == (Decimal("0.123456"), "0.123456")


def test_an_upload_over_the_page_limit_is_told_the_page_count_and_the_limit(settings):
    from budgetpdf.errors import UnusableDocument

    settings.INGESTION_MAX_PAGES = 1
    data = (Path(__file__).resolve().parent.parent / "samples" / "pdfs" / "jiangan-2023-final.pdf").read_bytes()
    with pytest.raises(UnusableDocument) as raised:
        services.upload_inspect(upload=SimpleUploadedFile("big.pdf", data))
    pages = len(parser_pages(data))
    assert raised.value.message == f"文件共{pages}页，超过上限1页。请拆分后上传。"


def parser_pages(data: bytes) -> list:
    import io

    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return list(pdf.pages)
