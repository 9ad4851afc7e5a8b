"""What a person says about a report the file itself may not: department, district, year, kind, scope.

The same words are accepted on the command line, in a bulk-ingest CSV and on the upload form; a hint wins over
what the parser reads from the file.
"""

KIND_WORDS = {"budget": "budget", "预算": "budget", "final": "final", "决算": "final"}
SCOPE_WORDS = {"department": "department", "部门": "department", "unit": "unit", "单位": "unit"}


class InvalidHint(ValueError):
    """A hint that cannot be used; the message says which and why."""


def hints_from(
    *,
    department: str = "",
    jurisdiction: str = "",
    fiscal_year: str | int | None = None,
    kind: str = "",
    scope: str = "",
) -> dict:
    """The hints as the ingestion job stores them; blank ones are left to the parser."""
    hints: dict = {}
    if department and department.strip():
        hints["department"] = department.strip()
    if jurisdiction and jurisdiction.strip():
        hints["jurisdiction"] = jurisdiction.strip()
    year = str(fiscal_year).strip() if fiscal_year not in (None, "") else ""
    if year:
        if not (year.isdigit() and len(year) == 4 and 1990 <= int(year) <= 2100):
            raise InvalidHint(f"年度“{year}”不是四位年份（如 2024）。")
        hints["fiscal_year"] = int(year)
    if kind and kind.strip():
        if kind.strip() not in KIND_WORDS:
            raise InvalidHint(f"类型“{kind}”应为 budget/预算 或 final/决算。")
        hints["kind"] = KIND_WORDS[kind.strip()]
    if scope and scope.strip():
        if scope.strip() not in SCOPE_WORDS:
            raise InvalidHint(f"范围“{scope}”应为 department/部门 或 unit/单位。")
        hints["scope"] = SCOPE_WORDS[scope.strip()]
    return hints
