"""Image-only versions of PDFs, as a scanner would produce them: the fixtures OCR is measured on.

Each page is rendered, given a 1-3 degree skew, a little blur and sensor noise, and stored as a
JPEG image in a PDF with no text layer; one table page per document is turned 90 degrees. The
output is deterministic: the same input and dpi give the same images.

    python -m samples.scanned OUT_DIR [--dpi 150 200] [--real PDF ...] [--tables-only]

With no --real, the five sample reports (samples/pdfs/) are rasterised; --real adds other PDFs
(such as one from the shared real reports, which are never committed).
"""

import argparse
import hashlib
import io
import sys
from pathlib import Path

import numpy as np
import pdfplumber
import pypdfium2
from PIL import Image, ImageFilter

SAMPLES = Path(__file__).resolve().parent / "pdfs"
JPEG_QUALITY = 55


def _seed(name: str, dpi: int) -> int:
    return int.from_bytes(hashlib.sha256(f"{name}:{dpi}".encode()).digest()[:8], "big")


def table_pages(path: Path) -> list[int]:
    """The pages whose text layer holds a ruled table."""
    with pdfplumber.open(path) as pdf:
        found = []
        for number, page in enumerate(pdf.pages, start=1):
            if page.find_tables():
                found.append(number)
            page.flush_cache()
        return found


def degrade(image: Image.Image, rng: np.random.Generator, *, turn: bool) -> Image.Image:
    """Skew 1-3 degrees either way, blur, add noise; a quarter turn when `turn`."""
    angle = float(rng.uniform(1.0, 3.0)) * (1 if rng.random() < 0.5 else -1)
    image = image.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    image = image.filter(ImageFilter.GaussianBlur(radius=float(rng.uniform(0.4, 0.9))))
    pixels = np.asarray(image, dtype=np.float32)
    pixels = pixels + rng.normal(0, 9, pixels.shape)
    image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), mode="L")
    if turn:
        image = image.transpose(Image.Transpose.ROTATE_90)
    return image


def scan(source: Path, out: Path, dpi: int, *, tables_only: bool = False) -> Path:
    """Write an image-only copy of `source` at `dpi`; returns its path."""
    tables = table_pages(source)
    turned = tables[1] if len(tables) > 1 else (tables[0] if tables else 1)
    rng = np.random.default_rng(_seed(source.name, dpi))
    document = pypdfium2.PdfDocument(str(source))
    images = []
    try:
        for number in range(1, len(document) + 1):
            if tables_only and number not in tables:
                continue
            bitmap = document[number - 1].render(scale=dpi / 72, grayscale=True)
            image = bitmap.to_pil().convert("L")
            image = degrade(image, rng, turn=number == turned)
            # JPEG artefacts come from the compression itself, as a scanner's PDF has them
            buffer = io.BytesIO()
            image.save(buffer, "JPEG", quality=JPEG_QUALITY)
            images.append(Image.open(io.BytesIO(buffer.getvalue())))
    finally:
        document.close()
    suffix = "-tables" if tables_only else ""
    target = out / f"{source.stem}-scan{dpi}{suffix}.pdf"
    out.mkdir(parents=True, exist_ok=True)
    images[0].save(target, "PDF", save_all=True, append_images=images[1:], resolution=dpi, quality=JPEG_QUALITY)
    return target


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--dpi", type=int, nargs="+", default=[150, 200])
    parser.add_argument("--real", type=Path, nargs="*", default=[])
    parser.add_argument("--tables-only", action="store_true", help="only the pages that hold a table")
    args = parser.parse_args(argv)
    sources = sorted(SAMPLES.glob("*.pdf")) + list(args.real)
    for source in sources:
        for dpi in args.dpi:
            target = scan(source, args.out, dpi, tables_only=args.tables_only)
            print(f"{target} {target.stat().st_size // 1024} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
