"""“三公”经费 as the narrative states them against the 三公 table: the total and each item, budget or final."""

import re
from decimal import Decimal

from ..model import Check, Table
from ..narrative import NarrativeSentence
from .reading import is_prose, narrative_sentences
from .registry import Evidence, rule

# (the item's words, the table's column key); the first that matches a sentence is the item it states.
ITEMS = (
    ("公务用车购置及运行", "vehicles"),
    ("因公出国", "abroad"),
    ("公务接待", "reception"),
    ("三公", "total"),
)
NEAR = 24  # the figure follows its item's words closely: "公务接待费预算0万元"
FIGURE = re.compile(r"(?P<amount>\d[\d,]*(?:\.\d+)?)\s*(?:万元|元)")


@rule(
    "three_public_narrative_matches_table",
    needs=("pages", "tables", "metadata"),
    description="说明中的“三公”经费总额及各项与“三公”经费表一致",
    rounded=True,
)
def three_public_narrative_matches_table(evidence: Evidence) -> list[Check]:
    table = next((t for t in evidence.tables if t.type == "three_public"), None)
    if table is None or len(table.rows) > 1 or (not table.rows and not table.empty):
        return []
    final = evidence.metadata.kind == "final"
    sides = {"预算": _printed(table, final=False), "决算": _printed(table, final=True) if final else {}}
    checks = []
    for sentence in narrative_sentences(evidence):
        if not is_prose(sentence):
            continue
        for side, key, said in _stated(sentence):
            printed = sides["决算" if final and side == "决算" else "预算"]
            if final and side == "" or key not in printed and printed:
                continue
            expected = printed.get(key, Decimal(0))
            if said != expected:
                checks.append(_differs(sentence, key, said, expected, table))
    return checks


def _printed(table: Table, final: bool) -> dict[str, Decimal]:
    """The table's figures by item: the columns after 决算数 for a 决算's final side, else the first ones."""
    keys = [column.key for column in table.columns]
    values = table.rows[0].values if table.rows else {}
    start = keys.index("final") if final and "final" in keys else 0
    stop = keys.index("final") if not final and "final" in keys else len(keys)
    printed: dict[str, Decimal] = {}
    for key in keys[start:stop]:
        item = "total" if key in ("final", "budget", "total") else re.sub(r"_\d+$", "", key)
        if item not in printed:
            printed[item] = values.get(key, Decimal(0))
    return printed


def _stated(sentence: NarrativeSentence) -> list[tuple[str, str, Decimal]]:
    """(预算 | 决算 | "", item, figure) for each figure the sentence gives its item."""
    text = sentence.normalized
    if re.search(r"增加|减少|增长|下降|新增|上年|比20\d\d|与20\d\d", text) and not re.search(r"无变化|持平|不变", text):
        return []
    named = [(text.find(words), column, words) for words, column in ITEMS if words in text]
    if not named or "其中" in text:
        return []
    position, key, words = min(named)
    stated = []
    for figure in FIGURE.finditer(text, position + len(words)):
        between = text[position + len(words) : figure.start()]
        if any(other in between for other, _ in ITEMS) or (not stated and len(between) > NEAR):
            break
        if stated and "决算" not in between:
            break  # "…运行费5.4万元，包括公务用车购置费0万元": a part, not the item again
        side = next((label for label in ("决算", "预算") if label in between.split("，")[-1]), "")
        stated.append((side, key, Decimal(figure["amount"].replace(",", ""))))
    return stated


def _differs(sentence: NarrativeSentence, key: str, said: Decimal, expected: Decimal, table: Table) -> Check:
    page = table.pages[0] if table.pages else None
    return Check(
        rule="",
        status="fail",
        message=f"说明第{sentence.page}页“{sentence.text[:60]}”写为{said}，“三公”经费表（第{page}页）为{expected}",
        table=table.type,
        row=key,
        expected=expected,
        found=said,
        page=sentence.page,
        places=[{"page": sentence.page}, {"page": page}],
    )
