"""Comparison words against their numbers: 增加/减少 against the rate after it, 大于/小于 against the amounts."""

import re

from ..model import Check
from ..narrative import Comparison, NarrativeSentence
from .reading import narrative_sentences
from .registry import Evidence, rule

OPPOSITE = {"增加": "减少", "减少": "增加", "增长": "下降", "下降": "增长", "大于": "小于", "小于": "大于"}
# "年初预算为217.5万元，支出决算为247.04万元，…支出决算数大于年初预算数"
BUDGET_AGAINST_FINAL = re.compile(r"(?:支出)?决算数?(?P<word>大于|小于|超出|超过|低于)(?:年初)?预算数?")
GAP = 4


@rule(
    "comparison_word_matches_numbers",
    needs=("pages", "tables"),
    description="增加/减少、大于/小于等比较用语与其数字的方向一致",
)
def comparison_word_matches_numbers(evidence: Evidence) -> list[Check]:
    checks = []
    for sentence in narrative_sentences(evidence):
        checks += _change_against_rate(sentence)
        check = _final_against_budget(sentence)
        if check is not None:
            checks.append(check)
    return checks


def _change_against_rate(sentence: NarrativeSentence) -> list[Check]:
    """ "减少438.13万元，增长25.29%": an amount's direction against the rate printed right after it."""
    checks = []
    found = sentence.comparisons
    for change, rate in zip(found, found[1:], strict=False):
        if change.amount is None or rate.percentage is None or change.direction == 0 or rate.direction == 0:
            continue
        if rate.start - change.amount.end > GAP or change.amount.value == 0 or rate.percentage.value == 0:
            continue
        if change.direction != rate.direction:
            checks.append(_contradiction(sentence, change, rate))
    return checks


def _contradiction(sentence: NarrativeSentence, change: Comparison, rate: Comparison) -> Check:
    quote = sentence.text[change.start : rate.percentage.end]
    return Check(
        rule="",
        status="fail",
        message=(
            f"第{sentence.page}页“{quote}”：金额写“{change.word}”，比率写“{rate.word}”，方向相反"
            f"（“{change.word}”与“{OPPOSITE.get(rate.word, rate.word)}”才一致）"
        ),
        row=change.subject,
        page=sentence.page,
    )


def _final_against_budget(sentence: NarrativeSentence) -> Check | None:
    said = BUDGET_AGAINST_FINAL.search(sentence.normalized)
    if said is None:
        return None
    before = [amount for amount in sentence.amounts if amount.end <= said.start()]
    opening = sentence.normalized[: before[-2].start] if len(before) > 1 else ""
    budget = re.search(r"预算(?:数)?(?:为|数为)\s*$", opening)
    if len(before) < 2 or budget is None:
        return None
    planned, final = before[-2].value, before[-1].value
    word = said["word"]
    direction = 1 if word in ("大于", "超出", "超过") else -1
    if planned == final or (final > planned) == (direction > 0):
        return None
    right = "大于" if final > planned else "小于"
    return Check(
        rule="",
        status="fail",
        message=(
            f"第{sentence.page}页写“决算数{word}预算数”，而所述年初预算为{planned}万元、支出决算为{final}万元，"
            f"决算数{right}预算数"
        ),
        expected=planned,
        found=final,
        page=sentence.page,
    )
