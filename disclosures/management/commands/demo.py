"""python manage.py demo: a working site with the sample reports, in one command.

Creates the database, ingests the sample PDFs through the ingestion pipeline a
staff upload uses, publishes them, creates a staff account it prints, starts a
local Celery worker (so uploads are parsed in the background) and serves the
site on 127.0.0.1:8000.
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.core.management.base import BaseCommand

from disclosures import services as disclosure_services
from ingestion import services as ingestion_services
from ingestion.roles import PUBLISHER, ensure_roles

SAMPLES = Path(settings.BASE_DIR) / "samples" / "pdfs"
STAFF_USERNAME = "staff"


class Command(BaseCommand):
    help = "Set up the database with the sample reports and serve the site with a local worker."

    def add_arguments(self, parser):
        parser.add_argument("--addrport", default="127.0.0.1:8000")
        parser.add_argument("--no-serve", action="store_true", help="set up only; do not start worker and server")

    def handle(self, *args, addrport: str, no_serve: bool, **options):
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("数据库已就绪。")
        self.ingest_samples()
        password = self.staff_account()
        self.stdout.write(self.style.SUCCESS(f"工作人员账号：{STAFF_USERNAME}  密码：{password}"))
        if no_serve:
            return
        worker = self.start_worker()
        try:
            self.stdout.write(
                self.style.SUCCESS(
                    f"网站：http://{addrport}/   工作台：http://{addrport}/staff/   管理：http://{addrport}/admin/"
                )
            )
            call_command("runserver", addrport, use_reloader=False)
        finally:
            worker.terminate()
            worker.wait(timeout=20)

    def ingest_samples(self) -> None:
        for path in sorted(SAMPLES.glob("*.pdf")):
            job = ingestion_services.ingest_path(path=path)
            if job.report and not job.report.is_published:
                disclosure_services.report_publish(report=job.report)
            outcome = f"报告 {job.report_id}" if job.report_id else f"失败：{job.error_message}"
            self.stdout.write(f"  {path.name}: {outcome}")

    def staff_account(self) -> str:
        password = os.environ.get("DEMO_STAFF_PASSWORD") or secrets.token_urlsafe(9)
        user, _ = get_user_model().objects.get_or_create(username=STAFF_USERNAME)
        user.is_staff = True
        user.is_superuser = True
        user.set_password(password)
        user.save()
        user.groups.add(ensure_roles(Group, Permission)[PUBLISHER])
        return password

    def start_worker(self) -> subprocess.Popen:
        var = Path(settings.BASE_DIR) / "var"
        var.mkdir(exist_ok=True)
        command = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--beat",
            "--schedule",
            str(var / "celerybeat-schedule"),
            "--pool",
            "solo",
            "--loglevel",
            "warning",
        ]
        self.stdout.write("后台解析进程已启动（Celery）。")
        return subprocess.Popen(command, cwd=settings.BASE_DIR, env=os.environ.copy())
