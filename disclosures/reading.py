"""What the reading of a report could not give: standard tables missing, image pages not read, OCR values unconfirmed.

Said plainly on the public report page and the staff review page, so that "all checks hold" is never
shown for a report whose tables were never checked.
"""

from dataclasses import dataclass

from budgetpdf.checks import RULES

from .models import LineItem, Report, ReportPage


def table_rules() -> frozenset[str]:
    """The rules that check the tables alone (sums within and across tables), not the narrative."""
    return frozenset(rule.id for rule in RULES.values() if rule.needs == frozenset({"tables"}))


@dataclass(frozen=True)
class ReadingState:
    table_checks_ran: bool
    missing_tables: list[str]
    unread_image_pages: list[int]
    flagged_values: int


def reading_notes(state: ReadingState) -> list[str]:
    """The sentences that stand in for (or beside) the count of checks that hold."""
    notes = []
    if not state.table_checks_ran:
        if state.missing_tables:
            notes.append("标准公开表缺失：" + "、".join(state.missing_tables))
        if state.unread_image_pages:
            pages = "、".join(str(number) for number in state.unread_image_pages)
            notes.append(f"第{pages}页为图片，未能识别")
    if state.flagged_values:
        notes.append(f"以文字识别（OCR）读取，{state.flagged_values} 个数值未经核对确认")
    return notes


def reading_state(report: Report, *, checks, missing_tables: list[str]) -> ReadingState:
    """The report's state as stored, from its checks and missing standard tables; pages that are images (or were
    read by OCR) cost two queries, a report read from its text layer none."""
    rules = table_rules()
    unread: list[int] = []
    flagged = 0
    if report.ocr_pages:
        read = set(
            ReportPage.objects.filter(report=report, number__in=report.ocr_pages, source=ReportPage.Source.OCR)
            .exclude(text="")
            .values_list("number", flat=True)
        )
        unread = sorted(number for number in report.ocr_pages if number not in read)
        flagged = sum(
            1
            for readings in LineItem.objects.filter(table__report=report, source="ocr").values_list("ocr", flat=True)
            for entry in (readings or {}).values()
            if entry.get("flagged")
        )
    return ReadingState(
        table_checks_ran=any(check.rule in rules for check in checks),
        missing_tables=list(missing_tables),
        unread_image_pages=unread,
        flagged_values=flagged,
    )
