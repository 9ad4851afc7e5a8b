"""Printed numbers to exact Decimals. Blank and dashes are "no value", never zero.

Each printed form is read exactly or refused (None), never guessed: a minus may be ASCII, U+2212 or
full-width; an amount in parentheses is negative (accounting style); spaces left by wrapping are removed
only beside a separator, so "100 200" (two numbers, or a misread) is refused, as is "90，95" (not a
thousands group); ".5" is 0.5.
"""

import re
from decimal import Decimal, InvalidOperation

BLANKS = {"", "-", "—", "--", "——", "－", "/", "—-", "−"}
MINUS_SIGNS = str.maketrans({"−": "-", "－": "-", "﹣": "-", "，": ",", "．": ".", "（": "(", "）": ")"})
UNSIGNED = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+"
AMOUNT_RE = re.compile(rf"^-?(?:{UNSIGNED})$")
ACCOUNTING_RE = re.compile(rf"^\((?P<digits>{UNSIGNED})\)$")
SPACES_RE = re.compile(r"\s+")
SPACES_BESIDE_SEPARATOR_RE = re.compile(r"\s*([,.])\s*")
SPACES_AFTER_SIGN_RE = re.compile(r"^([-(])\s+")
SPACES_BEFORE_CLOSE_RE = re.compile(r"\s+\)$")
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def strip_control(text: str) -> str:
    """Control characters some PDFs put in their text layer (NUL among them) are not text."""
    return CONTROL_RE.sub("", text)


def normalise(text: str | None) -> str:
    """One spelling of a printed number: ASCII signs and separators, no spaces beside a separator.

    A space between two runs of digits is kept, so that the result is refused rather than joined.
    """
    if text is None:
        return ""
    cleaned = text.strip().translate(MINUS_SIGNS)
    cleaned = SPACES_BESIDE_SEPARATOR_RE.sub(r"\1", cleaned)
    cleaned = SPACES_AFTER_SIGN_RE.sub(r"\1", cleaned)
    return SPACES_BEFORE_CLOSE_RE.sub(")", cleaned)


def is_amount(text: str | None) -> bool:
    cleaned = normalise(text)
    return bool(AMOUNT_RE.match(cleaned) or ACCOUNTING_RE.match(cleaned))


def parse_amount(text: str | None) -> Decimal | None:
    """'2,743.11' -> 2743.11; '1, 294. 48' -> 1294.48; '−12.30' and '(12.30)' -> -12.30; '-' or '' -> None."""
    if text is None or text.strip() in BLANKS:
        return None
    cleaned = normalise(text)
    accounting = ACCOUNTING_RE.match(cleaned)
    if accounting:
        cleaned = "-" + accounting.group("digits")
    elif not AMOUNT_RE.match(cleaned):
        return None
    try:
        return Decimal(cleaned.replace(",", ""))
    except InvalidOperation:
        return None


NUMBER_IN_TEXT_RE = re.compile(rf"[-+]?(?:{UNSIGNED})")
AMBIGUOUS_AFTER_RE = re.compile(r"^(?:,\d|\s+\d|\d)")


def first_number(text: str | None) -> Decimal | None:
    """The first number in a text such as '≥90%' or '5590个'; None when there is none or it is ambiguous
    ('90，95', '100 200')."""
    cleaned = normalise(text)
    match = NUMBER_IN_TEXT_RE.search(cleaned)
    if not match or AMBIGUOUS_AFTER_RE.match(cleaned[match.end() :]):
        return None
    try:
        return Decimal(match.group(0).replace(",", ""))
    except InvalidOperation:
        return None
