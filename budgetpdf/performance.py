"""Performance annexes: target tables (预算) and self-evaluation tables (决算), structured.

The layouts differ between publishers, so the reader works from labels rather
than positions: the indicator header row (一级/二级/三级指标 …) names the
columns, the label cells (项目名称, 年度目标 …) name the values beside them,
and the funding block (预算数, 执行数, 执行率, 得分) is read from its header.
"""

import re

from . import numbers
from .grids import Grid, filled_matrix
from .model import Indicator, PerformanceRecord

TITLE_RE = re.compile(r"绩效")
INDICATOR_COLUMNS: list[tuple[str, re.Pattern]] = [
    (field, re.compile(pattern))
    for field, pattern in [
        ("level1", r"^一级指标"),
        ("level2", r"^二级指标"),
        ("name", r"^(?:三级指标|指标名称|绩效指标名称|具体指标)"),
        ("actual", r"实际完成值|实际完成情况|完成值|实际值"),
        ("target", r"^(?:年度|年初|预期|全年)?(?:指标值|目标值)(?!内容|类型|确定)|年度指标值"),
        ("weight", r"^(?:分值|权重|分值权重)"),
        ("score", r"^得分"),
        ("deviation", r"偏差原因|原因分析|改进措施"),
    ]
]
LABELS = {
    "project": re.compile(r"^(?:项目名称|单位（项目）名称|项目)$"),
    "goal": re.compile(r"年度(?:总体)?目标|总体目标|绩效目标$|预期目标"),
    "result": re.compile(r"实际完成情况|全年实际完成情况"),
}
FUNDING = [
    ("budget", re.compile(r"全年预算数|调整预算数|预算数|资金总额|预算金额|年初预算数")),
    ("executed", re.compile(r"全年执行数|执行数|实际支出")),
    ("execution_rate", re.compile(r"执行率")),
    ("score", re.compile(r"^得分$")),
]


def is_performance(title: str) -> bool:
    return bool(TITLE_RE.search(title))


def read(grids: list[Grid], title: str) -> list[PerformanceRecord]:
    """One record per project; a table that lists several projects gives several records."""
    kind = "self_evaluation" if "自评" in title or "评价" in title else "target"
    pages = sorted({g.page for g in grids})
    rows: list[tuple[int, list[str]]] = []
    for grid in grids:
        rows.extend((grid.page, [c.replace("\n", "") for c in row]) for row in filled_matrix(grid))
    record = PerformanceRecord(kind=kind, title=title, pages=pages, overall="整体" in title)
    _read_labels(record, rows)
    if record.overall:
        record.project = ""
    _read_funding(record, rows)
    header_index, columns = _indicator_header(rows)
    if header_index is None:
        return [record]
    project_col = _project_column(rows[header_index][1])
    records: dict[str, PerformanceRecord] = {}
    for page, row in rows[header_index + 1 :]:
        indicator = _indicator(row, columns, page)
        if indicator is None:
            continue
        project = row[project_col] if project_col is not None else ""
        target = record
        if project:
            target = records.setdefault(
                project, PerformanceRecord(kind=kind, title=title, pages=pages, overall=record.overall, project=project)
            )
        target.indicators.append(indicator)
    return list(records.values()) if records else [record]


TOTAL_SCORE_RE = re.compile(r"^(?:总分|总得分|自评得分|合计得分)$")


def _read_labels(record: PerformanceRecord, rows) -> None:
    for _, row in rows:
        if record.score is None and row and TOTAL_SCORE_RE.match(row[0].replace(" ", "")):
            scores = [numbers.parse_amount(cell) for cell in row[1:]]
            record.score = next((v for v in reversed(scores) if v is not None), None)
        for index, text in enumerate(row):
            compact = text.replace(" ", "")
            for field, pattern in LABELS.items():
                if getattr(record, field) or not pattern.search(compact) or len(compact) > 12:
                    continue
                value = next((v for v in row[index + 1 :] if v and v != text), "")
                if value and not any(p.search(value.replace(" ", "")) for p in LABELS.values()):
                    setattr(record, field, value)


def _read_funding(record: PerformanceRecord, rows) -> None:
    for index, (_, row) in enumerate(rows):
        positions = {}
        for col, text in enumerate(row):
            compact = text.replace(" ", "")
            for field, pattern in FUNDING:
                if field not in positions and pattern.search(compact) and len(compact) < 20:
                    positions[field] = col
        if len(positions) < 2:
            continue
        for _, below in rows[index + 1 : index + 4]:
            found = {f: numbers.parse_amount(below[c].rstrip("%")) for f, c in positions.items() if c < len(below)}
            if any(v is not None for v in found.values()):
                for field, value in found.items():
                    if value is not None and getattr(record, field) is None:
                        setattr(record, field, value)
                return


def _indicator_header(rows) -> tuple[int | None, dict[str, int]]:
    for index, (_, row) in enumerate(rows):
        columns: dict[str, int] = {}
        for col, text in enumerate(row):
            compact = text.replace(" ", "")
            for field, pattern in INDICATOR_COLUMNS:
                if field not in columns and pattern.search(compact):
                    columns[field] = col
                    break
        if "name" in columns and ("level1" in columns or "level2" in columns):
            return index, columns
    return None, {}


def _project_column(header: list[str]) -> int | None:
    """A column of project names beside the indicators (several projects in one table)."""
    for col, text in enumerate(header):
        if re.search(r"项目）?名称$|^项目名称", text.replace(" ", "")) and "指标" not in text:
            return col
    return None


def merge_continued(records: list[PerformanceRecord]) -> list[PerformanceRecord]:
    """A project's table continued on the next page (its title repeated) is one record."""
    merged: list[PerformanceRecord] = []
    for record in records:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and (record.project or record.overall)
            and (previous.project, previous.title, previous.kind) == (record.project, record.title, record.kind)
        ):
            previous.indicators.extend(record.indicators)
            previous.pages = sorted({*previous.pages, *record.pages})
            for field in ("budget", "executed", "execution_rate", "score"):
                if getattr(previous, field) is None:
                    setattr(previous, field, getattr(record, field))
            continue
        merged.append(record)
    return merged


def _indicator(row: list[str], columns: dict[str, int], page: int) -> Indicator | None:
    def cell(field: str) -> str:
        col = columns.get(field)
        return row[col].strip() if col is not None and col < len(row) else ""

    name = cell("name")
    if not name or any(pattern.search(name.replace(" ", "")) for _, pattern in INDICATOR_COLUMNS[:3]):
        return None
    if name in {"合计", "总分", "总计"}:
        return None
    target, actual = cell("target"), cell("actual")
    return Indicator(
        name=name,
        level1=cell("level1"),
        level2=cell("level2"),
        target_text=target,
        target_value=numbers.first_number(target),
        actual_text=actual,
        actual_value=numbers.first_number(actual),
        weight=numbers.parse_amount(cell("weight")),
        score=numbers.parse_amount(cell("score")),
        deviation=cell("deviation"),
        page=page,
    )
