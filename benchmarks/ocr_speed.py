"""Speed of the OCR path against bare RapidOCR on the same rendered page images, on one core.

    python benchmarks/ocr_speed.py [FIXTURE.pdf] [--pages N] [--dpi 150 200 300]
    python benchmarks/ocr_speed.py [FIXTURE.pdf] --long N [--workers 2]

For each dpi: seconds per page for bare RapidOCR (the rendered image straight into the
recogniser) and for the whole OCR path (render, level, rulings, recognition, glyphs and edges),
their ratio, and the process's peak RSS. One recogniser thread, as each pool worker runs.

With --long N: a scan of N pages (the fixture's pages over and over) is read as a report's image
pages are, on the worker pool; the peak RSS of each worker and of all of them together is
sampled while it runs, and printed with the RSS after each tenth of the pages.
"""

import argparse
import os
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("BUDGETPDF_OCR_THREADS", "1")

import pypdfium2  # noqa: E402

from budgetpdf.ocr import OcrPageReader, image  # noqa: E402
from budgetpdf.ocr.engine import recognise  # noqa: E402

DEFAULT_FIXTURE = ROOT / "var" / "scanned" / "hongshan-2024-budget-scan200-tables.pdf"


def measure(path: Path, pages: list[int], dpi: int) -> tuple[float, float]:
    document = pypdfium2.PdfDocument(str(path))
    rendered = [image.render(document[n - 1], dpi).image for n in pages]
    started = time.perf_counter()
    for picture in rendered:
        recognise(picture)
    bare = (time.perf_counter() - started) / len(pages)
    reader = OcrPageReader(dpi=dpi)
    started = time.perf_counter()
    for number in pages:
        reader.read(path, number)
    whole = (time.perf_counter() - started) / len(pages)
    reader.close()
    document.close()
    return bare, whole


def long_scan(fixture: Path, pages: int, out: Path) -> Path:
    """A PDF of `pages` pages: the fixture's pages repeated in order."""
    source = pypdfium2.PdfDocument(str(fixture))
    target = pypdfium2.PdfDocument.new()
    count = len(source)
    for start in range(0, pages, count):
        target.import_pages(source, list(range(min(count, pages - start))))
    target.save(str(out))
    return out


def _rss_mib(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            found += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def measure_long(fixture: Path, pages: int, workers: int, dpi: int) -> None:
    from budgetpdf.ocr.document import ocr_page_images

    with tempfile.TemporaryDirectory() as folder:
        path = long_scan(fixture, pages, Path(folder) / "long.pdf")
        peak_worker, peak_total, done_at = 0.0, 0.0, []
        running = True

        def sample():
            nonlocal peak_worker, peak_total
            while running:
                sizes = [_rss_mib(child) for child in _children(os.getpid())]
                peak_worker = max([peak_worker, *sizes])
                peak_total = max(peak_total, sum(sizes) + _rss_mib(os.getpid()))
                time.sleep(0.5)

        def progress(done, total):
            if done % max(total // 10, 1) == 0 or done == total:
                sizes = [_rss_mib(child) for child in _children(os.getpid())]
                done_at.append(f"{done}: {' + '.join(f'{size:.0f}' for size in sizes)} MiB")

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        started = time.perf_counter()
        ocr_page_images(path, list(range(1, pages + 1)), workers=workers, dpi=dpi, progress=progress)
        seconds = time.perf_counter() - started
        running = False
        sampler.join()
    print(
        f"{fixture.name} x{pages} pages dpi={dpi} workers={workers}: {seconds / pages:.2f} s/page "
        f"({seconds * workers / pages:.2f} s/page/core), peak RSS of one worker {peak_worker:.0f} MiB, "
        f"of all {peak_total:.0f} MiB, load {os.getloadavg()[0]:.1f}"
    )
    for line in done_at:
        print(f"    after page {line}")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("fixture", type=Path, nargs="?", default=DEFAULT_FIXTURE)
    parser.add_argument("--pages", type=int, default=4)
    parser.add_argument("--first", type=int, default=1)
    parser.add_argument("--dpi", type=int, nargs="+", default=[200])
    parser.add_argument("--long", type=int, default=0, help="read a scan of this many pages on the worker pool")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    if not args.fixture.exists():
        from samples import scanned

        source = scanned.SAMPLES / (args.fixture.stem.split("-scan")[0] + ".pdf")
        scanned.scan(source, args.fixture.parent, 200, tables_only=args.fixture.stem.endswith("-tables"))
    if args.long:
        for dpi in args.dpi:
            measure_long(args.fixture, args.long, args.workers, dpi)
        return 0
    pages = list(range(args.first, args.first + args.pages))
    recognise(image.render(pypdfium2.PdfDocument(str(args.fixture))[0], 72).image)  # models loaded before timing
    for dpi in args.dpi:
        bare, whole = measure(args.fixture, pages, dpi)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"{args.fixture.name} dpi={dpi} pages={len(pages)}: bare RapidOCR {bare:.2f} s/page, "
            f"OCR path {whole:.2f} s/page, ratio {whole / bare:.2f}, peak RSS {peak:.0f} MiB, "
            f"load {os.getloadavg()[0]:.1f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
