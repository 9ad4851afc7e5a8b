"""Numbers in a narrative sentence: amounts with their unit, percentages, counts and years.

Every value is a Decimal exactly as printed, with the quote it was read from and
its offsets in the sentence. "增长12.3%" is a percentage; "增长了12.3个百分点" is a
change in points, not a percentage of anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .sentences import normalize

# "2743.11", "2,743.11", the OCR-spaced "1, 294. 48"; never the tail of a longer number.
NUMBER = r"(?<![\d.,])(?:\d{1,3}(?:\s?,\s?\d{3})+|\d+)(?:\s?\.\s?\d+)?"
AMOUNT_RE = re.compile(rf"(?P<number>{NUMBER})\s*(?P<unit>亿元|万元|元)")
PERCENT_RE = re.compile(rf"(?P<number>[-+]?{NUMBER})\s*(?P<sign>%|个百分点)")
COUNT_RE = re.compile(rf"(?P<number>{NUMBER})\s*(?P<unit>人次|批次|人|辆|台\s*[(（]套[)）]|台|套|个|次|项|家)")
YEAR_RE = re.compile(r"(?<!\d)(?P<year>(?:19|20)\d{2})\s*(?=年)")
PERCENT_VERBS = ("占", "增长", "下降", "完成", "执行", "提高", "降低", "上升", "减少", "增加")
CLAUSE_BREAK = re.compile(r"[，,；;。：:]")
TO_WAN = {"万元": Decimal(1), "元": Decimal("0.0001"), "亿元": Decimal(10000)}


@dataclass(frozen=True)
class Amount:
    value: Decimal  # as printed, in `unit`
    unit: str  # 万元 | 元 | 亿元
    quote: str
    start: int
    end: int

    @property
    def in_wan(self) -> Decimal:
        """The amount in 万元, the unit the tables of most reports print."""
        return self.value * TO_WAN[self.unit]

    @property
    def places(self) -> int:
        exponent = self.value.as_tuple().exponent
        return -exponent if isinstance(exponent, int) and exponent < 0 else 0


@dataclass(frozen=True)
class Percentage:
    value: Decimal
    points: bool  # "个百分点": a difference of percentages, not a percentage
    verb: str  # 占 | 增长 | 下降 | 完成 | 执行 | … ; "" when none precedes it in its clause
    quote: str
    start: int
    end: int


@dataclass(frozen=True)
class Count:
    value: Decimal
    unit: str  # 人 | 人次 | 批次 | 辆 | 台 | 套 | 个 | 次 | 项 | 家
    quote: str
    start: int
    end: int


@dataclass(frozen=True)
class Year:
    value: int
    context: str  # "截至" for a closing date, "相比" for a comparison's base, "" otherwise
    quote: str
    start: int
    end: int


def parse_number(text: str) -> Decimal:
    """'1, 294. 48' -> Decimal('1294.48'); full-width digits are read as digits."""
    return Decimal(re.sub(r"[\s,]", "", normalize(text)))


def amounts(text: str) -> list[Amount]:
    found = []
    for match in AMOUNT_RE.finditer(normalize(text)):
        found.append(
            Amount(parse_number(match["number"]), match["unit"], text[match.start() : match.end()], *match.span())
        )
    return found


def _clause_before(text: str, position: int) -> str:
    breaks = [match.end() for match in CLAUSE_BREAK.finditer(text, 0, position)]
    return text[breaks[-1] if breaks else 0 : position]


def _verb(clause: str) -> str:
    positions = {verb: clause.rfind(verb) for verb in PERCENT_VERBS}
    verb, position = max(positions.items(), key=lambda item: item[1])
    return verb if position >= 0 else ""


def percentages(text: str) -> list[Percentage]:
    normalized = normalize(text)
    found = []
    for match in PERCENT_RE.finditer(normalized):
        found.append(
            Percentage(
                value=parse_number(match["number"].lstrip("+")),
                points=match["sign"] == "个百分点",
                verb=_verb(_clause_before(normalized, match.start())),
                quote=text[match.start() : match.end()],
                start=match.start(),
                end=match.end(),
            )
        )
    return found


def counts(text: str) -> list[Count]:
    normalized = normalize(text)
    found = []
    for match in COUNT_RE.finditer(normalized):
        if normalized[match.end() : match.end() + 1] in ("员", "民") or normalized.startswith("百分点", match.end()):
            continue
        unit = re.sub(r"\s", "", match["unit"])
        found.append(Count(parse_number(match["number"]), unit, text[match.start() : match.end()], *match.span()))
    return found


def years(text: str) -> list[Year]:
    normalized = normalize(text)
    found = []
    for match in YEAR_RE.finditer(normalized):
        before = normalized[max(0, match.start() - 4) : match.start()]
        after = normalized[match.end() : match.end() + 8]
        compared = ("与" in before and "相比" in after) or before.rstrip().endswith("比")
        context = "截至" if re.search(r"截[至止]", before) else "相比" if compared else ""
        found.append(Year(int(match["year"]), context, text[match.start() : match.end()], *match.span()))
    return found
