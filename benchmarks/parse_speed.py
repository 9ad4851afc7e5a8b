"""Parse + validate + store against a bare pdfplumber pass, and peak memory.

    python benchmarks/parse_speed.py FILE.pdf [FILE.pdf ...]

For each file, in one run: the seconds of a bare `extract_tables()` over every
page, the seconds of the product's parse, validation and store (SQLite in a
temporary folder) on one process, their ratio, then the seconds of the parse
alone with the pages read on WORKERS processes (`budgetpdf.read(workers=...)`,
default 2) and its ratio to the bare pass, and the peak resident memory of a
separate process that only parses the file on one process, and of one page
reader when it parses on WORKERS. Targets: ingest ratio <= 1.3, parallel ratio
<= 0.6 on two free cores, peak < 500 MB, reader peak <= 300 MB. On a busy
machine the ratios mean little: measure before and after in the same conditions.
"""

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def bare_extract_tables(path: Path) -> float:
    import pdfplumber

    started = time.perf_counter()
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_tables()
            page.flush_cache()
    return time.perf_counter() - started


def product_ingest(path: Path) -> float:
    from ingestion import services

    started = time.perf_counter()
    job = services.ingest_path(path=path)
    elapsed = time.perf_counter() - started
    if job.status != job.Status.SUCCEEDED:
        raise SystemExit(f"{path.name}: {job.error_code} {job.error_message}")
    return elapsed


def parallel_read(path: Path, workers: int) -> float:
    import budgetpdf

    started = time.perf_counter()
    budgetpdf.read(path, workers=workers)
    return time.perf_counter() - started


def peak_memory_mb(path: Path, workers: int = 1) -> float:
    """The peak resident memory of a process parsing the file; with workers > 1, of its largest page reader."""
    who = "RUSAGE_SELF" if workers <= 1 else "RUSAGE_CHILDREN"
    code = (
        f"import resource, sys; sys.path.insert(0, {str(ROOT)!r}); import budgetpdf; "
        f"budgetpdf.read({str(path)!r}, workers={workers}); print(resource.getrusage(resource.{who}).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return int(out.stdout.strip()) / 1024


def main(paths: list[Path]) -> None:
    folder = tempfile.mkdtemp(prefix="bench-")
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings.test",
        DATABASE_URL=f"sqlite:///{folder}/bench.sqlite3",
        MEDIA_ROOT=f"{folder}/media",
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    workers = int(os.environ.get("WORKERS", "2"))
    print(
        f"{'file':40} {'pages':>5} {'bare s':>7} {'ours s':>7} {'ratio':>6} "
        f"{f'x{workers} s':>7} {'ratio':>6} {'peak MB':>8} {'reader MB':>9}"
    )
    for path in paths:
        import pdfplumber

        with pdfplumber.open(path) as pdf:
            pages = len(pdf.pages)
        bare = bare_extract_tables(path)
        ours = product_ingest(path)
        parallel = parallel_read(path, workers)
        peak = peak_memory_mb(path)
        reader_peak = peak_memory_mb(path, workers)
        print(
            f"{path.name[:40]:40} {pages:5d} {bare:7.2f} {ours:7.2f} {ours / bare:6.2f} "
            f"{parallel:7.2f} {parallel / bare:6.2f} {peak:8.1f} {reader_peak:9.1f}"
        )
    print(f"this process peak: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main([Path(p) for p in sys.argv[1:]] or sorted((ROOT / "samples" / "pdfs").glob("*.pdf")))
