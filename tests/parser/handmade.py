"""Pages made by hand: glyphs and ruling lines as pdfplumber gives them, for grids small enough to read in a test."""

from budgetpdf.pages import Page

GLYPH = 8.0  # width and height of one glyph, in points


def glyphs(text: str, x: float, top: float) -> list[dict]:
    """The characters of `text` set on one line from (x, top)."""
    return [
        {
            "text": char,
            "x0": x + i * GLYPH,
            "x1": x + (i + 1) * GLYPH,
            "top": top,
            "bottom": top + GLYPH,
            "doctop": top,
            "upright": True,
            "size": GLYPH,
            "width": GLYPH,
            "height": GLYPH,
            "object_type": "char",
        }
        for i, char in enumerate(text)
    ]


def edge(x0: float, top: float, x1: float, bottom: float) -> dict:
    horizontal = top == bottom
    return {
        "orientation": "h" if horizontal else "v",
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "width": x1 - x0,
        "height": bottom - top,
        "object_type": "line",
    }


def ruled_grid(cells: list[list[str]], *, left: float, top: float, widths: list[float], height: float = 20.0):
    """The glyphs and ruling lines of a grid of one-line cells, and its bottom."""
    chars: list[dict] = []
    edges: list[dict] = []
    right = left + sum(widths)
    bottom = top + height * len(cells)
    for r, row in enumerate(cells):
        x = left
        for text, width in zip(row, widths, strict=True):
            chars.extend(glyphs(text, x + 2, top + r * height + 6))
            x += width
    for r in range(len(cells) + 1):
        edges.append(edge(left, top + r * height, right, top + r * height))
    x = left
    for width in [0, *widths]:
        x += width
        edges.append(edge(x, top, x, bottom))
    return chars, edges, bottom


def page_with_grid(
    cells: list[list[str]],
    *,
    above: list[str] = (),
    below: list[str] = (),
    widths: list[float] | None = None,
    number: int = 1,
) -> Page:
    """A page with caption lines, one ruled grid and lines under it."""
    chars: list[dict] = []
    top = 40.0
    for line in above:
        chars.extend(glyphs(line, 40, top))
        top += 16
    grid_chars, edges, bottom = ruled_grid(
        cells, left=40, top=top + 6, widths=widths or [120.0] * max(len(row) for row in cells)
    )
    chars.extend(grid_chars)
    top = bottom + 8
    for line in below:
        chars.extend(glyphs(line, 40, top))
        top += 16
    return Page(number=number, width=842, height=595, chars=chars, edges=edges)
