"""Table rulings from the page image, and row/column boundaries from text alignment where there are none.

Rulings are the long horizontal and vertical runs of ink that survive a morphological opening with
a long thin kernel; text strokes are far shorter. Each ruling becomes a pdfplumber edge in PDF
points, so pdfplumber's table finder builds the cells exactly as it does for a text-layer page.
"""

from dataclasses import dataclass

import cv2
import numpy as np

# Shortest ruling, in PDF points: longer than any stroke of a 12 pt glyph.
MIN_HORIZONTAL_PT = 24.0
MIN_VERTICAL_PT = 14.0
MAX_THICKNESS_PT = 3.0
# A horizontal line this long is a ruling even where no vertical ruling meets it.
LONG_HORIZONTAL_PT = 150.0
# Narrowest ruled structure taken for a table.
MIN_TABLE_PT = 72.0
# Lowest ruled structure with vertical rulings taken for a table: two rows of small print. The strokes
# of a line of bold title glyphs can join into a structure as wide as a table, never this tall.
MIN_TABLE_HEIGHT_PT = 24.0


@dataclass(frozen=True)
class Ruling:
    """A ruling line in pixels: horizontal when y0 == y1 after levelling, vertical when x0 == x1."""

    orientation: str  # "h" | "v"
    x0: float
    top: float
    x1: float
    bottom: float
    thickness: float = 1.0


def find_rulings(ink: np.ndarray, scale: float) -> list[Ruling]:
    """Horizontal and vertical rulings on a levelled binarised page (ink 255), in pixel coordinates.

    A run only counts as a ruling when it meets the other direction's rulings as a table's lines
    do: a vertical one crosses two horizontal ones, a horizontal one crosses a vertical one or is
    long. The strokes of a large title glyph meet nothing.
    """
    limit = max(MAX_THICKNESS_PT * scale, 3)
    horizontal = [
        Ruling("h", x, y + h / 2, x + w, y + h / 2, h)
        for x, y, w, h in _boxes(_runs(ink, (max(int(MIN_HORIZONTAL_PT * scale), 8), 1)))
        if h <= limit
    ]
    vertical = [
        Ruling("v", x + w / 2, y, x + w / 2, y + h, w)
        for x, y, w, h in _boxes(_runs(ink, (1, max(int(MIN_VERTICAL_PT * scale), 8))))
        if w <= limit
    ]
    reach = max(2.0 * scale, 3)
    vertical = [v for v in vertical if sum(_cross(h, v, reach) for h in horizontal) >= 2]
    long = LONG_HORIZONTAL_PT * scale
    horizontal = [h for h in horizontal if h.x1 - h.x0 >= long or any(_cross(h, v, reach) for v in vertical)]
    return _in_tables(horizontal, vertical, reach, (MIN_TABLE_PT * scale, MIN_TABLE_HEIGHT_PT * scale))


def _in_tables(
    horizontal: list[Ruling], vertical: list[Ruling], reach: float, smallest: tuple[float, float]
) -> list[Ruling]:
    """The rulings of connected line structures at least `smallest` (width, height) in size: a table,
    not a bold glyph or a line of them. A lone long horizontal line needs only the width."""
    rulings = horizontal + vertical
    parent = list(range(len(rulings)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, h in enumerate(horizontal):
        for j, v in enumerate(vertical, start=len(horizontal)):
            if _cross(h, v, reach):
                parent[root(i)] = root(j)
    clusters: dict[int, list[Ruling]] = {}
    for i, ruling in enumerate(rulings):
        clusters.setdefault(root(i), []).append(ruling)
    kept = []
    for members in clusters.values():
        wide = max(r.x1 for r in members) - min(r.x0 for r in members) >= smallest[0]
        tall = max(r.bottom for r in members) - min(r.top for r in members) >= smallest[1]
        if wide and (tall or all(r.orientation == "h" for r in members)):
            kept.extend(members)
    return kept


def _cross(h: Ruling, v: Ruling, reach: float) -> bool:
    return h.x0 - reach <= v.x0 <= h.x1 + reach and v.top - reach <= h.top <= v.bottom + reach


def ruling_mask(shape: tuple[int, ...], rulings: list[Ruling], scale: float = 200 / 72) -> np.ndarray:
    """The pixels of the rulings, widened by about a point, so they can be painted out before recognition.

    The widening takes the grey halo that blur and JPEG leave beside a scanned line, which the
    recogniser would otherwise read as a 1 or a 2 at the end of a code.
    """
    mask = np.zeros(shape[:2], dtype=np.uint8)
    margin = max(1.5, 0.9 * scale)
    for ruling in rulings:
        half = ruling.thickness / 2 + margin
        if ruling.orientation == "h":
            corners = (int(ruling.x0), int(ruling.top - half)), (int(ruling.x1), int(ruling.top + half + 0.5))
        else:
            corners = (int(ruling.x0 - half), int(ruling.top)), (int(ruling.x0 + half + 0.5), int(ruling.bottom))
        cv2.rectangle(mask, corners[0], corners[1], 255, thickness=-1)
    return mask


def _runs(ink: np.ndarray, kernel: tuple[int, int]) -> np.ndarray:
    element = cv2.getStructuringElement(cv2.MORPH_RECT, kernel)
    # Closing first bridges the one-pixel breaks that blur and JPEG leave in a scanned line.
    bridge = (3, 1) if kernel[0] > 1 else (1, 3)
    closed = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, bridge))
    return cv2.morphologyEx(closed, cv2.MORPH_OPEN, element)


def _boxes(mask: np.ndarray) -> list[tuple[int, int, int, int]]:
    count, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    return [(int(x), int(y), int(w), int(h)) for x, y, w, h, _ in stats[1:count]]


def edges_from_rulings(rulings: list[Ruling], scale: float, height_pt: float) -> list[dict]:
    """pdfplumber edge dicts in PDF points; each ruling is extended by a point so crossings meet."""
    reach = 1.0
    edges = []
    for ruling in rulings:
        x0, x1 = ruling.x0 / scale, ruling.x1 / scale
        top, bottom = ruling.top / scale, ruling.bottom / scale
        if ruling.orientation == "h":
            x0, x1 = x0 - reach, x1 + reach
        else:
            top, bottom = top - reach, bottom + reach
        edges.append(edge(ruling.orientation, x0, top, x1, bottom, height_pt))
    return edges


def edge(orientation: str, x0: float, top: float, x1: float, bottom: float, height_pt: float) -> dict:
    return {
        "object_type": "line",
        "orientation": orientation,
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "doctop": top,
        "y0": height_pt - bottom,
        "y1": height_pt - top,
        "width": x1 - x0,
        "height": bottom - top,
        "linewidth": 1,
    }


def rulings_from_alignment(boxes: list[tuple[float, float, float, float]], min_columns: int = 3) -> list[Ruling]:
    """Row and column boundaries for a table printed without lines, from where its words line up.

    `boxes` are word boxes (x0, top, x1, bottom). Rows are runs of words that overlap vertically;
    the table is the longest run of consecutive rows with at least `min_columns` words; its columns
    are the gaps that no word in the table crosses.
    """
    rows = _rows(boxes)
    table = _longest_table(rows, min_columns)
    if len(table) < 2:
        return []
    left = min(b[0] for row in table for b in row)
    right = max(b[2] for row in table for b in row)
    top = min(b[1] for b in table[0])
    bottom = max(b[3] for b in table[-1])
    rulings = [Ruling("h", left - 2, top - 2, right + 2, top - 2)]
    for upper, lower in zip(table, table[1:], strict=False):
        y = (max(b[3] for b in upper) + min(b[1] for b in lower)) / 2
        rulings.append(Ruling("h", left - 2, y, right + 2, y))
    rulings.append(Ruling("h", left - 2, bottom + 2, right + 2, bottom + 2))
    for x in [left - 2, *_column_gaps([b for row in table for b in row], left, right), right + 2]:
        rulings.append(Ruling("v", x, top - 2, x, bottom + 2))
    return rulings


def _rows(boxes):
    rows: list[list] = []
    for box in sorted(boxes, key=lambda b: (b[1] + b[3]) / 2):
        centre = (box[1] + box[3]) / 2
        if rows and rows[-1][0][1] <= centre <= rows[-1][0][3]:
            rows[-1].append(box)
        else:
            rows.append([box])
    return rows


def _longest_table(rows, min_columns):
    best: list = []
    current: list = []
    for row in rows:
        if len(row) >= min_columns:
            current.append(row)
            if len(current) > len(best):
                best = list(current)
        else:
            current = []
    return best


def _column_gaps(boxes, left: float, right: float) -> list[float]:
    width = int(right - left) + 1
    covered = np.zeros(width, dtype=bool)
    for x0, _, x1, _ in boxes:
        covered[max(int(x0 - left), 0) : max(int(x1 - left) + 1, 0)] = True
    gaps, start = [], None
    for index, filled in enumerate(covered):
        if not filled and start is None:
            start = index
        elif filled and start is not None:
            gaps.append(left + (start + index) / 2)
            start = None
    return gaps
