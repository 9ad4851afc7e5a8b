"""The narrative as the rules read it: the sentences of the pages that hold no table, read once per report.

The narrative rules compare what a sentence states with itself, with other
sentences and with the tables; they never read a table page as narrative, whose
headers ("科目科目", "金额单位：万元") would read as slips of the pen.
"""

import re
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from ..model import PageText, Table
from ..narrative import NarrativeSentence, read_sentences
from .registry import Evidence


def table_pages(tables: list[Table]) -> set[int]:
    return {page for table in tables for page in table.pages}


def narrative_pages(pages: list[PageText], tables: list[Table]) -> tuple[tuple[int, str], ...]:
    printed_tables = table_pages(tables)
    return tuple((page.number, page.text) for page in pages if page.number not in printed_tables)


@lru_cache(maxsize=16)
def _sentences(pages: tuple[tuple[int, str], ...]) -> tuple[NarrativeSentence, ...]:
    return tuple(read_sentences(pages))


def narrative_sentences(evidence: Evidence) -> tuple[NarrativeSentence, ...]:
    """The sentences of the narrative pages, in order (cached: every narrative rule reads the same ones)."""
    return _sentences(narrative_pages(evidence.pages, evidence.tables))


def places_of(decimal: Decimal) -> int:
    exponent = decimal.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def half_unit(decimal: Decimal) -> Decimal:
    """Half a unit of the last printed place: how far a correctly rounded figure can be from the exact one."""
    return Decimal(5).scaleb(-places_of(decimal) - 1)


def rounded_like(value: Decimal, printed: Decimal) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places_of(printed)), rounding=ROUND_HALF_UP)


# A line holding only amounts: numbers the text layer set apart from the sentence they belong to.
_NUMBER = r"\d[\d,]*(?:\.\d+)?%?"
DISPLACED_NUMBERS = re.compile(rf"^\s*(?:{_NUMBER}(?:\s+{_NUMBER})+|\d[\d,]*\.\d+)\s*$", re.MULTILINE)
TABLE_MARKS = re.compile(r"[≤≥＝=]|\s-\s|\s{2,}")


def is_prose(sentence: NarrativeSentence) -> bool:
    """A sentence as a writer wrote it, not the cells of a table the page reader did not see as one."""
    text = sentence.text.strip()
    return bool(text) and text[-1] in "。；;！？" and not TABLE_MARKS.search(text)


def pages_with_displaced_numbers(evidence: Evidence) -> set[int]:
    """Pages whose text layer prints amounts on lines of their own, away from their 万元."""
    return {page.number for page in evidence.pages if DISPLACED_NUMBERS.search(page.text)}
