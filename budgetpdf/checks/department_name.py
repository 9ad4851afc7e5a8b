"""The department's name as the cover gives it, against the names printed in the tables' headers and the text."""

import re

from ..model import Check
from .registry import Evidence, rule

# "武汉市江岸区大数据中心" printed where the cover says "武汉市汉阳区大数据中心": another district before the same body.
OTHER_DISTRICT = re.compile(r"(?:市|省)(?P<district>[\u4e00-\u9fff]{2,3}?[区县])$")
WINDOW = 8


@rule(
    "department_name_consistent",
    needs=("pages", "metadata"),
    description="封面、表头与说明中的单位名称一致",
)
def department_name_consistent(evidence: Evidence) -> list[Check]:
    department, jurisdiction = evidence.metadata.department, evidence.metadata.jurisdiction
    if not department or not jurisdiction or not department.startswith(jurisdiction):
        return []
    body = department[len(jurisdiction) :]
    if len(body) < 2:
        return []
    own = OTHER_DISTRICT.search(jurisdiction)
    city = jurisdiction[: own.start() + 1] if own else ""
    printed: dict[str, list[int]] = {}
    for page in evidence.pages:
        flat = re.sub(r"\s", "", page.text)
        for match in re.finditer(re.escape(body), flat):
            window = flat[max(0, match.start() - WINDOW) : match.start()]
            other = OTHER_DISTRICT.search(window)
            if window.endswith(jurisdiction) or other is None or jurisdiction.endswith(other["district"]):
                continue
            name = other["district"] + body
            if city and window[: other.start() + 1].endswith(city):
                name = city + name
            printed.setdefault(name, []).append(page.number)
    return [_other_name(department, name, sorted(set(pages))) for name, pages in printed.items()]


def _other_name(department: str, name: str, pages: list[int]) -> Check:
    where = "、".join(f"第{page}页" for page in pages)
    return Check(
        rule="",
        status="fail",
        message=f"{where}写作“{name}”，封面为“{department}”",
        row=name,
        page=pages[0],
        places=[{"page": page} for page in pages] if len(pages) > 1 else [],
    )
