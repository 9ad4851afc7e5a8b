"""What a narrative sentence states: comparisons, lists of items with their total, and slips of the pen.

- a comparison: a word of direction (增加/减少/持平, 大于/小于/等于, 超出/未达, 增长/下降)
  with its subject, its base ("与2022年度相比", "比年初预算") and the amount or
  percentage that follows it;
- an item list: "支出合计2743.11万元，其中：基本支出248.79万元、项目支出2494.33万元";
- placeholders left from a template (XX, ××, 某某, 【】, "万元" or "%" with no number);
- words or phrases printed twice ("减少减少", "的的", and contradictory pairs "增加减少").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .quantities import Amount, Percentage, amounts, percentages
from .sentences import normalize

DIRECTION = {
    "增加": 1,
    "增长": 1,
    "大于": 1,
    "超出": 1,
    "超过": 1,
    "高于": 1,
    "提高": 1,
    "上升": 1,
    "减少": -1,
    "下降": -1,
    "小于": -1,
    "低于": -1,
    "未达": -1,
    "降低": -1,
    "减少了": -1,
    "持平": 0,
    "等于": 0,
    "无变化": 0,
    "不变": 0,
    "相同": 0,
}
COMPARISON_RE = re.compile("|".join(sorted(DIRECTION, key=len, reverse=True)))
BASE_RE = re.compile(r"与\s*(?P<with>[^，,。；]{1,20}?)\s*(?:相比|$)|比\s*(?P<than>[^，,。；增减大小持]{1,16})")
CLAUSE_BREAK = re.compile(r"[，,；;。：:]")
LIST_MARK = re.compile(r"其中[:：，,]?|包括[:：]|主要用于[:：]")
ITEM_SEPARATOR = re.compile(r"[、，,；;]")
PLACEHOLDER_RE = re.compile(
    r"[XＸ]+(?:[,.][XＸ]+)+|[XＸ]{2,}|[xｘ]{3,}|×{2,}|某某|【\s*】|〔\s*〕|\[\s*\]|_{3,}|＿{2,}"
)
HEADER_BEFORE_UNIT = re.compile(r"(?:单位|单价|金额)\s*[:：]?\s*$|[(（]\s*$")
DOUBLED_RE = re.compile(r"([\u4e00-\u9fff]{2,8})\1|([的了是为和与在])\2")
# Doubled forms that are words in their own right.
NOT_DOUBLED = {"研究研究", "了了", "是是非非"}
CONTRADICTORY_PAIR = re.compile(r"(增加减少|减少增加|增长下降|下降增长|大于小于|小于大于)")


@dataclass(frozen=True)
class Comparison:
    word: str
    direction: int  # +1 up, -1 down, 0 unchanged
    subject: str  # the clause before the word, as printed
    base: str  # what it is compared with ("2022年度", "年初预算"), "" when not said
    amount: Amount | None
    percentage: Percentage | None
    quote: str
    start: int
    end: int


@dataclass(frozen=True)
class Item:
    name: str
    amount: Amount


@dataclass(frozen=True)
class ItemList:
    subject: str  # what the total is of, as printed ("支出合计")
    total: Amount | None
    items: tuple[Item, ...]
    quote: str


@dataclass(frozen=True)
class Placeholder:
    text: str  # the placeholder as printed; "万元" or "%" when the number is missing
    quote: str
    start: int
    end: int


@dataclass(frozen=True)
class Doubled:
    phrase: str  # the doubled words as printed ("减少减少", "增加减少")
    quote: str
    start: int
    end: int


def _clause_start(text: str, position: int) -> int:
    breaks = [match.end() for match in CLAUSE_BREAK.finditer(text, 0, position)]
    return breaks[-1] if breaks else 0


def _following(found: list, position: int, window: int = 4):
    """The first quantity starting within `window` characters after position (after "了", a space)."""
    return next((item for item in found if position <= item.start <= position + window), None)


def _base(text: str) -> str:
    found = list(BASE_RE.finditer(text))
    if not found:
        return ""
    match = found[-1]
    return re.sub(r"\s", "", match["with"] or match["than"] or "")


def comparisons(text: str) -> list[Comparison]:
    normalized = normalize(text)
    sentence_amounts, sentence_percentages = amounts(text), percentages(text)
    found = []
    for match in COMPARISON_RE.finditer(normalized):
        clause_start = _clause_start(normalized, match.start())
        found.append(
            Comparison(
                word=match.group(0),
                direction=DIRECTION[match.group(0)],
                subject=text[clause_start : match.start()].strip(),
                base=_base(normalized[: match.start()]),
                amount=_following(sentence_amounts, match.end()),
                percentage=_following(sentence_percentages, match.end()),
                quote=text[clause_start : match.end() + 12].strip(),
                start=match.start(),
                end=match.end(),
            )
        )
    return found


def item_lists(text: str) -> list[ItemList]:
    normalized = normalize(text)
    sentence_amounts = amounts(text)
    found = []
    for mark in LIST_MARK.finditer(normalized):
        before = [amount for amount in sentence_amounts if amount.end <= mark.start()]
        following = LIST_MARK.search(normalized, mark.end())
        stop = following.start() if following else len(normalized)
        items = tuple(
            Item(_item_name(normalized, amount.start, mark.end()), amount)
            for amount in sentence_amounts
            if mark.end() <= amount.start < stop
        )
        if not items:
            continue
        total = before[-1] if before else None
        subject = subject_before(text, total.start) if total else ""
        found.append(
            ItemList(subject, total, items, text[(total.start if total else mark.start()) : items[-1].amount.end])
        )
    return found


def subject_before(text: str, position: int) -> str:
    """The clause before position, as printed ("2023年度支出合计" before "2743.11万元")."""
    return text[_clause_start(normalize(text), position) : position].strip()


def _item_name(text: str, position: int, list_start: int) -> str:
    separators = [match.end() for match in ITEM_SEPARATOR.finditer(text, list_start, position)]
    return text[separators[-1] if separators else list_start : position].strip()


def placeholders(text: str) -> list[Placeholder]:
    normalized = normalize(text)
    found = [
        Placeholder(match.group(0), text[max(0, match.start() - 8) : match.end() + 4], *match.span())
        for match in PLACEHOLDER_RE.finditer(normalized)
    ]
    for match in re.finditer(r"万元|%", normalized):
        before = normalized[: match.start()].rstrip()
        if not before or before[-1].isdigit() or PLACEHOLDER_RE.search(before[-4:]):
            continue
        if HEADER_BEFORE_UNIT.search(before) or before[-1] in "XＸ×":
            continue
        found.append(Placeholder(match.group(0), text[max(0, match.start() - 8) : match.end() + 2], *match.span()))
    return sorted(found, key=lambda placeholder: placeholder.start)


def doubled_phrases(text: str) -> list[Doubled]:
    normalized = normalize(text)
    found = []
    for pattern in (DOUBLED_RE, CONTRADICTORY_PAIR):
        for match in pattern.finditer(normalized):
            if match.group(0) in NOT_DOUBLED:
                continue
            quote = text[max(0, match.start() - 6) : match.end() + 6]
            found.append(Doubled(match.group(0), quote, *match.span()))
    return sorted(found, key=lambda doubled: doubled.start)
