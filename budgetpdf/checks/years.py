"""Years that do not belong to the report: the report's own title, the year compared with, the closing date."""

import re
from decimal import Decimal

from ..model import Check
from ..narrative import NarrativeSentence
from .reading import is_prose, narrative_sentences
from .registry import Evidence, rule

TITLE_YEAR = re.compile(r"(?<!\d)(?P<year>(?:19|20)\d{2})\s*年度?\s*(?:部门|单位)(?:决算|预算)(?!\s*数)")
BASE_YEAR = re.compile(
    r"与\s*(?P<with>(?:19|20)\d{2})\s*年度?(?:预算|决算)?(?:数)?\s*相比|(?<![与])比\s*(?P<than>(?:19|20)\d{2})\s*年度?"
)
CLOSING_YEAR = re.compile(r"截[至止]\s*(?P<year>(?:19|20)\d{2})\s*年\s*\d{1,2}\s*月")


@rule(
    "year_belongs_to_report",
    needs=("pages", "tables", "metadata"),
    description="标题、比较基年与截至日期中的年份属于本报告的年度",
)
def year_belongs_to_report(evidence: Evidence) -> list[Check]:
    year = evidence.metadata.fiscal_year
    if not year:
        return []
    budget = evidence.metadata.kind == "budget"
    allowed = {
        "本报告的年度": {year},
        "比较的上年": {year - 1},
        "截至日期": {year - 1, year} if budget else {year},
    }
    checks = []
    for sentence in narrative_sentences(evidence):
        for label, found in _stated_years(sentence):
            if found not in allowed[label]:
                checks.append(_wrong_year(sentence, label, found, max(allowed[label])))
    return checks


def _stated_years(sentence: NarrativeSentence) -> list[tuple[str, int]]:
    text = sentence.normalized
    stated = [("本报告的年度", int(match["year"])) for match in TITLE_YEAR.finditer(text)]
    if not is_prose(sentence):
        return stated
    for match in BASE_YEAR.finditer(text):
        if "上年" in text[max(0, match.start() - 6) : match.start()]:
            continue
        stated.append(("比较的上年", int(match["with"] or match["than"])))
    stated += [("截至日期", int(match["year"])) for match in CLOSING_YEAR.finditer(text)]
    return stated


def _wrong_year(sentence: NarrativeSentence, label: str, found: int, expected: int) -> Check:
    return Check(
        rule="",
        status="fail",
        message=f"第{sentence.page}页“{sentence.text[:60]}”中{label}写为{found}年，应为{expected}年",
        row=label,
        expected=Decimal(expected),
        found=Decimal(found),
        page=sentence.page,
    )
