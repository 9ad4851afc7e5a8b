"""The report's identity against what its pages print: a fiscal year read from the cover (or given) that the
table titles contradict is reported, never silently chosen."""

import re
from collections import Counter

from ..model import Check
from .registry import Evidence, rule

TITLE_YEAR_RE = re.compile(r"(20\d{2})\s*年")


def title_year(titles: list[str]) -> int | None:
    """The year the table titles print most often; None when they print none."""
    years = Counter(int(year) for title in titles for year in TITLE_YEAR_RE.findall(title))
    return years.most_common(1)[0][0] if years else None


@rule(
    "fiscal_year_agrees_with_titles",
    severity="note",
    needs=("tables", "metadata"),
    description="The report's fiscal year is within one year of the year its table titles print.",
)
def fiscal_year_agrees_with_titles(evidence: Evidence) -> list[Check]:
    stored, printed = evidence.metadata.fiscal_year, title_year([table.title for table in evidence.tables])
    if stored is None or printed is None or abs(stored - printed) <= 1:
        return []
    return [Check(rule="", status="fail", message=f"年度 {stored}，表格标题印的年度 {printed}")]
