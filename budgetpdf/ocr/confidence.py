"""Each value read by OCR: the recogniser's confidence, whether an identity confirms it, and a flag.

A value is confirmed when it takes part in an identity that holds exactly: parent = sum of its
children, 合计 = sum of the 类 lines, a row's total = sum of its parts, or the same line of
another table printing the same amount. Where an identity fails and exactly one value in it is
unconfident, and the amount the identity needs differs from that reading by an OCR slip (a
dropped, doubled or moved decimal point; never a different digit), the value is set to the amount the identity
proves and the raw reading is kept beside it. Everything neither confident nor confirmed is flagged.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from .. import checks
from ..figures import is_total
from ..model import Row, Table
from ..pages import Page

CONFIDENT = 0.95
ZERO = Decimal("0")


@dataclass
class ValueReading:
    table: str
    page: int
    row: str
    column: str
    value: Decimal
    raw: str
    confidence: float
    confirmed: bool = False
    corrected_from: str = ""

    @property
    def flagged(self) -> bool:
        return not self.confirmed and self.confidence < CONFIDENT


@dataclass
class Readings:
    """The readings of one report's OCR values, keyed by (id(row), column)."""

    by_cell: dict[tuple[int, str], ValueReading] = field(default_factory=dict)

    def of(self, row: Row, column: str) -> ValueReading | None:
        return self.by_cell.get((id(row), column))

    def all(self) -> list[ValueReading]:
        return list(self.by_cell.values())


def assess(tables: list[Table], ocr_pages: dict[int, Page]) -> Readings:
    readings = Readings()
    for table in tables:
        for row in table.rows:
            page = ocr_pages.get(row.page)
            if page is None:
                continue
            for column, value in row.values.items():
                printed = row.printed.get(column, str(value))
                raw, confidence = _reading_of(page, row, printed)
                readings.by_cell[(id(row), column)] = ValueReading(
                    table=table.type,
                    page=row.page,
                    row=row.code or row.name,
                    column=column,
                    value=value,
                    raw=raw,
                    confidence=confidence,
                )
    if not readings.by_cell:
        return readings
    for table in tables:
        for whole, parts in identities(table):
            confirm_or_correct(readings, whole, parts)
    _confirm_across_tables(readings, tables)
    return readings


def _reading_of(page: Page, row: Row, printed: str) -> tuple[str, float]:
    """The raw reading and the lowest confidence of the glyphs in the row that spell the printed value."""
    if row.bbox is None:
        return printed, 0.0
    x0, top, x1, bottom = row.bbox
    target = printed.replace(" ", "")
    runs: dict[tuple[str, float], list[dict]] = defaultdict(list)
    for char in page.chars:
        middle = (char["top"] + char["bottom"]) / 2
        if top <= middle <= bottom and x0 - 1 <= char["x0"] <= x1 + 1:
            runs[(char["raw"], char["top"])].append(char)
    matches = [chars for chars in runs.values() if "".join(c["text"] for c in chars) == target]
    if not matches:
        matches = [chars for chars in runs.values() if target in "".join(c["text"] for c in chars)]
    if not matches:
        return printed, 0.0
    confidence = min(c["confidence"] for chars in matches for c in chars)
    return matches[0][0]["raw"], float(confidence)


def identities(table: Table) -> list[tuple[tuple[Row, str], list[tuple[Row, str]]]]:
    """Each identity of the table as (whole, parts) over (row, column) cells."""
    if table.empty or table.type == "other":
        return []
    found = []
    for rows in _sides(table):
        for index, row in enumerate(rows):
            parts = _children(rows, index) if row.code else []
            if not parts and is_total(row.name) and table.type not in ("income_expenditure_summary",):
                parts = _classes(rows, index)
            for column in row.values:
                cells = [(p, column) for p in parts if column in p.values]
                if cells:
                    found.append(((row, column), cells))
    if table.type in checks.tables.ROW_CHECKED_TYPES:
        for side, total_key, partitions in checks.tables._partitions(table):
            for row in table.rows:
                if row.side != side or total_key not in row.values:
                    continue
                for keys in partitions:
                    cells = [(row, k) for k in keys if k in row.values]
                    if cells:
                        found.append(((row, total_key), cells))
    return found


def _sides(table: Table) -> list[list[Row]]:
    by_side: dict[str | None, list[Row]] = defaultdict(list)
    for row in table.rows:
        by_side[row.side].append(row)
    return list(by_side.values())


def _children(rows: list[Row], index: int) -> list[Row]:
    parent = rows[index]
    children = []
    for row in rows[index + 1 :]:
        if not row.code:
            continue
        if not row.code.startswith(parent.code) or row.code == parent.code:
            break
        if len(row.code) == len(parent.code) + 2:
            children.append(row)
    return children


def _classes(rows: list[Row], index: int) -> list[Row]:
    classes: list[Row] = []
    for row in rows[index + 1 :]:
        if is_total(row.name) or (row.level == 1 and row.code in {c.code for c in classes}):
            break
        if row.level == 1:
            classes.append(row)
    return classes


def confirm_or_correct(readings: Readings, whole, parts) -> None:
    cells = [whole, *parts]
    found = [readings.of(row, column) for row, column in cells]
    if any(reading is None for reading in found):
        return
    whole_value = whole[0].values[whole[1]]
    parts_sum = sum((row.values[column] for row, column in parts), ZERO)
    if whole_value == parts_sum:
        for reading in found:
            reading.confirmed = True
        return
    doubtful = [i for i, reading in enumerate(found) if reading.confidence < CONFIDENT and not reading.confirmed]
    if len(doubtful) != 1:
        return
    index = doubtful[0]
    row, column = cells[index]
    current = row.values[column]
    needed = parts_sum if index == 0 else whole_value - (parts_sum - current)
    if needed >= ZERO and is_ocr_slip(found[index].raw, needed):
        row.values[column] = needed
        row.printed[column] = _printed_like(found[index].raw, needed)
        reading = found[index]
        reading.corrected_from, reading.value, reading.confirmed = reading.raw, needed, True
        for other in found:
            other.confirmed = True


def is_ocr_slip(raw: str, needed: Decimal) -> bool:
    """The reading has the needed amount's digits and differs only by a dropped, doubled or moved
    decimal point. A different digit is never mended: a total printed 0.01 off the sum of its
    parts is what the report prints, and is reported as such."""
    read_digits = "".join(c for c in raw if c.isdigit())
    needed_digits = "".join(c for c in f"{needed:f}" if c.isdigit())
    return bool(read_digits) and read_digits.lstrip("0") == needed_digits.lstrip("0")


def _printed_like(raw: str, value: Decimal) -> str:
    text = f"{value:,f}" if "," in raw else f"{value:f}"
    return text


def _confirm_across_tables(readings: Readings, tables: list[Table]) -> None:
    """The same coded line in two tables printing the same amount confirms both readings."""
    seen: dict[tuple[str, Decimal], list[ValueReading]] = defaultdict(list)
    for table in tables:
        for row in table.rows:
            if not row.code:
                continue
            for column, value in row.values.items():
                reading = readings.of(row, column)
                if reading is not None:
                    seen[(row.code, value)].append(reading)
    for group in seen.values():
        if len({(r.table, r.page) for r in group}) > 1:
            for reading in group:
                reading.confirmed = True


def annotate(tables: list[Table], ocr_pages: dict[int, Page]) -> Readings:
    """Assess the values read by OCR and mark each row read from an OCR page with its readings."""
    readings = assess(tables, ocr_pages)
    for table in tables:
        for row in table.rows:
            if row.page in ocr_pages:
                row.source = "ocr"
                row.ocr = row_json(readings, row)
    return readings


def row_json(readings: Readings, row: Row) -> dict:
    """The `ocr` object beside a row's `values` in the report JSON; {} for a row read from text."""
    result = {}
    for column in row.values:
        reading = readings.of(row, column)
        if reading is None:
            continue
        entry = {
            "confidence": round(reading.confidence, 3),
            "confirmed": reading.confirmed,
            "flagged": reading.flagged,
            "raw": reading.corrected_from or reading.raw,
        }
        if reading.corrected_from:
            entry["corrected_from"] = reading.corrected_from
        result[column] = entry
    return result
