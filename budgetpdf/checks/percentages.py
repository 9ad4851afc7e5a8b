"""Percentages recomputed from the amounts they are stated with: 完成/执行率, 增长/下降 rates, 占 shares.

A percentage is wrong when no reading of the amounts around it gives it within
the rounding of those amounts and one unit of its own last printed place (a
publisher rounding twice is not an error).
"""

import re
from collections.abc import Iterable
from decimal import Decimal

from ..model import Check
from ..narrative import Amount, NarrativeSentence, Percentage
from .reading import half_unit, is_prose, narrative_sentences, places_of, rounded_like
from .registry import Evidence, rule

HUNDRED = Decimal(100)
# The sentences before a share whose amounts may be the whole it is a share of.
SHARE_CONTEXT = 6
# A share no nearby whole comes within this many points of is about something the narrative does not state.
PLAUSIBLE = Decimal(10)
SLACK = Decimal("0.05")
# The sentences either side of a share whose parts, shares of the same whole, may add up to that whole.
SIBLINGS = 3
PRIOR_FIGURE = re.compile(r"(?:^|[^相])[比较][^，,；;]*$")
LABELLED_BASE = re.compile(r"比\s*(?:上年|\d{4}\s*年)[^，,；;\d]*执行[^，,；;\d]*$")
LABELLED_BUDGET = re.compile(r"比\s*(?:上年|\d{4}\s*年)[^，,；;\d]*预算[^，,；;\d]*$")
CHANGE_WORD = re.compile(r"增加|减少|增长|下降|降低|提高|上升")
# A share within a point of some nearby whole more likely has its own whole left unstated than a wrong figure.
SHARE_MISSED = Decimal(1)


@rule(
    "percentage_recomputes",
    needs=("pages", "tables"),
    description="占比、增长/下降率、完成率与其所述金额相符",
    rounded=True,
)
def percentage_recomputes(evidence: Evidence) -> list[Check]:
    wrong_rates, _ = rate_findings(evidence)
    return wrong_rates


def rate_findings(evidence: Evidence) -> tuple[list[Check], list[Check]]:
    """The wrong percentages, and the wrong changes: where a rate stated elsewhere with another
    change amount recomputes ("减少438.13万元，下降25.29%" twice, "减少473.33万元，下降25.29%" once),
    the odd amount is the wrong figure, not the rate."""
    sentences = narrative_sentences(evidence)
    checks, agreeing = [], {}
    for index, sentence in enumerate(sentences):
        context = [
            amount
            for earlier in sentences[max(0, index - SHARE_CONTEXT) : index + 1]
            for amount in earlier.amounts
            if _may_be_a_whole(earlier, amount)
        ] + _sibling_wholes(sentences[max(0, index - SIBLINGS) : index + SIBLINGS + 1])
        previous = sentences[index - 1] if index else None
        for percentage in sentence.percentages if is_prose(sentence) else ():
            if percentage.points:
                continue
            candidates = _candidates(sentence, percentage, context, previous)
            check = _recomputed(sentence, percentage, candidates)
            change = _change_before(sentence, percentage)
            if check is not None:
                if change is not None and _over_a_labelled_budget(sentence, change):
                    check.severity = "note"
                checks.append((check, change))
            elif candidates and change is not None:
                agreeing.setdefault(percentage.value, set()).add(change.value)
    rates, changes = [], []
    for check, change in checks:
        stated_elsewhere = agreeing.get(check.found, set()) - {change.value} if change is not None else set()
        if len(stated_elsewhere) == 1:
            changes.append(_wrong_change(check, change, stated_elsewhere.pop()))
        else:
            rates.append(check)
    return one_per_fact(rates), one_per_fact(changes)


def _share_parts(sentence: NarrativeSentence) -> list[tuple[str, Amount]]:
    """(what it is a share of, the part) for each "…1003810.85万元，占本年支出预算25.59%" of the sentence."""
    parts = []
    for percentage in sentence.percentages:
        if percentage.verb != "占" or percentage.points:
            continue
        before = [amount for amount in sentence.amounts if amount.end <= percentage.start]
        clause = sentence.normalized[before[-1].end : percentage.start] if before else ""
        if before and "占" in clause and not re.search(r"[。；;]", clause):
            of = re.sub(r"[\s的为]", "", clause[clause.rindex("占") + 1 :])
            parts.append((of, before[-1]))
    return parts


def _sibling_wholes(sentences: Iterable[NarrativeSentence]) -> list[Amount]:
    """The sum of the parts stated as shares of the same whole nearby ("基本支出…占本年支出预算74.41%"、
    "项目支出…占本年支出预算25.59%"): the whole the narrative leaves unstated."""
    by_whole: dict[tuple[str, str], list[Amount]] = {}
    for sentence in sentences:
        for of, part in _share_parts(sentence):
            siblings = by_whole.setdefault((of, part.unit), [])
            if part not in siblings:
                siblings.append(part)
    wholes = []
    for (of, unit), parts in by_whole.items():
        if len(parts) >= 2 and of:
            value = sum((part.value for part in parts), Decimal(0))
            wholes.append(Amount(value, unit, f"{of}（所列各项之和）", -1, -1))
    return wholes


def _over_a_labelled_budget(sentence: NarrativeSentence, change: Amount) -> bool:
    """ "比上年预算减少4.98万元": the year before's budget may be its adjusted one, which the sentence does not state;
    a rate at odds with the amounts is then a note."""
    text = sentence.normalized
    return bool(LABELLED_BUDGET.search(text[max(0, change.start - 20) : change.start]))


def _change_before(sentence: NarrativeSentence, percentage: Percentage) -> Amount | None:
    if percentage.verb not in ("增长", "下降", "提高", "降低", "上升"):
        return None
    before = [amount for amount in sentence.amounts if amount.end <= percentage.start]
    return before[-1] if before else None


def _wrong_change(check: Check, change: Amount, agreeing: Decimal) -> Check:
    return Check(
        rule="",
        status="fail",
        message=(
            f"第{check.page}页所述变动额{change.value}{change.unit}与其增减率{check.found}%不符；"
            f"同一增减率在说明中对应的变动额为{agreeing}{change.unit}"
        ),
        row="变动额",
        expected=agreeing,
        found=change.value,
        page=check.page,
    )


def _may_be_a_whole(sentence: NarrativeSentence, amount: Amount) -> bool:
    """Not a change ("增加482.85万元") nor the year before's figure ("比2025年年初预算数4001046.82万元")."""
    before = sentence.normalized[max(0, amount.start - 14) : amount.start]
    return not re.search(r"比|上年|增加|减少|增长|下降|相比", before)


def one_per_fact(checks: list[Check]) -> list[Check]:
    """The same wrong figure stated in several sentences is one finding naming every page."""
    facts: dict[tuple, Check] = {}
    pages: dict[tuple, list[int]] = {}
    for check in checks:
        key = (check.row, check.expected, check.found)
        facts.setdefault(key, check)
        if check.page not in pages.setdefault(key, []):
            pages[key].append(check.page)
    for key, check in facts.items():
        # one page is the check's own; places name them when there are several
        check.places = [{"page": page} for page in pages[key]] if len(pages[key]) > 1 else []
    return list(facts.values())


# A value the percentage may have been computed as, how far rounding moves it, and the amounts it is computed from.
Candidate = tuple[Decimal, Decimal, str]


def _candidates(
    sentence: NarrativeSentence, percentage: Percentage, context: list[Amount], previous: NarrativeSentence | None
) -> list[Candidate]:
    """The values the percentage may have been computed as, one per reading of the amounts."""
    before = [amount for amount in sentence.amounts if amount.end <= percentage.start]
    if not before:
        return []
    if percentage.verb in ("完成", "执行"):
        return _completion(sentence, before, percentage)
    if percentage.verb in ("增长", "下降", "提高", "降低", "上升"):
        return _change_rates(sentence, before, percentage, previous)
    if percentage.verb == "占":
        part = before[-1]
        wholes = [amount for amount in context if amount is not part and amount.in_wan >= part.in_wan]
        return [_rate(part, whole) for whole in wholes if whole.in_wan]
    return []


def _completion(sentence: NarrativeSentence, before: list[Amount], percentage: Percentage) -> list[Candidate]:
    """'年初预算为217.5万元，支出决算为247.04万元，完成年初预算的113.58%': the final over the budget."""
    if len(before) < 2 or not before[-2].in_wan or percentage.start - before[-1].end > 20:
        return []
    text = sentence.normalized
    if "预算" not in text[max(0, before[-2].start - 12) : before[-2].start]:
        return []
    return [_rate(before[-1], before[-2])]


def _change_rates(
    sentence: NarrativeSentence, before: list[Amount], percentage: Percentage, previous: NarrativeSentence | None
) -> list[Candidate]:
    """'收入合计1294.48万元，…减少438.13万元，下降25.29%': the change over the year before's amount."""
    change = before[-1]
    text = sentence.normalized
    if not CHANGE_WORD.search(text[max(0, change.start - 4) : change.start]) or percentage.start - change.end > 8:
        return []
    if LABELLED_BASE.search(text[max(0, change.start - 20) : change.start]):
        return []  # "比上年执行数增加…": the rate is over a figure the sentence does not state
    if len(before) > 1:
        current, current_text = before[-2], text
    elif previous is not None and previous.amounts and re.match(r"\s*(?:与|比|较)", text):
        current, current_text = previous.amounts[-1], previous.normalized
    else:
        return []
    stated_before = current_text[max(0, current.start - 14) : current.start]
    if CHANGE_WORD.search(stated_before[-4:]) or (current_text is text and "%" in text[current.end : change.start]):
        return []
    sign = -1 if percentage.verb in ("下降", "降低") else 1
    # "比2025年年初预算数4001046.82万元增加…": the year before's figure itself
    prior = current.in_wan if PRIOR_FIGURE.search(stated_before) else current.in_wan - sign * change.in_wan
    if prior <= 0:
        return []
    basis = (
        f"变动{change.value}{change.unit}，{'上年' if prior == current.in_wan else '本年'}{current.value}{current.unit}"
    )
    return [_ratio(change.in_wan, prior, _rounding(change), _rounding(current) + _rounding(change), basis)]


def _rounding(amount: Amount) -> Decimal:
    """How far the printed amount may be from the exact one, in 万元 (a whole number is read as printed to fen)."""
    printed = half_unit(amount.value) if places_of(amount.value) else Decimal("0.005")
    return printed * (amount.in_wan / amount.value if amount.value else 1)


def _rate(part: Amount, whole: Amount) -> Candidate:
    basis = f"{part.value}{part.unit}÷{whole.value}{whole.unit}"
    return _ratio(part.in_wan, whole.in_wan, _rounding(part), _rounding(whole), basis)


def _ratio(part: Decimal, whole: Decimal, part_rounding: Decimal, whole_rounding: Decimal, basis: str) -> Candidate:
    value = part / whole * HUNDRED
    spread = (part_rounding / whole + part * whole_rounding / (whole * whole)) * HUNDRED
    return value, spread, basis


def _recomputed(sentence: NarrativeSentence, percentage: Percentage, candidates: Iterable[Candidate]) -> Check | None:
    stated = percentage.value
    candidates = list(candidates)
    if not candidates:
        return None
    # within the rounding of the amounts and one unit of the percentage's last place: the publisher's own rounding
    if any(abs(value - stated) <= spread + 2 * half_unit(stated) + SLACK for value, spread, _ in candidates):
        return None
    closest, spread, basis = min(candidates, key=lambda candidate: abs(candidate[0] - stated))
    difference = abs(closest - stated)
    if percentage.verb == "占" and not SHARE_MISSED < difference <= PLAUSIBLE:
        return None
    expected = rounded_like(closest, stated)
    return Check(
        rule="",
        status="fail",
        message=(
            f"第{sentence.page}页“{_quote(sentence, percentage)}”写为{stated}%，按所述金额（{basis}）计算为{expected}%"
        ),
        row=percentage.verb,
        expected=expected,
        found=stated,
        page=sentence.page,
    )


def _quote(sentence: NarrativeSentence, percentage: Percentage) -> str:
    return sentence.text[max(0, percentage.start - 30) : percentage.end]
