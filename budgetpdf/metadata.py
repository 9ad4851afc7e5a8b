"""Report metadata from the cover and first pages. Unknown stays unknown and is listed."""

import re
from dataclasses import dataclass, field, replace

CJK = r"\u4e00-\u9fff"
NAME = rf"[{CJK}（）()A-Za-z0-9]"


def _year(name: str) -> str:
    return rf"(?P<{name}>20\d{{2}})\s*年度?"


# "2026年度福州市民政局(本级)单位预算", "长沙市信访局2025年部门预算公开", "上海市普陀区财政局年度部门决算2024",
# "重庆市商务委员会年部门预算情况说明2026" (the year printed on its own line under the title)
TITLE_RE = re.compile(
    rf"(?:{_year('y1')})?(?P<body>{NAME}{{2,60}}?)(?:{_year('y2')}|年度?)?(?:市级|区级|县级)?(?P<scope>部门|单位)?"
    rf"(?:综合)?(?P<kind>预算|决算)(?:情况说明|公开)?(?:(?P<y3>20\d{{2}})(?:年度?)?)?"
)
LABELLED_BODY_RE = re.compile(
    rf"(?:预算单位|预算主管部门|决算单位|单位名称|部门名称|编制单位|编制部门|^部门)[:：]({NAME}{{2,60}}?)(?:单位[:：]|金额|$)",
    re.MULTILINE,
)
DEPARTMENT_LINE_RE = re.compile(
    rf"(?<!金额)(?<!计量)(?:部门|单位)[:：]\s*({NAME}{{2,60}}?)(?:\s|金额|单位[:：]|公开|$)"
)
JURISDICTION_RE = re.compile(
    r"^(?:中共)?((?:[\u4e00-\u9fff]{2,3}?(?:省|自治区))?(?:[^\W市省区县]{2,3}?市)?(?:[^\W市省区县]{2,3}?(?:区|县))?)"
)
QUALIFIER_RE = re.compile(r"[（(](?:本级|汇总|部门汇总|单位)[)）]$")
NOT_A_BODY = re.compile(r"^(?:目录|附件|说明|关于)|表$|万元|收入|支出|合计|项目|一般公共")
# Section headings and column labels that stand where a department's name could: never a department.
NOT_A_DEPARTMENT = re.compile(r"第[一二三四五六七八九十]+部分|名词解释|目录|^构成|^金额|^计量|万元")


def is_department_name(text: str) -> bool:
    return bool(text) and not NOT_A_DEPARTMENT.search(text)


@dataclass
class Metadata:
    jurisdiction: str = ""
    department: str = ""
    fiscal_year: int | None = None
    kind: str = ""
    scope: str = ""
    title: str = ""
    unknown: list[str] = field(default_factory=list)


def _compact(text: str) -> str:
    return re.sub(r"[ \t\u3000]+", "", text)


def detect(pages: list[str], department_lines: list[str] | None = None, titles: list[str] | None = None) -> Metadata:
    """From the texts of the first pages, the 部门：lines above tables and the table titles."""
    meta = _from_cover(pages)
    if not meta.department:
        meta.department = next((line for line in department_lines or [] if is_department_name(line)), "")
    _from_counts(meta, _compact("\n".join(pages)), "".join(titles or []))
    meta.department = QUALIFIER_RE.sub("", meta.department)
    jurisdiction = JURISDICTION_RE.match(meta.department)
    if jurisdiction and jurisdiction.group(1) and jurisdiction.group(1) != meta.department:
        meta.jurisdiction = jurisdiction.group(1)
    meta.unknown = _unknown(meta)
    return meta


def _from_cover(pages: list[str]) -> Metadata:
    """The labelled department line and the title on the first page that names a department."""
    meta = Metadata()
    for text in pages:
        compact = _compact(text)
        cover = "".join(compact.splitlines()[:12])
        labelled = LABELLED_BODY_RE.search(compact)
        if labelled and is_department_name(labelled.group(1)):
            meta.department = labelled.group(1)
        match = _title_match(cover)
        if match:
            meta.title = match.group(0)
            if not meta.department:
                meta.department = match.group("body").removesuffix("部门")
            year = match.group("y1") or match.group("y2") or match.group("y3")
            meta.fiscal_year = int(year) if year else None
            meta.kind = "budget" if match.group("kind") == "预算" else "final"
            meta.scope = "unit" if match.group("scope") == "单位" else "department"
        if meta.department:
            break
    return meta


def _from_counts(meta: Metadata, joined: str, title_text: str) -> None:
    """What the cover left open, from what the first pages and the table titles say most often."""
    if meta.fiscal_year is None:
        years = re.findall(r"(20\d{2})\s*年", joined) or re.findall(r"(20\d{2})\s*年", title_text)
        if years:
            meta.fiscal_year = int(max(set(years), key=years.count))
    if not meta.kind:
        budget = len(re.findall(r"预算(?:总|汇总|明细)?表|预算数", joined + title_text))
        final = len(re.findall(r"决算", joined + title_text))
        if budget or final:
            meta.kind = "final" if final > budget else "budget"
    if not meta.scope and meta.department:
        meta.scope = "unit" if re.search(r"单位(?:预算|决算)", joined[:3000]) else "department"


IDENTITY_FIELDS = ("jurisdiction", "department", "fiscal_year", "kind", "scope")


def _unknown(meta: Metadata) -> list[str]:
    return [name for name in IDENTITY_FIELDS if getattr(meta, name) in ("", None)]


def with_hints(meta: Metadata, hints: dict) -> Metadata:
    """The metadata with what the uploader gave in place of what the file says."""
    given = {name: value for name, value in hints.items() if name in IDENTITY_FIELDS and value not in ("", None)}
    hinted = replace(meta, **given)
    hinted.unknown = _unknown(hinted)
    return hinted


def _title_match(cover: str):
    for match in TITLE_RE.finditer(cover):
        body = match.group("body")
        if NOT_A_BODY.search(body) or not is_department_name(body) or len(body) < 3:
            continue
        if re.fullmatch(rf"[{CJK}]{{2,3}}(?:省|市|区|县)", body):
            continue
        if not (match.group("scope") or match.group("y1") or match.group("y2") or match.group("y3")):
            continue
        return match
    return None


def department_line(text: str) -> str:
    match = DEPARTMENT_LINE_RE.search(_compact(text))
    return match.group(1) if match and is_department_name(match.group(1)) else ""
