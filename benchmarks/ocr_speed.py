"""Speed of the OCR path against bare RapidOCR on the same rendered page images, on one core.

    python benchmarks/ocr_speed.py [FIXTURE.pdf] [--pages N] [--dpi 150 200 300]

For each dpi: seconds per page for bare RapidOCR (the rendered image straight into the
recogniser) and for the whole OCR path (render, level, rulings, recognition, glyphs and edges),
their ratio, and the process's peak RSS. One recogniser thread, as each pool worker runs.
"""

import argparse
import os
import resource
import sys
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


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("fixture", type=Path, nargs="?", default=DEFAULT_FIXTURE)
    parser.add_argument("--pages", type=int, default=4)
    parser.add_argument("--first", type=int, default=1)
    parser.add_argument("--dpi", type=int, nargs="+", default=[200])
    args = parser.parse_args(argv)
    if not args.fixture.exists():
        from samples import scanned

        source = scanned.SAMPLES / (args.fixture.stem.split("-scan")[0] + ".pdf")
        scanned.scan(source, args.fixture.parent, 200, tables_only=args.fixture.stem.endswith("-tables"))
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
