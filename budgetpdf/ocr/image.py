"""Page images: rendering at a capped size, what kind of page it is, and straightening it.

Rotation by quarter turns is found from the shape of text blobs (text lines run along the
reading direction); small skew from the projection profile, which rulings and text lines make
sharpest when they are level.
"""

from dataclasses import dataclass

import cv2
import numpy as np

DEFAULT_DPI = 200
# A page is never rendered wider or taller than this: a 10,000 x 10,000 px page would otherwise
# take gigabytes in the recogniser.
MAX_SIDE_PX = 3600
MAX_SKEW_DEGREES = 5.0


@dataclass
class Rendered:
    image: np.ndarray  # greyscale, uint8
    scale: float  # pixels per PDF point
    capped: bool


def render(pdfium_page, dpi: int = DEFAULT_DPI, max_side: int = MAX_SIDE_PX) -> Rendered:
    width, height = pdfium_page.get_size()
    scale = dpi / 72
    capped = max(width, height) * scale > max_side
    if capped:
        scale = max_side / max(width, height)
    bitmap = pdfium_page.render(scale=scale, grayscale=True)
    image = bitmap.to_numpy()
    if image.ndim == 3:
        image = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.shape[2] >= 3 else image[:, :, 0]
    return Rendered(image=np.ascontiguousarray(image), scale=scale, capped=capped)


def cap(grey: np.ndarray, scale: float, max_side: int = MAX_SIDE_PX) -> tuple[np.ndarray, float, bool]:
    """The image shrunk so neither side exceeds `max_side`, its new scale, and whether it was shrunk."""
    if max(grey.shape[:2]) <= max_side + 2:  # a page rendered at the cap may round a pixel over it
        return grey, scale, False
    factor = max_side / max(grey.shape[:2])
    return cv2.resize(grey, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA), scale * factor, True


def binarise(grey: np.ndarray) -> np.ndarray:
    """Ink as 255 on 0, by Otsu's threshold after a light blur that removes speckle."""
    blurred = cv2.GaussianBlur(grey, (3, 3), 0)
    _, ink = cv2.threshold(blurred, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return ink


def page_kind(grey: np.ndarray) -> str:
    """'blank', 'photo' or 'document', from how much ink there is and how grey the page is."""
    small = _shrink(grey, 800)
    dark = float(np.mean(small < 128))
    if dark < 0.0003 or float(small.std()) < 2:
        return "blank"
    mid = float(np.mean((small > 60) & (small < 190)))
    if mid > 0.35 and dark > 0.15:
        return "photo"
    return "document"


def _shrink(image: np.ndarray, side: int) -> np.ndarray:
    factor = side / max(image.shape[:2])
    if factor >= 1:
        return image
    return cv2.resize(image, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)


def quarter_turns(grey: np.ndarray, detect) -> int:
    """How many quarter turns clockwise the page needs so its text lines run across it (0 or 1).

    `detect` finds text-line boxes (the recogniser's detector) on a small copy of the page: lines
    of text are wider than tall when upright. Upside-down pages look the same to this test; the
    reader tells them apart by the recogniser's confidence.
    """
    small = _shrink(grey, 720)
    boxes = detect(np.dstack([small, small, small]))
    wide = tall = 0
    for points in boxes:
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        width, height = max(xs) - min(xs), max(ys) - min(ys)
        wide += width > 1.5 * height
        tall += height > 1.5 * width
    return 1 if tall > 1.5 * max(wide, 1) else 0


def skew_angle(ink: np.ndarray) -> float:
    """The small rotation (degrees, counter-clockwise positive as cv2 uses it) that levels the page."""
    small = _shrink(ink, 1000)
    best = _best_angle(small, np.arange(-MAX_SKEW_DEGREES, MAX_SKEW_DEGREES + 0.01, 0.25))
    return _best_angle(small, np.arange(best - 0.25, best + 0.26, 0.05))


def _best_angle(ink: np.ndarray, angles) -> float:
    height, width = ink.shape[:2]
    centre = (width / 2, height / 2)
    scores = []
    for angle in angles:
        matrix = cv2.getRotationMatrix2D(centre, float(angle), 1.0)
        rotated = cv2.warpAffine(ink, matrix, (width, height), flags=cv2.INTER_NEAREST, borderValue=0)
        profile = rotated.sum(axis=1, dtype=np.float64)
        scores.append(float(np.sum(np.diff(profile) ** 2)))
    return float(angles[int(np.argmax(scores))])


def rotate(grey: np.ndarray, angle: float) -> np.ndarray:
    """Rotate about the centre, growing the canvas so no corner is cut, filling with paper white."""
    if abs(angle) < 0.1:
        return grey
    height, width = grey.shape[:2]
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    cos, sin = abs(matrix[0, 0]), abs(matrix[0, 1])
    new_w, new_h = int(height * sin + width * cos), int(height * cos + width * sin)
    matrix[0, 2] += new_w / 2 - width / 2
    matrix[1, 2] += new_h / 2 - height / 2
    return cv2.warpAffine(grey, matrix, (new_w, new_h), flags=cv2.INTER_LINEAR, borderValue=255)


def turn(grey: np.ndarray, quarters: int) -> np.ndarray:
    """Quarter turns clockwise."""
    quarters %= 4
    if quarters == 0:
        return grey
    codes = {1: cv2.ROTATE_90_CLOCKWISE, 2: cv2.ROTATE_180, 3: cv2.ROTATE_90_COUNTERCLOCKWISE}
    return cv2.rotate(grey, codes[quarters])
