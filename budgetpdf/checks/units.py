"""Amounts stated in the wrong unit: 1294.48元 where the same figure is stated, or printed, as 1294.48万元."""

import re
from decimal import Decimal

from ..model import Check
from .reading import is_prose, narrative_sentences
from .registry import Evidence, rule


@rule(
    "amount_unit_matches_scale",
    needs=("pages", "tables", "figures"),
    description="说明中的金额单位与表格和上下文一致（不把万元写成元）",
)
def amount_unit_matches_scale(evidence: Evidence) -> list[Check]:
    sentences = [sentence for sentence in narrative_sentences(evidence) if is_prose(sentence)]
    in_wan = {amount.value for sentence in sentences for amount in sentence.amounts if amount.unit == "万元"}
    in_wan |= {figure.value for figure in evidence.figures.values() if figure.unit in ("万元", "")}
    checks = []
    for sentence in sentences:
        for amount in sentence.amounts:
            if amount.unit != "元" or amount.value < 1 or amount.value not in in_wan or _whole(amount.value):
                continue
            if re.search(r"万[\d.,\s]*$", sentence.normalized[: amount.start]):
                continue  # "万2026 515313.35元": the text layer split 万元 around the numbers
            checks.append(
                Check(
                    rule="",
                    status="fail",
                    message=(
                        f"第{sentence.page}页“{sentence.text[max(0, amount.start - 16) : amount.end]}”写为"
                        f"{amount.value}元，同一数字在说明或表格中为{amount.value}万元"
                    ),
                    expected=amount.value,
                    found=amount.value,
                    page=sentence.page,
                )
            )
    return checks


def _whole(value: Decimal) -> bool:
    """A round number of 元 (3000元) is as likely a small sum as a slip for 万元."""
    return value == value.to_integral_value() and value % 100 == 0
