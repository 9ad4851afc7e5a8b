"""python manage.py ingest_folder DIR [--hints hints.csv] [--outcome outcome.csv]: many reports at once.

Files go to the Celery workers when one answers, else they are parsed in this process. Files already ingested
(same checksum) are skipped, so an interrupted run is resumed by running it again.
"""

import csv
import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from ingestion import bulk


class Command(BaseCommand):
    help = "Ingest every PDF in a folder (recursively) and write what became of each file to a CSV."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)
        parser.add_argument("--hints", type=Path, help="CSV with columns file, department, district, year, kind, scope")
        parser.add_argument("--outcome", type=Path, help="write the outcome CSV here (default: stdout)")
        parser.add_argument("--here", action="store_true", help="parse in this process even if workers are running")
        parser.add_argument("--timeout", type=float, default=3600, help="stop waiting for the workers after this")

    def handle(self, *args, folder: Path, hints: Path | None, outcome: Path | None, here: bool, timeout: float, **o):
        if not folder.is_dir():
            raise CommandError(f"{folder}: no such folder")
        try:
            hints_by_file = bulk.read_hints(hints) if hints else {}
        except (OSError, bulk.HintsFileError) as exc:
            raise CommandError(str(exc)) from exc
        items = bulk.items_in(folder, hints_by_file)
        if not items:
            raise CommandError(f"{folder}: no PDF files")
        run_here = here or not bulk.workers_available()
        self.stderr.write(
            f"{len(items)} files; " + ("parsing in this process" if run_here else "sending to the Celery workers")
        )
        with tqdm(total=len(items), unit="file", file=sys.stderr, disable=None) as bar:
            for item in items:
                bar.set_postfix_str(item.name[-40:])
                try:
                    bulk.submit(item, run_here=run_here)
                except OSError as exc:
                    item.refused = f"无法读取文件：{exc.strerror or exc}"
                if run_here or item.skipped or item.refused:
                    bulk.unfinished([item])
                    bar.update(1)
            self._wait(items, bar, timeout)
        self._write(items, outcome)

    def _wait(self, items, bar, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        pending = bulk.unfinished(items)
        bar.update(bar.total - bar.n - len(pending))
        while pending and time.monotonic() < deadline:
            time.sleep(1)
            still = bulk.unfinished(pending)
            bar.update(len(pending) - len(still))
            pending = still
        if pending:
            self.stderr.write(f"{len(pending)} files still queued or running; run the command again to follow them")

    def _write(self, items, outcome: Path | None) -> None:
        rows = [bulk.outcome(item) for item in items]
        handle = open(outcome, "w", encoding="utf-8-sig", newline="") if outcome else sys.stdout  # noqa: SIM115
        try:
            writer = csv.DictWriter(handle, fieldnames=bulk.OUTCOME_COLUMNS)
            writer.writeheader()
            writer.writerows(rows)
        finally:
            if outcome:
                handle.close()
        counts = {}
        for row in rows:
            counts[row["status"]] = counts.get(row["status"], 0) + 1
        self.stderr.write("; ".join(f"{status}: {n}" for status, n in sorted(counts.items())))
