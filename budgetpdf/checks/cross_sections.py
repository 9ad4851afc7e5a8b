"""Figures that must agree across sections: the 政府采购 total and its parts, and 年末结转和结余 against
年初结转和结余 + 本年收入 − 本年支出 and the table's."""

import re
from decimal import Decimal

from ..model import Check
from ..narrative import NarrativeSentence
from .reading import is_prose, narrative_sentences
from .registry import Evidence, rule

AMOUNT = r"\s*(?:为|是)?\s*(?P<{name}>\d[\d,]*(?:\.\d+)?)\s*万元"
PROCUREMENT_TOTAL = re.compile(r"政府采购[^。，,]{0,12}?(?:总额|合计)" + AMOUNT.format(name="total"))
PROCUREMENT_PART = re.compile(r"(?:货物|工程|服务)[^，,、；;。\d]{0,8}?" + AMOUNT.format(name="part"))
CARRYOVER = re.compile(
    r"年初结转和结余"
    + AMOUNT.format(name="begin")
    + r"[^。]*?本年收入"
    + AMOUNT.format(name="income")
    + r"[^。]*?本年支出"
    + AMOUNT.format(name="spent")
    + r"[^。]*?年末结转和结余"
    + AMOUNT.format(name="end")
)
ROUNDING = Decimal("0.015")


@rule(
    "cross_section_figures_agree",
    needs=("pages", "tables", "figures"),
    description="各部分之间须一致的数字相符：政府采购总额与其分项，年末结转和结余与其算式及表格",
    rounded=True,
)
def cross_section_figures_agree(evidence: Evidence) -> list[Check]:
    sentences = [sentence for sentence in narrative_sentences(evidence) if is_prose(sentence)]
    checks = []
    for index, sentence in enumerate(sentences):
        following = sentences[index + 1] if index + 1 < len(sentences) else None
        for check in (_procurement(sentence, following), _carryover(sentence)):
            if check is not None:
                checks.append(check)
    return checks


def _number(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def _procurement(sentence: NarrativeSentence, following: NarrativeSentence | None) -> Check | None:
    text = sentence.normalized
    total = PROCUREMENT_TOTAL.search(text)
    if total is None:
        return None
    rest = re.split(r"[；;]\s*其中|其中[^：:]*拨款", text[total.end() :])[0]
    if following is not None and following.normalized.startswith("包括"):
        rest += following.normalized
    listed = list(PROCUREMENT_PART.finditer(rest.split("授予")[0]))
    parts = [_number(part["part"]) for part in listed]
    if not parts:
        return None
    stated, added = _number(total["total"]), sum(parts, Decimal(0))
    if abs(stated - added) <= ROUNDING:
        return None
    return Check(
        rule="",
        status="fail",
        message=(
            f"第{sentence.page}页政府采购总额写为{stated}万元，所列货物、工程、服务合计{added}万元"
            f"（{'、'.join(''.join(part.group(0).split()) for part in listed)}）"
        ),
        row="政府采购",
        expected=added,
        found=stated,
        page=sentence.page,
    )


def _carryover(sentence: NarrativeSentence) -> Check | None:
    stated = CARRYOVER.search(sentence.normalized)
    if stated is None:
        return None
    begin, income, spent, end = (_number(stated[name]) for name in ("begin", "income", "spent", "end"))
    if abs(begin + income - spent - end) <= ROUNDING:
        return None
    return Check(
        rule="",
        status="fail",
        message=(
            f"第{sentence.page}页年末结转和结余写为{end}万元，年初结转和结余{begin}万元加本年收入{income}万元"
            f"减本年支出{spent}万元为{begin + income - spent}万元"
        ),
        row="年末结转和结余",
        expected=begin + income - spent,
        found=end,
        page=sentence.page,
    )
