"""Template remnants left in the narrative: XX, ××, 某某, 【】, a 万元 or % with no number before it."""

from ..model import Check
from .reading import is_prose, narrative_sentences, pages_with_displaced_numbers
from .registry import Evidence, rule


@rule(
    "no_placeholder",
    needs=("pages", "tables"),
    description="说明中没有未替换的模板占位符（XX、××、某某、【】、缺数字的“万元”或“%”）",
)
def no_placeholder(evidence: Evidence) -> list[Check]:
    displaced = pages_with_displaced_numbers(evidence)
    checks = []
    for sentence in narrative_sentences(evidence):
        if not is_prose(sentence):
            continue
        for placeholder in sentence.placeholders:
            if placeholder.text in ("万元", "%") and _not_a_blank(sentence, placeholder, displaced):
                continue
            quote = sentence.text[max(0, placeholder.start - 12) : placeholder.end + 4]
            checks.append(
                Check(
                    rule="",
                    status="fail",
                    message=f"第{sentence.page}页“{quote}”留有模板占位符“{placeholder.text}”，未填入数字或文字",
                    page=sentence.page,
                )
            )
    return checks


def _not_a_blank(sentence, placeholder, displaced: set[int]) -> bool:
    """A unit with no number that is not a blank left in a sentence: its number printed apart, or a table cell."""
    if displaced & set(sentence.pages or (sentence.page,)):
        return True
    before = sentence.text[placeholder.start - 1 : placeholder.start]
    after = sentence.text[placeholder.end : placeholder.end + 1]
    if before in ("按", "以"):
        return True
    return before.isspace() and after not in tuple("。，,；;、）)")
