"""The shapes OCR gives printed numbers, brought back to the printed digits.

Only unambiguous shape fixes are made here (full-width forms, letters that are digits inside a
number, a doubled decimal point, spaces inside a number). A digit is never changed here: that is
only done where an identity proves it, and the raw reading is kept beside it.
"""

import re

FULL_WIDTH = {chr(0xFF10 + d): str(d) for d in range(10)} | {
    "，": ",",
    "．": ".",
    "。": ".",
    "－": "-",
    "﹣": "-",
    "−": "-",
    "、": ",",
}
LETTER_DIGITS = {"〇": "0", "O": "0", "o": "0", "D": "0", "Q": "0", "l": "1", "I": "1", "|": "1", "!": "1"}
NUMBERISH_RE = re.compile(r"^[-\d,.\s〇OoDQlI|!，．。－﹣−、０-９]+$")
DIGIT_RE = re.compile(r"\d")


def looks_numeric(text: str) -> bool:
    """A reading that is a number once its OCR shapes are undone: at least one real digit in it."""
    unified = "".join(FULL_WIDTH.get(c, c) for c in text)
    return bool(NUMBERISH_RE.match(text)) and bool(DIGIT_RE.search(unified))


def normalise_number(text: str) -> str:
    """'1，294．48' -> '1,294.48'; '2O1' -> '201'; '1,294..48' -> '1,294.48'; '1, 294. 48' -> '1,294.48'.

    Text that is not a number is returned unchanged.
    """
    if not looks_numeric(text):
        return text
    out = "".join(LETTER_DIGITS.get(c, FULL_WIDTH.get(c, c)) for c in text)
    out = re.sub(r"\s+", "", out)
    out = re.sub(r"\.{2,}", ".", out)
    out = re.sub(r",{2,}", ",", out)
    out = re.sub(r"^,|,$", "", out)
    return _separators(out)


GROUPS_RE = re.compile(r"^(-?)(\d{1,3})((?:[.,]\d{3})+)(?:[.,](\d{1,2}))?$")


def _separators(text: str) -> str:
    """'1.571.31' -> '1,571.31', '1,571,31' -> '1,571.31': groups of three are thousands, a last group
    of one or two digits is the decimals. A plain '1,571.31' or '12.5' is left as it is."""
    match = GROUPS_RE.match(text)
    if not match or text.count(".") + text.count(",") < 2 and "." not in match.group(3):
        return text
    sign, head, groups, decimals = match.groups()
    if decimals is None and "." in groups and groups.count(".") == 1 and "," not in groups:
        return text
    thousands = ",".join(re.findall(r"\d{3}", groups))
    return f"{sign}{head},{thousands}" + (f".{decimals}" if decimals is not None else "")


def normalise_text(text: str) -> str:
    """Full-width digits in names and codes are ASCII in a text layer; letters are left alone outside numbers."""
    if looks_numeric(text):
        return normalise_number(text)
    return "".join(FULL_WIDTH.get(c, c) if "０" <= c <= "９" else c for c in text)


def number_glyph(char: str) -> str:
    """One glyph of a number as the digit or mark it stands for."""
    if char.isspace():
        return ""
    return LETTER_DIGITS.get(char, FULL_WIDTH.get(char, char))
