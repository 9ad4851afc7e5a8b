"""Page text to sentences: wrapped lines joined, headings and page numbers kept apart.

A narrative page's text layer (or its OCR) breaks lines where the page is full,
often inside a number ("2,743.\\n11万元"); a sentence is what runs to 。！？,
whatever the lines (a "；" separates the items of a list, so it does not end one).
Headings ("一、收入支出决算总体情况说明") end at their line.
A sentence left open at the foot of a page continues on the next one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

SENTENCE_END = "。！？!?"
# Digits, the decimal point and the percent sign in their full-width forms, mapped one to one.
FULL_WIDTH = str.maketrans({**{chr(0xFF10 + d): str(d) for d in range(10)}, "．": ".", "％": "%", "＋": "+", "－": "-"})
ENUMERATION = re.compile(
    r"^\s*(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）]|\d+[、.．](?!\d))"
)
PAGE_NUMBER = re.compile(r"^\s*[-—–]?\s*\d{1,3}\s*[-—–]?\s*$|^\s*第\s*\d+\s*页.*$")
HEADING_LENGTH = 40


@dataclass(frozen=True)
class Line:
    page: int
    text: str


@dataclass(frozen=True)
class Sentence:
    """One sentence as printed (line breaks removed), with the page it starts on."""

    page: int
    text: str
    pages: tuple[int, ...] = ()

    @property
    def normalized(self) -> str:
        """The text with full-width digits, point and percent made half-width (same length, same offsets)."""
        return normalize(self.text)


def normalize(text: str) -> str:
    return text.translate(FULL_WIDTH)


def is_heading(line: str) -> bool:
    stripped = line.strip()
    return (
        bool(ENUMERATION.match(stripped))
        and len(stripped) <= HEADING_LENGTH
        and not any(mark in stripped for mark in SENTENCE_END + "；;，,：:")
    )


def _join(left: str, right: str) -> str:
    """Join a wrapped line to the next: no space between CJK text or inside a number, one between Latin words."""
    if left and right and left[-1].isascii() and left[-1].isalpha() and right[0].isascii() and right[0].isalpha():
        return left + " " + right
    return left + right


def _lines(pages: Iterable[tuple[int, str]]) -> Iterable[Line]:
    for page, text in pages:
        for raw in text.splitlines():
            if raw.strip() and not PAGE_NUMBER.match(raw):
                yield Line(page, raw.strip())


def split_sentences(pages: Iterable[tuple[int, str]]) -> list[Sentence]:
    """The sentences of consecutive pages, in order; each remembers the pages it runs over."""
    sentences: list[Sentence] = []
    buffer, buffer_pages = "", []

    def flush():
        nonlocal buffer, buffer_pages
        if buffer.strip():
            sentences.append(Sentence(buffer_pages[0], buffer.strip(), tuple(dict.fromkeys(buffer_pages))))
        buffer, buffer_pages = "", []

    for line in _lines(pages):
        if is_heading(line.text) or ENUMERATION.match(line.text):
            flush()
        if is_heading(line.text):
            sentences.append(Sentence(line.page, line.text, (line.page,)))
            continue
        for piece in _pieces(line.text):
            buffer = _join(buffer, piece)
            buffer_pages.append(line.page)
            if piece[-1] in SENTENCE_END:
                flush()
    flush()
    return sentences


def _pieces(text: str) -> list[str]:
    """A line cut after each sentence end it contains (the last piece may be left open)."""
    pieces, start = [], 0
    for index, char in enumerate(text):
        if char in SENTENCE_END:
            pieces.append(text[start : index + 1])
            start = index + 1
    if start < len(text):
        pieces.append(text[start:])
    return [piece for piece in pieces if piece.strip()]
