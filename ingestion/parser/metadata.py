"""Report metadata from the first pages and the table titles. Unknown stays unknown."""

import re
from dataclasses import dataclass, field

YEAR_RE = re.compile(r"(20\d{2})\s*年")
BODY_RE = re.compile(
    r"((?:[\u4e00-\u9fff]{2,8}(?:省|自治区))?(?:[\u4e00-\u9fff]{1,8}市)?(?:[\u4e00-\u9fff]{1,6}(?:区|县))?)"
    r"([\u4e00-\u9fff（）()]{2,40}?)\s*(20\d{2})\s*年度?\s*(?:部门|单位)?\s*(预算|决算)"
)
DEPT_LINE_RE = re.compile(r"(?:部门|单位|编制部门|编制单位|预算单位)\s*[:：]\s*([\u4e00-\u9fff（）()]{2,60})")
JURISDICTION_RE = re.compile(
    r"^((?:[\u4e00-\u9fff]{2,8}(?:省|自治区))?[\u4e00-\u9fff]{1,8}市(?:[\u4e00-\u9fff]{1,6}(?:区|县))?)"
)


@dataclass
class Metadata:
    jurisdiction: str = ""
    department: str = ""
    fiscal_year: int | None = None
    kind: str = ""
    scope: str = ""
    title: str = ""
    unknown: list[str] = field(default_factory=list)


def detect(first_pages_text: str, table_titles: list[str], department_lines: list[str]) -> Metadata:
    text = re.sub(r"[ \t\u3000]+", "", first_pages_text)
    meta = Metadata()

    for line in text.splitlines():
        match = BODY_RE.search(line)
        if match:
            meta.title = match.group(0)
            meta.department = (match.group(1) + match.group(2)).strip()
            meta.fiscal_year = int(match.group(3))
            meta.kind = "budget" if match.group(4) == "预算" else "final"
            break

    if not meta.department and department_lines:
        meta.department = department_lines[0]
    if meta.fiscal_year is None:
        years = YEAR_RE.findall(text) or [y for t in table_titles for y in YEAR_RE.findall(t)]
        if years:
            meta.fiscal_year = int(max(set(years), key=years.count))
    if not meta.kind:
        joined = text + "".join(table_titles)
        budget, final = joined.count("预算表") + joined.count("部门预算"), joined.count("决算")
        if budget or final:
            meta.kind = "final" if final > budget else "budget"

    scope_text = text[:2000]
    if re.search(r"单位(?:预算|决算)", scope_text) and not re.search(r"部门(?:预算|决算)", scope_text):
        meta.scope = "unit"
    elif re.search(r"部门(?:预算|决算)", scope_text + "".join(table_titles)):
        meta.scope = "department"

    match = JURISDICTION_RE.match(meta.department)
    if match and match.group(1) != meta.department:
        meta.jurisdiction = match.group(1)

    for name in ("jurisdiction", "department", "fiscal_year", "kind", "scope"):
        if getattr(meta, name) in ("", None):
            meta.unknown.append(name)
    return meta


def department_line(text: str) -> str:
    match = DEPT_LINE_RE.search(text.replace(" ", ""))
    return match.group(1) if match else ""
