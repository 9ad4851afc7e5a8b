"""Pages with a text layer that also print a table as a picture: the picture is read by OCR, the rest from the text.

Such a page (a scanned table pasted under a typed note, say) has text, so it is not an image page;
yet its table is only in the picture. A picture in which the grid finder sees a ruled table is
recognised, and its glyphs and rulings replace whatever the text layer has there; outside it the
text layer is kept as it is. A picture with no ruled table (a chart, a photo) is not recognised.
"""

import numpy as np

from ..pages import Page
from . import grid, image

# A picture at least this share of the page's width and height may be a table.
MIN_WIDTH_SHARE = 0.4
MIN_HEIGHT_SHARE = 0.08
# A ruling drawn on the picture's border is found up to this far outside it (points).
EDGE_PT = 3.0


def image_table_boxes(page: Page) -> list[tuple[float, float, float, float]]:
    """The pictures on a text page large enough to be a table and with no text of the layer over them
    (text over a picture is a letterhead or a background, read from the text)."""
    if not page.chars:
        return []
    boxes = []
    for x0, top, x1, bottom in page.image_boxes:
        x0, top, x1, bottom = max(x0, 0), max(top, 0), min(x1, page.width), min(bottom, page.height)
        if x1 - x0 < MIN_WIDTH_SHARE * page.width or bottom - top < MIN_HEIGHT_SHARE * page.height:
            continue
        if any(_inside(char, (x0, top, x1, bottom)) for char in page.chars):
            continue
        boxes.append((x0, top, x1, bottom))
    return boxes


def ruled_pictures(grey: np.ndarray, scale: float, boxes: list) -> list[tuple[float, float, float, float]]:
    """The pictures (boxes in points on a page image of `scale` pixels per point) that hold a ruled table."""
    found = []
    for box in boxes:
        x0, top, x1, bottom = (int(round(v * scale)) for v in box)
        crop = grey[max(top, 0) : bottom, max(x0, 0) : x1]
        if crop.size == 0:
            continue
        rulings = grid.find_rulings(image.binarise(crop), scale)
        if sum(r.orientation == "h" for r in rulings) >= 2 and sum(r.orientation == "v" for r in rulings) >= 2:
            found.append(box)
    return found


def only_pictures(grey: np.ndarray, scale: float, boxes: list) -> np.ndarray:
    """The page image with everything outside the pictures painted paper white, so only they are recognised."""
    kept = np.full_like(grey, 255)
    for box in boxes:
        x0, top, x1, bottom = (int(round(v * scale)) for v in box)
        kept[max(top, 0) : bottom, max(x0, 0) : x1] = grey[max(top, 0) : bottom, max(x0, 0) : x1]
    return kept


def _inside(item: dict, box: tuple[float, float, float, float], margin: float = 0.0) -> bool:
    x = (item["x0"] + item["x1"]) / 2
    y = (item["top"] + item["bottom"]) / 2
    return box[0] - margin <= x <= box[2] + margin and box[1] - margin <= y <= box[3] + margin


def combine(recognised: Page, text_page: Page, boxes: list[tuple[float, float, float, float]]) -> Page:
    """The text layer outside the pictures, OCR's glyphs and rulings inside them, as one OCR page."""
    kept = [{**char, "confidence": 1.0, "raw": char["text"]} for char in text_page.chars if not _in_any(char, boxes)]
    read = [char for char in recognised.chars if _in_any(char, boxes, EDGE_PT)]
    edges = [edge for edge in text_page.edges if not _in_any(edge, boxes)]
    edges += [edge for edge in recognised.edges if _in_any(edge, boxes, EDGE_PT)]
    return Page(
        number=text_page.number,
        width=text_page.width,
        height=text_page.height,
        chars=kept + read,
        edges=edges,
        images=text_page.images,
        source="ocr",
        notes=recognised.notes,
        image_boxes=text_page.image_boxes,
    )


def _in_any(item: dict, boxes, margin: float = 0.0) -> bool:
    return any(_inside(item, box, margin) for box in boxes)
