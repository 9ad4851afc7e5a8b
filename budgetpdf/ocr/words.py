"""Recognised words: split where a ruling crosses them, mapped into cells, and cut into per-glyph boxes.

The recogniser reads a line of text and gives one box for it; the parser wants glyphs. Each
glyph's box is its share of the word's width (a CJK glyph is one em, a digit or Latin letter a
little over half), and carries the word's confidence and the word's raw reading.
"""

from dataclasses import dataclass, replace

from .grid import Ruling
from .shapes import looks_numeric, normalise_number, normalise_text, number_glyph

NARROW = 0.55


@dataclass(frozen=True)
class Word:
    text: str
    confidence: float
    x0: float
    top: float
    x1: float
    bottom: float
    raw: str = ""
    # (glyph, x0, x1, confidence) where the recogniser placed each glyph; empty when it did not say
    glyphs: tuple[tuple[str, float, float, float], ...] = ()

    @property
    def centre(self) -> tuple[float, float]:
        return (self.x0 + self.x1) / 2, (self.top + self.bottom) / 2


def words_from_result(result) -> list[Word]:
    """RapidOCR's [[points, text, score], ...] as axis-aligned words, pixel coordinates."""
    words = []
    for item in result or []:
        points, text, score = item[:3]
        xs = [p[0] for p in points]
        ys = [p[1] for p in points]
        if not text.strip():
            continue
        glyphs = ()
        if len(item) >= 6 and "".join(item[4]) == text.replace(" ", ""):
            glyphs = tuple(
                (char, float(min(p[0] for p in box)), float(max(p[0] for p in box)), float(conf))
                for box, char, conf in zip(item[3], item[4], item[5], strict=True)
            )
        words.append(
            Word(text.strip(), float(score), min(xs), min(ys), max(xs), max(ys), raw=text.strip(), glyphs=glyphs)
        )
    return words


def glyph_width(char: str) -> float:
    if char.isspace():
        return NARROW
    return 1.0 if ord(char) > 0x2E7F else NARROW


def _offsets(text: str) -> list[float]:
    """Each glyph's left edge as a fraction of the word's width, with 1.0 appended."""
    widths = [glyph_width(c) for c in text]
    total = sum(widths) or 1.0
    offsets, run = [], 0.0
    for width in widths:
        offsets.append(run / total)
        run += width
    return [*offsets, 1.0]


def split_at_rulings(words: list[Word], rulings: list[Ruling], margin: float = 4.0) -> list[Word]:
    """A word the recogniser ran across a vertical ruling is two cells' texts: cut it at the ruling."""
    verticals = [r for r in rulings if r.orientation == "v"]
    result = []
    for word in words:
        pieces = [word]
        for ruling in sorted(verticals, key=lambda r: r.x0):
            last = pieces[-1]
            _, middle = last.centre
            if not (last.x0 + margin < ruling.x0 < last.x1 - margin and ruling.top <= middle <= ruling.bottom):
                continue
            pieces[-1:] = _cut(last, ruling.x0)
        result.extend(p for p in pieces if p.text.strip())
    return [w for w in result if not any(other is not w and _covers(other, w) for other in result)]


def _covers(other: Word, word: Word) -> bool:
    """`other` lies over most of a shorter `word`: the detector boxed the same glyphs twice."""
    if len(other.text) <= len(word.text):
        return False
    across = min(other.x1, word.x1) - max(other.x0, word.x0)
    down = min(other.bottom, word.bottom) - max(other.top, word.top)
    return across > 0.6 * (word.x1 - word.x0) and down > 0.5 * (word.bottom - word.top)


def _cut(word: Word, x: float) -> list[Word]:
    if word.glyphs:
        return _cut_glyphs(word, x)
    offsets = _offsets(word.text)
    width = word.x1 - word.x0
    fraction = (x - word.x0) / width if width else 0.5
    index = min(range(len(word.text) + 1), key=lambda i: abs(offsets[i] - fraction))
    # a space within a glyph of the cut is where the cell border really is
    for near in (index, index - 1, index + 1):
        if 0 < near < len(word.text) and word.text[near] == " ":
            index = near
            break
    if index <= 0 or index >= len(word.text):
        return [word]
    left_text, right_text = word.text[:index].strip(), word.text[index:].strip()
    cut_x = word.x0 + offsets[index] * width
    return [
        replace(word, text=left_text, x1=min(cut_x, x - 1), raw=left_text),
        replace(word, text=right_text, x0=max(cut_x, x + 1), raw=right_text),
    ]


def _cut_glyphs(word: Word, x: float) -> list[Word]:
    left = tuple(g for g in word.glyphs if (g[1] + g[2]) / 2 < x)
    right = tuple(g for g in word.glyphs if (g[1] + g[2]) / 2 >= x)
    if not left or not right:
        return [word]
    pieces = []
    for glyphs in (left, right):
        text = "".join(g[0] for g in glyphs)
        pieces.append(
            replace(
                word,
                text=text,
                raw=text,
                glyphs=glyphs,
                x0=glyphs[0][1],
                x1=glyphs[-1][2],
                confidence=min(g[3] for g in glyphs),
            )
        )
    return pieces


def words_to_cells(words: list[Word], cells: list[list[tuple[float, float, float, float] | None]]) -> dict:
    """Each word into the cell that holds its centre: {(row, column): text}, words in reading order."""
    found: dict[tuple[int, int], list[Word]] = {}
    for word in words:
        x, y = word.centre
        for r, row in enumerate(cells):
            for c, box in enumerate(row):
                if box and box[0] <= x <= box[2] and box[1] <= y <= box[3]:
                    found.setdefault((r, c), []).append(word)
    return {
        key: "".join(w.text for w in sorted(ws, key=lambda w: (round(w.top / 8), w.x0))) for key, ws in found.items()
    }


def chars_from_words(words: list[Word], scale: float, height_pt: float) -> list[dict]:
    """pdfplumber char dicts in PDF points, one per glyph, each with the recogniser's confidence."""
    return _without_doubled_marks(_chars_from_words(words, scale, height_pt))


def _without_doubled_marks(chars: list[dict]) -> list[dict]:
    """A decimal point or comma the detector put at the end of one box of a number and again at the start
    of the next ('1,124.' '.34') is printed once: the second is dropped. Each box's own reading stays in
    `raw`, so the value's reading matches neither box alone and it is only confirmed by an identity."""
    ending = {}
    for char in chars:
        if char["text"] in ".," and _ends_number(char["raw"], char["text"]):
            ending.setdefault(char["text"], []).append(char)
    doubled = set()
    for char in chars:
        if char["text"] not in ending or not _starts_number(char["raw"], char["text"]):
            continue
        height = char["bottom"] - char["top"]
        for mark in ending[char["text"]]:
            beside = 0 <= char["x0"] - mark["x0"] <= max(height, mark["x1"] - mark["x0"] + 1)
            level = abs((mark["top"] + mark["bottom"]) / 2 - (char["top"] + char["bottom"]) / 2) < height / 2
            if mark is not char and mark["raw"] != char["raw"] and beside and level:
                doubled.add(id(char))
    return [char for char in chars if id(char) not in doubled]


def _ends_number(raw: str, mark: str) -> bool:
    raw = raw.strip()
    return looks_numeric(raw) and number_glyph(raw[-1]) == mark and any(c.isdigit() for c in raw)


def _starts_number(raw: str, mark: str) -> bool:
    raw = raw.strip()
    return looks_numeric(raw) and number_glyph(raw[0]) == mark


def _chars_from_words(words: list[Word], scale: float, height_pt: float) -> list[dict]:
    chars = []
    for word in words:
        if word.glyphs:
            chars.extend(_glyph_chars(word, scale, height_pt))
            continue
        text = normalise_text(word.text)
        offsets = _offsets(text)
        x0, x1 = word.x0 / scale, word.x1 / scale
        top, bottom = word.top / scale, word.bottom / scale
        size = bottom - top
        for index, char in enumerate(text):
            if char.isspace():
                continue
            left = x0 + offsets[index] * (x1 - x0)
            right = x0 + offsets[index + 1] * (x1 - x0)
            chars.append(_char(char, left, top, right, bottom, size, height_pt, word))
    return chars


def _glyph_chars(word: Word, scale: float, height_pt: float) -> list[dict]:
    """One char per glyph the recogniser placed, its number shape undone, with that glyph's confidence.

    Glyphs of one recognised line that are closer than half a line height touch, as in a text
    layer, so no space appears between them.
    """
    top, bottom = word.top / scale, word.bottom / scale
    glyphs = [g for g in word.glyphs if not g[0].isspace()]
    if looks_numeric(word.text):
        glyphs, texts = _number_glyphs(glyphs)
    else:
        texts = [normalise_text(g[0]) for g in glyphs]
    chars = []
    for index, (glyph, text) in enumerate(zip(glyphs, texts, strict=True)):
        x1 = glyph[2]
        if index + 1 < len(glyphs) and 0 < glyphs[index + 1][1] - x1 < 0.5 * (word.bottom - word.top):
            x1 = glyphs[index + 1][1]
        char = _char(text, glyph[1] / scale, top, x1 / scale, bottom, bottom - top, height_pt, word)
        char["confidence"] = round(min(glyph[3], word.confidence + 0.05), 4)
        chars.append(char)
    return chars


def _number_glyphs(glyphs: list) -> tuple[list, list[str]]:
    kept, texts = [], []
    for glyph in glyphs:
        text = number_glyph(glyph[0])
        if not text or (texts and text in ".," and texts[-1] == text):
            continue
        kept.append(glyph)
        texts.append(text)
    fixed = normalise_number("".join(texts))
    if len(fixed) == len(texts):
        texts = list(fixed)
    return kept, texts


def _char(text, x0, top, x1, bottom, size, height_pt, word: Word) -> dict:
    return {
        "object_type": "char",
        "text": text,
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "doctop": top,
        "y0": height_pt - bottom,
        "y1": height_pt - top,
        "width": x1 - x0,
        "height": bottom - top,
        "size": size,
        "upright": True,
        "fontname": "OCR",
        "adv": x1 - x0,
        "matrix": (1, 0, 0, 1, x0, height_pt - bottom),
        "confidence": round(word.confidence, 4),
        "raw": word.raw,
    }
