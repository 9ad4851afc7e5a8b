"""The upload path through a real broker and a separate Celery worker process (run by .ci/run)."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

import budgetpdf as parser
from config.celery_app import app as celery_app
from disclosures.models import LineValue, Report
from ingestion import services
from ingestion.models import IngestionJob

from . import pdfs

BASE = Path(__file__).resolve().parent.parent

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def start_worker(settings, media_in_tmp):
    """Start real `celery worker` processes against the test database; all are stopped after the test."""
    db = settings.DATABASES["default"]
    if settings.CELERY_BROKER_URL.startswith("filesystem") or db["ENGINE"] != "django.db.backends.postgresql":
        reason = "needs CELERY_BROKER_URL and a PostgreSQL DATABASE_URL (run by .ci/run)"
        if os.environ.get("REQUIRE_WORKER"):
            pytest.fail(reason)
        pytest.skip(reason)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "MEDIA_ROOT": str(media_in_tmp),
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "CELERY_VISIBILITY_TIMEOUT": "4",
        "INGESTION_RECLAIM_AFTER_SECONDS": "3",
    }
    subprocess.run(
        [sys.executable, "-m", "celery", "-A", "config", "purge", "-f"],
        cwd=BASE,
        env=env,
        capture_output=True,
        check=True,
        timeout=60,
    )
    processes = []

    def start(pool="solo", **overrides):
        log = open(media_in_tmp.parent / f"worker-{len(processes)}.log", "w")  # noqa: SIM115
        command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", pool, "--loglevel", "info"]
        if pool == "prefork":
            command += ["--concurrency", "1"]
        process = subprocess.Popen(
            command,
            cwd=BASE,
            env={**env, **overrides},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        processes.append(process)
        return process

    celery_app.conf.task_always_eager = False
    yield start
    celery_app.conf.task_always_eager = True
    for process in processes:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture
def worker(start_worker):
    return start_worker()


def wait_for_job(pk: int, *, seconds: float = 90) -> IngestionJob:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job = IngestionJob.objects.get(pk=pk)
        if job.is_finished:
            return job
        time.sleep(0.5)
    raise AssertionError(f"job {pk} not finished after {seconds}s: {job.status} {job.stage}")


def test_an_upload_returns_at_once_and_a_real_worker_parses_it(worker):
    created = services.job_create(upload=SimpleUploadedFile("r.pdf", pdfs.small_report()), filename="r.pdf")
    assert IngestionJob.objects.get(pk=created.job.pk).status in {"pending", "running"}

    job = wait_for_job(created.job.pk)

    assert (job.status, job.progress, job.attempts) == ("succeeded", 100, 1), job.error_message
    assert job.report.tables.get().rows.filter(code="2060501").exists()


def test_a_real_worker_fails_an_encrypted_upload_with_its_reason(worker):
    created = services.job_create(
        upload=SimpleUploadedFile("locked.pdf", pdfs.small_report(encrypt="pw")), filename="locked.pdf"
    )
    job = wait_for_job(created.job.pk)
    assert (job.status, job.error_code) == ("failed", "encrypted")
    assert job.report is None


def test_killing_the_worker_mid_job_ends_in_a_complete_report_after_a_restart(start_worker):
    data = (BASE / "samples" / "pdfs" / "hongshan-2024-budget.pdf").read_bytes()
    reference = parser.read(BASE / "samples" / "pdfs" / "hongshan-2024-budget.pdf")
    expected_values = sum(len(row.values) for table in reference.tables for row in table.rows)
    first = start_worker()
    created = services.job_create(upload=SimpleUploadedFile("hongshan.pdf", data), filename="hongshan.pdf")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        job = IngestionJob.objects.get(pk=created.job.pk)
        if job.status == "running" and job.progress >= 20:
            break
        time.sleep(0.05)
    assert (job.status, job.is_finished) == ("running", False), "the job finished before the worker could be killed"

    os.kill(first.pid, signal.SIGKILL)
    first.wait(timeout=10)
    assert IngestionJob.objects.get(pk=job.pk).status == "running"
    assert Report.objects.count() == 0
    start_worker()

    job = wait_for_job(job.pk, seconds=120)

    assert (job.status, job.attempts) == ("succeeded", 2), job.error_message
    assert Report.objects.count() == 1
    assert LineValue.objects.filter(line__table__report=job.report).count() == expected_values


def wait_until_running(pk: int, *, progress: int = 20, seconds: float = 60) -> IngestionJob:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job = IngestionJob.objects.get(pk=pk)
        if job.is_finished or (job.status == "running" and job.progress >= progress):
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {pk} did not start within {seconds}s")


def pool_children(parent: int) -> list[int]:
    children = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == parent:
            children.append(int(entry.name))
    return children


def upload_sample(name: str) -> IngestionJob:
    data = (BASE / "samples" / "pdfs" / name).read_bytes()
    return services.job_create(upload=SimpleUploadedFile(name, data), filename=name).job


def test_killing_the_pool_process_mid_parse_finishes_the_job_within_seconds_not_half_an_hour(start_worker):
    worker = start_worker(pool="prefork")
    created = upload_sample("hongshan-2024-budget.pdf")
    job = wait_until_running(created.pk)
    assert not job.is_finished, "the job finished before its pool process could be killed"
    (child,) = pool_children(worker.pid)

    killed_at = time.monotonic()
    os.kill(child, signal.SIGKILL)
    job = wait_for_job(created.pk, seconds=60)

    assert (job.status, job.attempts) == ("succeeded", 2), job.error_message
    assert time.monotonic() - killed_at < 60
    assert Report.objects.count() == 1


def test_an_upload_while_the_broker_is_unreachable_is_parsed_once_the_sweep_queues_it_again(start_worker):
    celery_app.conf.broker_write_url = "redis://127.0.0.1:1/0"
    celery_app._pool = celery_app.amqp._producer_pool = None
    try:
        created = upload_sample("jiangan-2023-final.pdf")
    finally:
        celery_app.conf.broker_write_url = None
        celery_app._pool = celery_app.amqp._producer_pool = None
    job = IngestionJob.objects.get(pk=created.pk)
    assert job.status == "pending" and "任务队列暂时不可用" in job.error_message

    start_worker()
    assert services.jobs_sweep(silent_seconds=0, max_attempts=3).requeued == 1
    job = wait_for_job(created.pk)

    assert (job.status, job.error_message) == ("succeeded", ""), job.error_message


def test_a_worker_without_its_database_leaves_the_job_for_the_sweep_which_gets_it_parsed(start_worker, media_in_tmp):
    away = start_worker(DATABASE_URL="postgres://postgres@127.0.0.1:1/nowhere", INGESTION_RETRY_BASE_SECONDS="0.5")
    created = upload_sample("jiangan-2023-final.pdf")
    log = media_in_tmp.parent / "worker-0.log"
    deadline = time.monotonic() + 60
    while "left for the sweep" not in log.read_text(errors="replace"):
        assert time.monotonic() < deadline, "the worker did not give the job up within 60 s"
        time.sleep(0.5)
    assert IngestionJob.objects.get(pk=created.pk).status == "pending"
    away.terminate()
    away.wait(timeout=30)

    start_worker()
    assert services.jobs_sweep(silent_seconds=0, max_attempts=3).requeued == 1
    job = wait_for_job(created.pk)
    assert job.status == "succeeded", job.error_message


def test_sigterm_mid_parse_lets_the_worker_finish_the_job_before_it_stops(start_worker):
    worker = start_worker()
    created = upload_sample("hongshan-2024-budget.pdf")
    job = wait_until_running(created.pk)
    assert not job.is_finished, "the job finished before the worker could be stopped"

    worker.send_signal(signal.SIGTERM)
    worker.wait(timeout=60)

    job = IngestionJob.objects.get(pk=created.pk)
    assert (job.status, job.attempts) == ("succeeded", 1), job.error_message


def test_a_soft_time_limit_set_for_the_worker_ends_the_job_as_timeout(start_worker):
    start_worker(pool="prefork", CELERY_TASK_SOFT_TIME_LIMIT="0.2", CELERY_TASK_TIME_LIMIT="30")
    created = upload_sample("hongshan-2020-final.pdf")

    job = wait_for_job(created.pk)

    assert (job.status, job.error_code) == ("failed", "timeout"), job.error_message
    assert "超时" in job.error_message
