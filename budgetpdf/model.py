"""What the parser produces: plain dataclasses, no ORM.

Amounts are Decimals in the unit the table prints; a blank cell is absent,
never zero. `Report.to_json()` gives the parser's part of the
disclosure-report/1 document.
"""

from dataclasses import asdict, dataclass, field
from decimal import Decimal
from enum import StrEnum

SCHEMA = "disclosure-report/1"


class TableType(StrEnum):
    """The canonical tables of a disclosure; a table of no known kind is `other`."""

    INCOME_EXPENDITURE_SUMMARY = "income_expenditure_summary"
    INCOME = "income"
    EXPENDITURE = "expenditure"
    APPROPRIATION_SUMMARY = "appropriation_summary"
    GENERAL_BUDGET_EXPENDITURE = "general_budget_expenditure"
    BASIC_EXPENDITURE_ECONOMIC = "basic_expenditure_economic"
    GOVERNMENT_FUND = "government_fund"
    STATE_CAPITAL = "state_capital"
    THREE_PUBLIC = "three_public"
    PROJECT_EXPENDITURE = "project_expenditure"
    APPROPRIATION_EXPENDITURE = "appropriation_expenditure"
    GOVERNMENT_PROCUREMENT = "government_procurement"
    OPERATING_COSTS = "operating_costs"
    STATE_ASSETS = "state_assets"
    OTHER = "other"


# The tables every department's budget and final account publishes (公开表), in the order they are printed;
# a budget adds its project list (project_expenditure).
STANDARD_TABLES = (
    TableType.INCOME_EXPENDITURE_SUMMARY,
    TableType.INCOME,
    TableType.EXPENDITURE,
    TableType.APPROPRIATION_SUMMARY,
    TableType.GENERAL_BUDGET_EXPENDITURE,
    TableType.BASIC_EXPENDITURE_ECONOMIC,
    TableType.GOVERNMENT_FUND,
    TableType.STATE_CAPITAL,
    TableType.THREE_PUBLIC,
)


@dataclass
class PageText:
    """One page's text as lines, whether it came from the text layer or from OCR, and what its reader noted."""

    number: int
    text: str
    source: str = "text"
    notes: list[str] = field(default_factory=list)


@dataclass
class Column:
    key: str
    label: str


@dataclass
class Row:
    name: str
    values: dict[str, Decimal]
    page: int
    printed: dict[str, str] = field(default_factory=dict)
    code: str = ""
    code_inferred: bool = False  # the code was not printed: the name is its code's name in the report's year
    side: str | None = None
    bbox: tuple[float, float, float, float] | None = None
    source: str = "text"  # "text" | "ocr": the page the row was read from
    # per column, for rows read by OCR: confidence, confirmed, flagged, raw (and corrected_from when mended)
    ocr: dict[str, dict] = field(default_factory=dict)

    @property
    def level(self) -> int:
        return code_level(self.code)


@dataclass
class Table:
    type: str
    title: str
    pages: list[int]
    unit: str = ""
    printed_number: str = ""
    empty: bool = False
    columns: list[Column] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)


@dataclass
class KeyFigure:
    key: str
    value: Decimal
    source: str  # "table" | "narrative"
    page: int | None = None
    table: str = ""
    quote: str = ""
    unit: str = "万元"


@dataclass
class Indicator:
    name: str
    level1: str = ""
    level2: str = ""
    target_text: str = ""
    target_value: Decimal | None = None
    actual_text: str = ""
    actual_value: Decimal | None = None
    weight: Decimal | None = None
    score: Decimal | None = None
    deviation: str = ""
    page: int | None = None


@dataclass
class PerformanceRecord:
    kind: str  # "target" | "self_evaluation"
    title: str
    pages: list[int]
    overall: bool = False
    project: str = ""
    budget: Decimal | None = None
    executed: Decimal | None = None
    execution_rate: Decimal | None = None
    score: Decimal | None = None
    goal: str = ""
    result: str = ""
    deviation: str = ""
    improvement: str = ""
    indicators: list[Indicator] = field(default_factory=list)


@dataclass
class Check:
    rule: str
    status: str  # "pass" | "fail"
    message: str
    table: str = ""
    row: str = ""
    expected: Decimal | None = None
    found: Decimal | None = None
    page: int | None = None
    severity: str = "error"  # "error" | "note"
    kind: str = ""
    places: list[dict] = field(default_factory=list)


@dataclass
class Hints:
    """What the uploader says about the report; given, it wins over what the file says."""

    department: str = ""
    jurisdiction: str = ""
    fiscal_year: int | None = None
    kind: str = ""
    scope: str = ""

    @classmethod
    def of(cls, hints: "Hints | dict | None") -> "Hints | None":
        if hints is None or isinstance(hints, Hints):
            return hints
        known = {name: hints[name] for name in ("department", "jurisdiction", "kind", "scope") if hints.get(name)}
        year = hints.get("fiscal_year")
        return cls(**known, fiscal_year=int(year) if year else None)

    def given(self) -> dict:
        return {name: value for name, value in asdict(self).items() if value not in ("", None)}


@dataclass
class Source:
    filename: str
    sha256: str
    pages: int
    text_pages: int
    ocr_pages: list[int] = field(default_factory=list)
    page_sources: dict[int, str] = field(default_factory=dict)


@dataclass
class Report:
    source: Source
    jurisdiction: str = ""
    department: str = ""
    scope: str = ""
    fiscal_year: int | None = None
    kind: str = ""
    title: str = ""
    unknown: list[str] = field(default_factory=list)
    hints: Hints | None = None
    pages: list[PageText] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    key_figures: dict[str, KeyFigure] = field(default_factory=dict)
    performance: list[PerformanceRecord] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)

    @property
    def page_notes(self) -> dict[int, list[str]]:
        """What the page readers noted (a blank page, a photo, an image that could not be read), by page."""
        return {page.number: list(page.notes) for page in self.pages if page.notes}

    @property
    def flagged_values(self) -> int:
        """Values read by OCR that are neither confident nor confirmed by an identity."""
        return sum(1 for table in self.tables for row in table.rows for entry in row.ocr.values() if entry["flagged"])

    def to_json(self) -> dict:
        """The parser's part of the disclosure-report/1 document; exact decimals as strings."""
        return {
            "schema": SCHEMA,
            "source": {
                "filename": self.source.filename,
                "sha256": self.source.sha256,
                "pages": self.source.pages,
                "text_pages": self.source.text_pages,
                "ocr_pages": list(self.source.ocr_pages),
                "page_sources": {str(number): source for number, source in self.source.page_sources.items()},
                "page_notes": {str(number): notes for number, notes in self.page_notes.items()},
                "hints": self.hints.given() if self.hints else {},
            },
            "jurisdiction": self.jurisdiction,
            "department": self.department,
            "scope": self.scope,
            "fiscal_year": self.fiscal_year,
            "kind": self.kind,
            "tables": [_table_json(table) for table in self.tables],
            "key_figures": {key: _figure_json(figure) for key, figure in self.key_figures.items()},
            "performance": [_performance_json(record) for record in self.performance],
            "checks": [_check_json(check) for check in self.checks],
        }


def decimal_text(value: Decimal | None) -> str | None:
    """An exact decimal as a plain string, without trailing zeros after the point."""
    if value is None:
        return None
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def printed_text(printed: str | None, amount: Decimal) -> str:
    """The exact decimal string as printed (thousands separators removed)."""
    text = (printed or "").replace(",", "")
    try:
        if Decimal(text) == amount:
            return text
    except ArithmeticError:
        pass
    return decimal_text(amount)


def _table_json(table: Table) -> dict:
    return {
        "type": table.type,
        "title": table.title,
        "printed_number": table.printed_number,
        "pages": list(table.pages),
        "unit": table.unit,
        "empty": table.empty,
        "columns": [{"key": c.key, "label": c.label} for c in table.columns],
        "rows": [_row_json(row) for row in table.rows],
    }


def _row_json(row: Row) -> dict:
    result = {
        "side": row.side,
        "code": row.code,
        "name": row.name,
        "values": {key: printed_text(row.printed.get(key), value) for key, value in row.values.items()},
        "page": row.page,
        "bbox": list(row.bbox) if row.bbox else None,
    }
    if row.code_inferred:
        result["code_inferred"] = True
    if row.source == "ocr":
        result["source"] = "ocr"
        result["ocr"] = {key: dict(entry) for key, entry in row.ocr.items()}
    return result


def _figure_json(figure: KeyFigure) -> dict:
    return {
        "value": decimal_text(figure.value),
        "source": figure.source,
        **({"table": figure.table} if figure.table else {}),
        "page": figure.page,
    }


def _performance_json(record: PerformanceRecord) -> dict:
    return {
        "kind": record.kind,
        "title": record.title,
        "overall": record.overall,
        "project": record.project,
        "budget": decimal_text(record.budget),
        "executed": decimal_text(record.executed),
        "execution_rate": decimal_text(record.execution_rate),
        "score": decimal_text(record.score),
        "goal": record.goal,
        "result": record.result,
        "deviation": record.deviation,
        "improvement": record.improvement,
        "pages": list(record.pages),
        "indicators": [
            {
                "level1": i.level1,
                "level2": i.level2,
                "name": i.name,
                "target": i.target_text,
                "target_value": decimal_text(i.target_value),
                "actual": i.actual_text,
                "actual_value": decimal_text(i.actual_value),
                "weight": decimal_text(i.weight),
                "score": decimal_text(i.score),
                "deviation": i.deviation,
                "page": i.page,
            }
            for i in record.indicators
        ],
    }


def _check_json(check: Check) -> dict:
    return {
        "rule": check.rule,
        "status": check.status,
        "severity": check.severity,
        **({"kind": check.kind} if check.kind else {}),
        **({"places": check.places} if check.places else {}),
        "table": check.table,
        "row": check.row,
        "expected": decimal_text(check.expected),
        "found": decimal_text(check.found),
        "message": check.message,
        "page": check.page,
    }


def code_level(code: str) -> int:
    """Function codes: 3 digits 类, 5 款, 7 项. Economic codes: 3 digits 类, 5 款."""
    return {3: 1, 5: 2, 7: 3}.get(len(code), 0) if code.isdigit() else 0
