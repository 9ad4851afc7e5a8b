"""python manage.py ingest_pdf PATH [--json OUT]: parse and store one report synchronously."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from disclosures.export import report_to_contract
from ingestion import services


class Command(BaseCommand):
    help = "Parse a disclosure PDF through the ingestion pipeline, store it, and write the report JSON."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--json", dest="json_out", help="write the report JSON here ('-' for stdout)")

    def handle(self, *args, path: Path, json_out: str | None, **options):
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        job = services.ingest_path(path=path)
        if job.status != job.Status.SUCCEEDED:
            raise CommandError(f"{path.name}: {job.error_message} [{job.error_code}]")
        document = json.dumps(report_to_contract(job.report), ensure_ascii=False, indent=2)
        if json_out in (None, "-"):
            sys.stdout.write(document + "\n")
        else:
            Path(json_out).write_text(document + "\n", encoding="utf-8")
            self.stderr.write(f"{path.name}: report {job.report_id} stored, JSON written to {json_out}")
