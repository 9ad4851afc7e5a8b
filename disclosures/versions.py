"""What changed between two versions of a report, value by value."""

from dataclasses import dataclass, field
from decimal import Decimal

from .models import LineValue, Report


@dataclass(frozen=True)
class ValueChange:
    table: str
    line: str
    column: str
    page: int
    before: str | None
    after: str | None
    before_amount: Decimal | None
    after_amount: Decimal | None


@dataclass
class Changes:
    added: list[ValueChange] = field(default_factory=list)
    removed: list[ValueChange] = field(default_factory=list)
    different: list[ValueChange] = field(default_factory=list)
    unchanged: int = 0

    @property
    def any(self) -> bool:
        return bool(self.added or self.removed or self.different)


def _cells(report: Report) -> dict[tuple, LineValue]:
    values = (
        LineValue.objects.filter(line__table__report=report)
        .select_related("line__table", "column")
        .order_by("line__table__position", "line__position", "column__position")
    )
    cells: dict[tuple, LineValue] = {}
    for value in values:
        line, table = value.line, value.line.table
        table_key = (table.type, table.title if table.type == "other" else "")
        key = (*table_key, line.side, line.code, line.name, value.column.key)
        cells.setdefault(key, value)
    return cells


def _change(value_before: LineValue | None, value_after: LineValue | None) -> ValueChange:
    value = value_after or value_before
    return ValueChange(
        table=value.line.table.title,
        line=str(value.line),
        column=value.column.label,
        page=value.line.page,
        before=value_before.printed if value_before else None,
        after=value_after.printed if value_after else None,
        before_amount=value_before.amount if value_before else None,
        after_amount=value_after.amount if value_after else None,
    )


def report_changes(before: Report, after: Report) -> Changes:
    """Cells matched by table, side, code, name and column: added, removed, and those whose amount differs."""
    old, new = _cells(before), _cells(after)
    changes = Changes()
    for key, value in new.items():
        if key not in old:
            changes.added.append(_change(None, value))
        elif old[key].amount != value.amount:
            changes.different.append(_change(old[key], value))
        else:
            changes.unchanged += 1
    changes.removed = [_change(value, None) for key, value in old.items() if key not in new]
    return changes
