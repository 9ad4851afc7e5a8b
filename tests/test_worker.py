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

    def start():
        log = open(media_in_tmp.parent / f"worker-{len(processes)}.log", "w")  # noqa: SIM115
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "solo", "--loglevel", "info"],
            cwd=BASE,
            env=env,
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
