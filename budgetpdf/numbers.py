"""Printed numbers to exact Decimals. Blank and dashes are "no value", never zero."""

import re
from decimal import Decimal, InvalidOperation

BLANKS = {"", "-", "—", "--", "——", "－", "/", "—-"}
AMOUNT_RE = re.compile(r"^[-－]?\d{1,3}(?:,\d{3})*(?:\.\d+)?$|^[-－]?\d+(?:\.\d+)?$")
SPACES_RE = re.compile(r"\s+")
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def strip_control(text: str) -> str:
    """Control characters some PDFs put in their text layer (NUL among them) are not text."""
    return CONTROL_RE.sub("", text)


def normalise(text: str | None) -> str:
    """Remove the spaces that wrapping or OCR put inside a printed number."""
    if text is None:
        return ""
    return SPACES_RE.sub("", text).replace("，", ",").replace("．", ".")


def is_amount(text: str | None) -> bool:
    return bool(AMOUNT_RE.match(normalise(text)))


def parse_amount(text: str | None) -> Decimal | None:
    """'2,743.11' -> Decimal('2743.11'); '1, 294. 48' -> Decimal('1294.48'); '-' or '' -> None."""
    cleaned = normalise(text)
    if cleaned in BLANKS or not AMOUNT_RE.match(cleaned):
        return None
    try:
        return Decimal(cleaned.replace(",", "").replace("－", "-"))
    except InvalidOperation:
        return None


NUMBER_IN_TEXT_RE = re.compile(r"[-+]?\d[\d,]*(?:\.\d+)?")


def first_number(text: str | None) -> Decimal | None:
    """The first number in a text such as '≥90%' or '5590个'; None when there is none."""
    match = NUMBER_IN_TEXT_RE.search(normalise(text))
    if not match:
        return None
    try:
        return Decimal(match.group(0).replace(",", ""))
    except InvalidOperation:
        return None
