"""Slips of the pen in the narrative: words printed twice, and a spending purpose that is not its class's."""

import re

from ..model import Check
from ..narrative import NarrativeSentence
from ..narrative.sentences import is_heading
from .reading import is_prose, narrative_sentences
from .registry import Evidence, rule

# The purposes a function class cannot be spent on: each names another class's typical spending.
FOREIGN_PURPOSES = {
    "住房保障": ("医疗保险", "医疗补助", "养老保险", "职业年金"),
    "卫生健康": ("住房公积金", "提租补贴", "购房补贴", "养老保险", "职业年金"),
    "社会保障和就业": ("住房公积金", "提租补贴", "购房补贴", "医疗保险", "医疗补助"),
}
CLASS_RE = re.compile("(" + "|".join(FOREIGN_PURPOSES) + r")(?=支出|[(（]类)")
PURPOSE_RE = re.compile(r"用于(?P<purpose>[^。；]{1,30})[。；]")
CONTRADICTORY = re.compile(r"增加减少|减少增加|增长下降|下降增长|大于小于|小于大于")


@rule(
    "purpose_and_wording",
    needs=("pages", "tables"),
    description="说明中没有重复的字词，所述用途与其功能分类相符（住房保障不写成医疗保险）",
)
def purpose_and_wording(evidence: Evidence) -> list[Check]:
    sentences = [sentence for sentence in narrative_sentences(evidence) if is_prose(sentence)]
    # headings and contents lines too ("三、支出决算支出决算情况说明"): a doubled phrase is a slip wherever it is
    worded = [sentence for sentence in narrative_sentences(evidence) if is_prose(sentence) or is_heading(sentence.text)]
    checks = [
        _doubled(sentence, doubled)
        for sentence in worded
        for doubled in sentence.doubled_phrases
        if _is_slip(doubled.phrase)
    ]
    previous_class = ""
    for sentence in sentences:
        named = CLASS_RE.search(sentence.text)
        function_class = named.group(1) if named else previous_class
        check = _foreign_purpose(sentence, function_class)
        if check is not None:
            checks.append(check)
        previous_class = named.group(1) if named else ""
    return checks


def _is_slip(phrase: str) -> bool:
    """Two-character words printed twice are often a word and its compound (工程工程款): only longer ones count."""
    return len(phrase) != 4 or bool(CONTRADICTORY.fullmatch(phrase))


def _doubled(sentence: NarrativeSentence, doubled) -> Check:
    return Check(
        rule="",
        status="fail",
        message=f"第{sentence.page}页“{doubled.quote}”中“{doubled.phrase}”字词重复",
        page=sentence.page,
    )


def _foreign_purpose(sentence: NarrativeSentence, function_class: str) -> Check | None:
    if not function_class:
        return None
    purpose = PURPOSE_RE.search(sentence.text)
    if purpose is None:
        return None
    text = purpose.group("purpose")
    foreign = [word for word in FOREIGN_PURPOSES[function_class] if word in text]
    if not foreign or any(own in text for own in _own_words(function_class)):
        return None
    return Check(
        rule="",
        status="fail",
        message=f"第{sentence.page}页“{function_class}”类支出写为用于“{text}”，{foreign[0]}不属于{function_class}支出",
        page=sentence.page,
    )


def _own_words(function_class: str) -> tuple[str, ...]:
    return {"住房保障": ("住房",), "卫生健康": ("医疗", "卫生"), "社会保障和就业": ("养老", "社会保障")}[function_class]
