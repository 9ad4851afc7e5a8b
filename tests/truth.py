"""Hand-checked truth files for real reports, and the identities that hold in them.

A truth file (tests/fixtures/truth/<PDF file stem>.json) records what a real report prints:
its metadata, and for each standard table its type, unit, columns and every row's code, name
and values exactly as printed (a value is the printed text, or null for a blank cell). The
inconsistencies the publisher printed are listed with their page and both numbers.
"""

import json
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

TRUTH_DIR = Path(__file__).resolve().parent / "fixtures" / "truth"
REAL_REPORTS = Path(__file__).resolve().parent.parent.parent / "shared" / "real-reports"
SHARED_REAL_REPORTS = Path("/work/shared/real-reports")
TOTAL_RE = re.compile(r"^(?:合计|总计|本年支出合计|支出合计)$")
ZERO = Decimal("0")


@dataclass(frozen=True)
class Identity:
    """One 'whole = sum of parts' relation in one column of one table."""

    table: str
    row: str
    column: str
    page: int
    expected: Decimal
    printed: Decimal

    @property
    def holds(self) -> bool:
        return self.expected == self.printed


def truth_files() -> list[Path]:
    return sorted(TRUTH_DIR.glob("*.json"))


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def real_report(truth: dict) -> Path | None:
    """The PDF a truth file describes, in the shared folder beside the project, or None when absent."""
    for folder in (REAL_REPORTS, SHARED_REAL_REPORTS):
        if (folder / truth["file"]).exists():
            return folder / truth["file"]
    return None


def amount(text: str | None) -> Decimal:
    return Decimal(text.replace(",", "")) if text else ZERO


def identities(table: dict) -> list[Identity]:
    """Every parent = sum of its children (codes one level down printed under it), and every 合计 = sum of 类."""
    found: list[Identity] = []
    for side in {row.get("side") for row in table["rows"]}:
        rows = [row for row in table["rows"] if row.get("side") == side]
        for index, row in enumerate(rows):
            if row["code"] and len(row["code"]) < 7:
                found.extend(_column_identities(table, row, row["code"], _children(rows, index)))
            elif not row["code"] and TOTAL_RE.match(re.sub(r"\s+", "", row["name"])):
                classes = [r for r in rows[index + 1 :] if len(r["code"]) == 3]
                found.extend(_column_identities(table, row, "合计", classes))
    return found


def _children(rows: list[dict], index: int) -> list[dict]:
    parent = rows[index]["code"]
    children = []
    for row in rows[index + 1 :]:
        if not row["code"]:
            continue
        if not row["code"].startswith(parent) or row["code"] == parent:
            break
        if len(row["code"]) == len(parent) + 2:
            children.append(row)
    return children


def _column_identities(table: dict, whole: dict, label: str, parts: list[dict]) -> list[Identity]:
    if not parts:
        return []
    return [
        Identity(
            table=table["type"],
            row=label,
            column=column,
            page=whole["page"],
            expected=sum((amount(part["values"][position]) for part in parts), ZERO),
            printed=amount(whole["values"][position]),
        )
        for position, column in enumerate(table["columns"])
        if whole["values"][position] is not None or any(part["values"][position] for part in parts)
    ]


def listed(truth: dict, identity: Identity) -> bool:
    return any(
        item["table"] == identity.table
        and item["row"] == identity.row
        and item["column"] == identity.column
        and item["page"] == identity.page
        and amount(item["expected"]) == identity.expected
        and amount(item["printed"]) == identity.printed
        for item in truth.get("inconsistencies", [])
    )


def compact(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


def differences(truth: dict, report) -> list[str]:
    """What a parsed report reads differently from its truth file, one readable line each."""
    lines = [
        f"{key}: parsed {getattr(report, key)!r}, truth {truth[key]!r}"
        for key in ("department", "fiscal_year", "kind", "scope")
        if getattr(report, key) != truth[key]
    ]
    for table in truth["tables"]:
        lines.extend(_table_differences(table, report))
    return lines


def _table_differences(table: dict, report) -> list[str]:
    where = f"{table['type']} ({table['title']}, p.{table['pages'][0]})"
    candidates = [t for t in report.tables if t.type == table["type"]]
    parsed = next((t for t in candidates if set(t.pages) & set(table["pages"])), None)
    if parsed is None:
        others = [f"{t.type} p.{t.pages[0]}" for t in report.tables if set(t.pages) & set(table["pages"])]
        return [f"{where}: no table of this type; on its pages: {', '.join(others) or 'nothing'}"]
    lines = []
    if table.get("empty") and not parsed.empty:
        lines.append(f"{where}: the report declares this table empty, parsed as not empty")
    if parsed.unit != table["unit"]:
        lines.append(f"{where}: unit parsed {parsed.unit!r}, truth {table['unit']!r}")
    keys = [column.key for column in parsed.columns]
    remaining = list(parsed.rows)
    for row in table["rows"]:
        expected = [compact(value) for value in row["values"] if value]
        label = f"{where} row {row['code'] or '-'} {row['name'] or '-'} (p.{row['page']})"
        match = _matching_row(remaining, row)
        if match is None:
            lines.append(f"{label}: missing, truth values {expected}")
            continue
        remaining.remove(match)
        if match.code != row["code"]:
            lines.append(f"{label}: code parsed {match.code!r}, truth {row['code']!r}")
        got = [compact(match.printed[key]) for key in keys if key in match.printed]
        if got != expected:
            lines.append(f"{label}: values parsed {got}, truth {expected}")
    lines.extend(f"{where} extra row {r.code or '-'} {r.name or '-'} (p.{r.page})" for r in remaining)
    return lines


def _matching_row(rows: list, row: dict):
    """The parsed row with the same code and name; failing that, the first with the same name."""
    name = compact(row["name"])
    same_name = [r for r in rows if compact(r.name) == name]
    return next((r for r in same_name if r.code == row["code"]), same_name[0] if same_name else None)
