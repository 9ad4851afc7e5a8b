"""Reading a narrative (情况说明): sentences, and the numbers and statements in them.

Pure functions over page texts (text layer or OCR), no tables and no rules:

    for sentence in read_sentences(pages):          # pages: [(page number, text), ...]
        sentence.amounts, sentence.percentages, sentence.comparisons, ...

Each finding carries the exact quote it was read from and Decimal values; the
rules that compare them with the tables live with the other checks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from . import quantities, statements
from .quantities import Amount, Count, Percentage, Year, parse_number
from .sentences import Sentence, normalize, split_sentences
from .statements import Comparison, Doubled, Item, ItemList, Placeholder

__all__ = [
    "Amount",
    "Comparison",
    "Count",
    "Doubled",
    "Item",
    "ItemList",
    "NarrativeSentence",
    "Percentage",
    "Placeholder",
    "Sentence",
    "Year",
    "item_lists_with_totals",
    "normalize",
    "parse_number",
    "read_sentences",
    "split_sentences",
]


@dataclass(frozen=True)
class NarrativeSentence(Sentence):
    """A sentence with what it states, read on first use."""

    @cached_property
    def amounts(self) -> list[Amount]:
        return quantities.amounts(self.text)

    @cached_property
    def percentages(self) -> list[Percentage]:
        return quantities.percentages(self.text)

    @cached_property
    def counts(self) -> list[Count]:
        return quantities.counts(self.text)

    @cached_property
    def years(self) -> list[Year]:
        return quantities.years(self.text)

    @cached_property
    def comparisons(self) -> list[Comparison]:
        return statements.comparisons(self.text)

    @cached_property
    def item_lists(self) -> list[ItemList]:
        return statements.item_lists(self.text)

    @cached_property
    def placeholders(self) -> list[Placeholder]:
        return statements.placeholders(self.text)

    @cached_property
    def doubled_phrases(self) -> list[Doubled]:
        return statements.doubled_phrases(self.text)


def item_lists_with_totals(sentences: list[NarrativeSentence]) -> list[tuple[NarrativeSentence, ItemList]]:
    """Every item list with its stated total, looking back one sentence when the list opens its own.

    "2023年度支出合计2743.11万元，与…相比…。其中：基本支出248.79万元…项目支出2494.33万元…。"
    states the total in the sentence before the one listing the items.
    """
    found = []
    for index, sentence in enumerate(sentences):
        for listing in sentence.item_lists:
            if listing.total is None and index > 0 and sentences[index - 1].amounts:
                previous = sentences[index - 1]
                total = _whole_before(previous)
                subject = statements.subject_before(previous.text, total.start)
                listing = ItemList(subject, total, listing.items, listing.quote)
            found.append((sentence, listing))
    return found


CHANGE_BEFORE = re.compile(r"(?:增加|减少|增长|下降|相比|比)\S{0,6}$")


def _whole_before(sentence: NarrativeSentence) -> Amount:
    """The amount a list opening the next sentence breaks down: the sentence's last figure that is not a change
    ("年初预算为2991.53万元，支出决算为2743.11万元" gives 2743.11;
    "支出合计2743.11万元，…减少130.56万元" gives 2743.11)."""
    text = sentence.normalized
    figures = [amount for amount in sentence.amounts if not CHANGE_BEFORE.search(text[: amount.start])]
    return figures[-1] if figures else sentence.amounts[0]


def read_sentences(pages: Iterable[tuple[int, str]]) -> list[NarrativeSentence]:
    """The sentences of the given pages, in order, each ready to be asked what it states."""
    return [NarrativeSentence(s.page, s.text, s.pages) for s in split_sentences(pages)]
