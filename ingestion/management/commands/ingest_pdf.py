"""python manage.py ingest_pdf PATH [--json OUT] [--ocr auto|off|force] [--department …] [--year …] [--kind …]:
one report, synchronously."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from disclosures.export import report_to_contract
from ingestion import services
from ingestion.hints import InvalidHint, hints_from


def add_hint_arguments(parser) -> None:
    """The options that say what the file may not: they win over what the parser reads."""
    parser.add_argument("--department", default="", help="部门 as it should be stored, e.g. 北京市商务局")
    parser.add_argument("--jurisdiction", "--district", dest="jurisdiction", default="", help="行政区, e.g. 北京市")
    parser.add_argument("--year", dest="fiscal_year", default="", help="fiscal year, e.g. 2026")
    parser.add_argument("--kind", default="", help="budget (预算) or final (决算)")
    parser.add_argument("--scope", default="", help="department (部门) or unit (单位)")


def hints_from_options(options: dict) -> dict:
    try:
        return hints_from(
            department=options["department"],
            jurisdiction=options["jurisdiction"],
            fiscal_year=options["fiscal_year"],
            kind=options["kind"],
            scope=options["scope"],
        )
    except InvalidHint as exc:
        raise CommandError(str(exc)) from exc


class Command(BaseCommand):
    help = "Parse a disclosure PDF through the ingestion pipeline, store it, and write the report JSON."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--json", dest="json_out", help="write the report JSON here ('-' for stdout)")
        parser.add_argument(
            "--ocr",
            choices=["auto", "off", "force"],
            default=None,
            help="which pages are read by OCR: auto (pages that are only images), force (every page), off "
            "(none; a report of images only is refused). Default: settings.INGESTION_OCR",
        )
        add_hint_arguments(parser)

    def handle(self, *args, path: Path, json_out: str | None, ocr: str | None = None, **options):
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        job = services.ingest_path(path=path, hints=hints_from_options(options) or None, ocr=ocr)
        if job.status != job.Status.SUCCEEDED:
            raise CommandError(f"{path.name}: {job.error_message} [{job.error_code}]")
        document = json.dumps(report_to_contract(job.report), ensure_ascii=False, indent=2)
        if json_out in (None, "-"):
            sys.stdout.write(document + "\n")
        else:
            Path(json_out).write_text(document + "\n", encoding="utf-8")
            self.stderr.write(f"{path.name}: report {job.report_id} stored, JSON written to {json_out}")
