"""Staff confirming a value read by OCR as printed: it stops being flagged, nothing else changes."""

from django.db import transaction

from .models import AuditEntry, LineItem, LineValue
from .services import NotEditable, _require_draft, audit_record


class NotFlagged(Exception):
    """The value is not an OCR reading waiting to be confirmed."""


@transaction.atomic
def value_confirm(*, value: LineValue, user) -> LineValue:
    """Confirm a flagged OCR reading as printed on the page: no correction, the flag is lifted and the
    confirmation is logged with who made it."""
    value = LineValue.objects.select_related("line__table__report", "column").get(pk=value.pk)
    line = LineItem.objects.select_for_update().get(pk=value.line_id)
    report = value.line.table.report
    _require_draft(report)
    key = value.column.key
    readings = dict(line.ocr or {})
    if key not in line.flagged_columns:
        raise NotFlagged("这个数值不是待核对的文字识别（OCR）读数。")
    readings[key] = {**readings[key], "flagged": False, "confirmed_by": _name(user)}
    line.ocr = readings
    line.save(update_fields=["ocr"])
    audit_record(
        user=user,
        action=AuditEntry.Action.CORRECT,
        report=report,
        summary=f"核对确认 {line.table.title} / {line} / {value.column.label}：{value.printed}（与原文一致，未更改）",
        details={"value": value.pk, "confirmed": value.printed, "raw": readings[key].get("raw", "")},
    )
    return value


def _name(user) -> str:
    return user.get_username() if getattr(user, "is_authenticated", False) else ""


__all__ = ["NotEditable", "NotFlagged", "value_confirm"]
