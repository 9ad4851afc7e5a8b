"""Pages of a report's source PDF as PNG images, rendered on the server once and kept with the media files."""

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pypdfium2
from django.conf import settings

from .models import Report

DEFAULT_WIDTH = 1000
WIDTHS = (600, 1000, 1600)


class PageNotFound(Exception):
    pass


@dataclass(frozen=True)
class PageGeometry:
    number: int
    width: float
    height: float

    def box_percent(self, bbox) -> dict | None:
        """A [x0, top, x1, bottom] box in PDF points as CSS percentages of the page."""
        if not bbox or len(bbox) != 4:
            return None
        x0, top, x1, bottom = (float(v) for v in bbox)
        return {
            "left": round(100 * x0 / self.width, 3),
            "top": round(100 * top / self.height, 3),
            "width": round(100 * (x1 - x0) / self.width, 3),
            "height": round(100 * (bottom - top) / self.height, 3),
        }


def _open(report: Report) -> pypdfium2.PdfDocument:
    if not report.source_file:
        raise PageNotFound("no source file")
    return pypdfium2.PdfDocument(report.source_file.path)


def page_geometry(report: Report, number: int) -> PageGeometry:
    document = _open(report)
    try:
        if not 1 <= number <= len(document):
            raise PageNotFound(number)
        width, height = document[number - 1].get_size()
    finally:
        document.close()
    return PageGeometry(number, width, height)


def page_image(report: Report, number: int, *, width: int = DEFAULT_WIDTH) -> Path:
    """The PNG of page `number` (1-based) at `width` pixels, rendered on first request."""
    width = min(WIDTHS, key=lambda w: abs(w - width))
    folder = Path(settings.MEDIA_ROOT) / "pages" / (report.source_sha256 or str(report.pk))
    target = folder / f"{number}-{width}.png"
    if target.exists():
        return target
    document = _open(report)
    try:
        if not 1 <= number <= len(document):
            raise PageNotFound(number)
        page = document[number - 1]
        scale = width / page.get_width()
        image = page.render(scale=scale).to_pil()
    finally:
        document.close()
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, suffix=".png")
    os.close(handle)
    image.save(temporary, format="PNG", optimize=True)
    os.replace(temporary, target)
    return target
