"""What the parser produces: plain dataclasses, no ORM.

Amounts are Decimals in the unit the table prints; a blank cell is absent,
never zero.
"""

from dataclasses import dataclass, field
from decimal import Decimal


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
    side: str | None = None
    bbox: tuple[float, float, float, float] | None = None

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


@dataclass
class Source:
    filename: str
    sha256: str
    pages: int
    text_pages: int
    ocr_pages: list[int] = field(default_factory=list)


@dataclass
class ParsedReport:
    source: Source
    jurisdiction: str = ""
    department: str = ""
    scope: str = ""
    fiscal_year: int | None = None
    kind: str = ""
    title: str = ""
    unknown: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    key_figures: dict[str, KeyFigure] = field(default_factory=dict)
    performance: list[PerformanceRecord] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)


def code_level(code: str) -> int:
    """Function codes: 3 digits 类, 5 款, 7 项. Economic codes: 3 digits 类, 5 款."""
    return {3: 1, 5: 2, 7: 3}.get(len(code), 0) if code.isdigit() else 0
