"""Small synthetic page images for the OCR tests, drawn with numpy, OpenCV and PIL."""

from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

FONTS = [
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
]


def cjk_font(size: int):
    for path in FONTS:
        if path.exists():
            return ImageFont.truetype(str(path), size)
    return None


def ruled_table(rows: int, columns: int, *, cell=(120, 40), origin=(40, 60), size=(700, 400)) -> np.ndarray:
    """A white page with a fully ruled table of rows x columns cells, lines 2 px wide."""
    page = np.full((size[1], size[0]), 255, dtype=np.uint8)
    x0, y0 = origin
    width, height = cell
    for r in range(rows + 1):
        y = y0 + r * height
        page[y : y + 2, x0 : x0 + columns * width + 2] = 0
    for c in range(columns + 1):
        x = x0 + c * width
        page[y0 : y0 + rows * height + 2, x : x + 2] = 0
    return page


def table_page(cells: list[list[str]], *, scale: float, font_size: int = 22) -> Image.Image | None:
    """A ruled table with the given texts, drawn as a scanned page at `scale` pixels per point."""
    font = cjk_font(font_size)
    if font is None:
        return None
    widths = [260, 140, 140]
    height = 44
    x0, y0 = 40, 100
    image = Image.new("L", (x0 * 2 + sum(widths), y0 + height * len(cells) + 80), 255)
    draw = ImageDraw.Draw(image)
    draw.text((x0, 30), "2023年度收入决算表", font=cjk_font(30), fill=0)
    for r, row in enumerate(cells):
        top = y0 + r * height
        left = x0
        for c, text in enumerate(row):
            draw.rectangle([left, top, left + widths[c], top + height], outline=0, width=2)
            x = left + 8 if c == 0 else left + widths[c] - 8 - draw.textlength(text, font=font)
            draw.text((x, top + 9), text, font=font, fill=0)
            left += widths[c]
    return image
