"""Staff counts whose parts do not make their total, and changes on the year before that do not match their rate."""

import re
from decimal import Decimal

from ..model import Check
from .percentages import rate_findings
from .reading import narrative_sentences
from .registry import Evidence, rule

# "编制人数16人，其中：行政编制0人，事业编制16人（其中：参照公务员法管理0人）": the nested 其中 is not a part.
STAFF = re.compile(
    r"(?P<subject>编制人数|实有人数|在职人员|离退休人员|在职实有人数|编制数)\s*(?P<total>\d+)\s*人\s*[，,]?\s*其中[:：]"
    r"(?P<parts>[^（(。；;]*)"
)
PART = re.compile(r"(?P<name>[\u4e00-\u9fff]+?)\s*(?P<count>\d+)\s*人")


@rule(
    "staff_and_changes_agree",
    needs=("pages", "tables"),
    description="人数分项之和等于总数；与上年相比的变动额与其增减率相符",
)
def staff_and_changes_agree(evidence: Evidence) -> list[Check]:
    _, wrong_changes = rate_findings(evidence)
    checks = list(wrong_changes)
    for sentence in narrative_sentences(evidence):
        for match in STAFF.finditer(sentence.normalized):
            parts = [(part["name"], Decimal(part["count"])) for part in PART.finditer(match["parts"])]
            total = Decimal(match["total"])
            if len(parts) < 2 or sum(count for _, count in parts) == total:
                continue
            others = sum(count for _, count in parts[1:])
            name, first = parts[0]
            checks.append(
                Check(
                    rule="",
                    status="fail",
                    message=(
                        f"第{sentence.page}页“{match.group(0)}”：分项合计{sum(count for _, count in parts)}人，"
                        f"与{match['subject']}{total}人不符"
                    ),
                    row=match["subject"],
                    expected=total - others,
                    found=first,
                    page=sentence.page,
                )
            )
    return checks
