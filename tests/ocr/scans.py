"""A small generated report as a scanner would give it: its pages as images, no text layer."""

import io
from pathlib import Path

import numpy as np
import pypdfium2
from PIL import Image

from samples.scanned import JPEG_QUALITY, degrade
from tests import pdfs

DPI = 200


def scanned_small_report(path: Path, **report) -> Path:
    """`tests.pdfs.small_report` rendered at 200 dpi, skewed and blurred a little, saved as JPEG pages."""
    document = pypdfium2.PdfDocument(pdfs.small_report(**report))
    rng = np.random.default_rng(13)
    images = []
    try:
        for page in document:
            image = page.render(scale=DPI / 72, grayscale=True).to_pil().convert("L")
            buffer = io.BytesIO()
            degrade(image, rng, turn=False).save(buffer, "JPEG", quality=JPEG_QUALITY)
            images.append(Image.open(io.BytesIO(buffer.getvalue())))
    finally:
        document.close()
    images[0].save(path, "PDF", save_all=True, append_images=images[1:], resolution=DPI, quality=JPEG_QUALITY)
    return path
