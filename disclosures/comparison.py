"""One measure for several departments and years, read from published reports only.

A value is the report's key figure where it has one, otherwise the line the standard tables print for it
(the 合计 or 类 row of the expenditure table …). Each value comes with the page it is printed on and the text as
printed; the only computed measure is personnel cost per staff member, which says so. The number of queries is
fixed, whatever the number of departments, years or tables.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import selectors
from .formatting import CLASS_NAMES, KIND_LABELS, amount_grouped
from .models import Department, KeyFigure, LineValue, Report, TableType

FUNCTION_PREFIX = "function:"
CENTRE_NAME = "大数据中心"
CENTRE_PLACES = ("江岸", "洪山", "江夏", "汉阳")
ROW_NAMES = {
    "total": {"合计", "总计"},
    "expense_total": {"本年支出合计", "支出合计"},
    "income_total": {"本年收入合计", "收入合计"},
    "personnel": {"人员经费合计", "人员经费"},
}
NUMBER = re.compile(r"\d[\d,，]*(?:\.\d+)?")
TEN_THOUSAND = Decimal(10000)


class UnknownMeasure(KeyError, ValueError):
    """A measure key that is not one of MEASURES nor a 类 of the function classification."""


@dataclass(frozen=True)
class Place:
    """Where the standard tables print a measure: a table type, a row and the columns to read, in order."""

    table: str
    row: str
    columns: tuple[str, ...]
    side: str = ""


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    unit: str = "万元"
    figures: tuple[str, ...] = field(default=(), compare=False, repr=False)
    budget_figures: tuple[str, ...] = field(default=(), compare=False, repr=False)
    places: tuple[Place, ...] = field(default=(), compare=False, repr=False)
    budget_places: tuple[Place, ...] = field(default=(), compare=False, repr=False)
    computed: bool = field(default=False, compare=False, repr=False)

    def figures_for(self, kind: str) -> tuple[str, ...]:
        return self.budget_figures if kind == Report.Kind.BUDGET and self.budget_figures else self.figures

    def places_for(self, kind: str) -> tuple[Place, ...]:
        return self.budget_places if kind == Report.Kind.BUDGET and self.budget_places else self.places

    @property
    def code(self) -> str:
        return self.key.removeprefix(FUNCTION_PREFIX) if self.key.startswith(FUNCTION_PREFIX) else ""


def _total_row(column: str) -> tuple[Place, ...]:
    return (
        Place(TableType.EXPENDITURE, "total", (column,)),
        Place(TableType.GENERAL_BUDGET_EXPENDITURE, "total", (column,)),
    )


def _function_measure(code: str, name: str) -> Measure:
    return Measure(
        f"{FUNCTION_PREFIX}{code}",
        name,
        figures=(f"function_{code}",),
        places=(
            Place(TableType.EXPENDITURE, code, ("total",)),
            Place(TableType.INCOME_EXPENDITURE_SUMMARY, code, ("amount", "total"), side="expense"),
            Place(TableType.GENERAL_BUDGET_EXPENDITURE, code, ("total",)),
        ),
    )


PERSONNEL_PLACES = (
    Place(TableType.BASIC_EXPENDITURE_ECONOMIC, "personnel", ("amount", "personnel", "basic")),
    Place(TableType.BASIC_EXPENDITURE_ECONOMIC, "total", ("personnel",)),
    Place(TableType.GENERAL_BUDGET_EXPENDITURE, "total", ("personnel",)),
)

MEASURES: list[Measure] = [
    Measure(
        "total",
        gettext_lazy("支出合计"),
        figures=("total_expenditure",),
        places=(
            Place(TableType.INCOME_EXPENDITURE_SUMMARY, "expense_total", ("amount", "total"), side="expense"),
            *_total_row("total"),
        ),
    ),
    Measure(
        "basic",
        gettext_lazy("基本支出"),
        figures=("basic_expenditure",),
        places=(*_total_row("basic"), Place(TableType.BASIC_EXPENDITURE_ECONOMIC, "total", ("basic",))),
    ),
    Measure("project", gettext_lazy("项目支出"), figures=("project_expenditure",), places=_total_row("project")),
    Measure(
        "sangong",
        gettext_lazy("“三公”经费"),
        figures=("three_public_actual",),
        budget_figures=("three_public_budget",),
        places=(Place(TableType.THREE_PUBLIC, "first", ("final", "total")),),
        budget_places=(Place(TableType.THREE_PUBLIC, "first", ("total", "budget")),),
    ),
    Measure("personnel", gettext_lazy("人员经费"), figures=("personnel_expenditure",), places=PERSONNEL_PLACES),
    Measure(
        "personnel_per_staff",
        gettext_lazy("人均人员经费"),
        unit="万元/人",
        figures=("personnel_expenditure",),
        places=PERSONNEL_PLACES,
        computed=True,
    ),
    Measure(
        "public",
        gettext_lazy("公用经费"),
        figures=("public_expenditure",),
        places=(
            Place(TableType.BASIC_EXPENDITURE_ECONOMIC, "total", ("public",)),
            Place(TableType.GENERAL_BUDGET_EXPENDITURE, "total", ("public",)),
        ),
    ),
    Measure(
        "income",
        gettext_lazy("收入合计"),
        figures=("total_income",),
        places=(Place(TableType.INCOME_EXPENDITURE_SUMMARY, "income_total", ("amount", "total"), side="income"),),
    ),
    *(_function_measure(code, name) for code, name in sorted(CLASS_NAMES.items())),
]
BY_KEY = {m.key: m for m in MEASURES}
STAFF_FIGURE = "staff_actual"


def measure_get(key: str) -> Measure:
    """The measure named `key`; UnknownMeasure (a KeyError and a ValueError) for anything else."""
    if key in BY_KEY:
        return BY_KEY[key]
    if isinstance(key, str) and key.startswith(FUNCTION_PREFIX):
        code = key.removeprefix(FUNCTION_PREFIX)
        raise UnknownMeasure(f"{key}: {code!r} is not a 类 code of the function classification, e.g. function:201")
    raise UnknownMeasure(key)


def measure_choices() -> list[tuple[str, str]]:
    return [(m.key, f"{m.label}（{m.code}）" if m.code else str(m.label)) for m in MEASURES]


@dataclass(frozen=True)
class Cell:
    department: Department
    year: int
    kind: str
    report_id: int
    value: Decimal | None
    printed: str
    page: int | None
    table_type: str
    source: str = ""
    line_id: int | None = None


@dataclass
class Comparison:
    measure: Measure
    departments: list[Department]
    years: list[int]
    cells: list[Cell] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    _index: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def cell(self, department_id: int, year: int) -> Cell | None:
        return self._index.get((department_id, year))

    def index(self) -> "Comparison":
        self._index = {(c.department.pk, c.year): c for c in self.cells}
        return self


@dataclass(frozen=True)
class _Picked:
    report_id: int
    department_id: int
    year: int
    kind: str
    scope: str


@dataclass(frozen=True)
class _Printed:
    """One printed cell of a standard table."""

    table: str
    unit: str
    line_id: int
    side: str
    code: str
    name: str
    page: int
    column: str
    amount: Decimal
    printed: str


def compare(
    *,
    departments: Iterable[Department | int],
    years: Iterable[int] | None = None,
    measure: str,
    kind: str | None = None,
) -> Comparison:
    """One cell per department and year: the report of `kind`, or without it the final account where one is
    published and the budget otherwise."""
    chosen = measure_get(measure)
    if kind and kind not in Report.Kind.values:
        raise ValueError(f"unknown kind {kind!r}")
    departments = _departments(departments)
    years = sorted({int(y) for y in years}) if years else None
    picked = _pick(departments, years, kind)
    figures = _figures(chosen, picked)
    printed = _printed(chosen, picked)
    by_id = {d.pk: d for d in departments}
    cells = []
    for report in sorted(picked, key=lambda r: (r.year, r.department_id)):
        cells.append(
            _cell(
                chosen,
                report,
                by_id[report.department_id],
                figures.get(report.report_id, {}),
                printed[report.report_id],
            )
        )
    shown_years = years or sorted({c.year for c in cells})
    result = Comparison(chosen, departments, shown_years, cells).index()
    result.warnings = _warnings(result, {r.report_id: r.scope for r in picked}, kind)
    return result


def _departments(departments) -> list[Department]:
    if isinstance(departments, QuerySet):
        return list(departments.select_related("jurisdiction"))
    given = list(dict.fromkeys(departments))
    ids = [d for d in given if isinstance(d, int)]
    if not ids:
        return given
    found = Department.objects.select_related("jurisdiction").in_bulk(ids)
    return [found[d] if isinstance(d, int) else d for d in given if not isinstance(d, int) or d in found]


def _pick(departments: list[Department], years: list[int] | None, kind: str | None) -> list[_Picked]:
    """Per department and year: the final account before the budget, a department's report before a unit's."""
    if not departments:
        return []
    reports = selectors.published_reports().filter(department__in=[d.pk for d in departments])
    if kind:
        reports = reports.filter(kind=kind)
    if years:
        reports = reports.filter(fiscal_year__year__in=years)
    rows = reports.order_by().values_list("pk", "department_id", "fiscal_year__year", "kind", "scope")
    kinds = {Report.Kind.FINAL: 0, Report.Kind.BUDGET: 1}
    scopes = {Report.Scope.DEPARTMENT: 0, Report.Scope.UNIT: 1}

    def rank(report: _Picked) -> tuple:
        return kinds[report.kind], scopes[report.scope], report.report_id

    best: dict[tuple[int, int], _Picked] = {}
    for row in rows:
        report = _Picked(*row)
        current = best.get((report.department_id, report.year))
        if current is None or rank(report) < rank(current):
            best[(report.department_id, report.year)] = report
    return list(best.values())


def _figures(measure: Measure, picked: list[_Picked]) -> dict[int, dict[str, KeyFigure]]:
    keys = {key for report in picked for key in measure.figures_for(report.kind)}
    if measure.computed:
        keys.add(STAFF_FIGURE)
    found: dict[int, dict[str, KeyFigure]] = {}
    if not picked or not keys:
        return found
    rows = KeyFigure.objects.filter(report__in=[r.report_id for r in picked], key__in=keys).only(
        "report_id", "key", "value", "unit", "source", "table_type", "page", "quote"
    )
    for figure in rows:
        found.setdefault(figure.report_id, {})[figure.key] = figure
    return found


def _printed(measure: Measure, picked: list[_Picked]) -> dict[int, list[_Printed]]:
    """The printed cells where the measure can be read, for every picked report, in one query."""
    found: dict[int, list[_Printed]] = {r.report_id: [] for r in picked}
    places = {place for report in picked for place in measure.places_for(report.kind)}
    if not picked or not places:
        return found
    codes = {p.row for p in places if p.row.isdigit()}
    rows = (
        LineValue.objects.filter(
            Q(line__code="") | Q(line__code__in=codes),
            line__table__report__in=[r.report_id for r in picked],
            line__table__type__in={p.table for p in places},
            column__key__in={c for p in places for c in p.columns},
        )
        .order_by("line__table__position", "line__position")
        .values_list(
            "line__table__report_id",
            "line__table__type",
            "line__table__unit",
            "line_id",
            "line__side",
            "line__code",
            "line__name",
            "line__page",
            "column__key",
            "amount",
            "printed",
        )
    )
    for report_id, *fields in rows:
        found[report_id].append(_Printed(*fields))
    return found


def _row_matches(place: Place, cell: _Printed) -> bool:
    if cell.table != place.table or (place.side and cell.side != place.side):
        return False
    name = cell.name.replace(" ", "")
    if place.row.isdigit():
        return cell.code == place.row
    if cell.code:
        return False
    if place.row in ROW_NAMES:
        return name in ROW_NAMES[place.row]
    return place.row == "first"


def _located(measure: Measure, kind: str, cells: list[_Printed]) -> list[_Printed]:
    """The printed cells holding the measure, best place first."""
    located = []
    for place in measure.places_for(kind):
        rows = [c for c in cells if _row_matches(place, c)]
        if place.row == "first" and rows:
            rows = [c for c in rows if c.line_id == rows[0].line_id]
        for column in place.columns:
            located.extend(c for c in rows if c.column == column)
    return located


def _in_ten_thousands(cell: _Printed) -> Decimal:
    return cell.amount / TEN_THOUSAND if cell.unit == "元" else cell.amount


def _quoted(figure: KeyFigure) -> str:
    """The number as the narrative prints it, when the quote holds it."""
    for match in NUMBER.finditer(figure.quote or ""):
        text = match.group().rstrip(",，")
        try:
            if Decimal(text.replace(",", "").replace("，", "")) == figure.value:
                return text
        except InvalidOperation:
            continue
    return ""


def _from_figure(figure: KeyFigure, located: list[_Printed]) -> tuple[str, int | None, str, int | None]:
    """Printed text, page, table type and line of a key figure."""
    if figure.source != KeyFigure.Source.TABLE:
        return _quoted(figure), figure.page, figure.table_type, None
    same = [c for c in located if c.unit != "元" and c.amount == figure.value]
    same.sort(key=lambda c: (c.table != figure.table_type, c.page != figure.page))
    if not same:
        return "", figure.page, figure.table_type, None
    return same[0].printed, figure.page or same[0].page, figure.table_type or same[0].table, same[0].line_id


def _cell(measure: Measure, report: _Picked, department: Department, figures: dict, cells: list[_Printed]) -> Cell:
    located = _located(measure, report.kind, cells)
    figure = next((figures[k] for k in measure.figures_for(report.kind) if k in figures), None)
    value, printed, page, table_type, source, line_id = None, "", None, "", "", None
    if figure is not None:
        printed, page, table_type, line_id = _from_figure(figure, located)
        value, source = figure.value, figure.source
    elif located:
        first = located[0]
        value, page, table_type, line_id = _in_ten_thousands(first), first.page, first.table, first.line_id
        printed = "" if first.unit == "元" else first.printed
        source = KeyFigure.Source.TABLE
    if measure.computed and value is not None:
        staff = figures.get(STAFF_FIGURE)
        if staff is not None and staff.value:
            value = (value / staff.value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            printed, source = "", "computed"
        else:
            value, printed, page, table_type, source, line_id = None, "", None, "", "", None
    if value is not None and not printed:
        printed = amount_grouped(value, measure.unit)
    return Cell(
        department, report.year, report.kind, report.report_id, value, printed, page, table_type or "", source, line_id
    )


def _names(cells: list[Cell]) -> str:
    return "、".join(_("%(department)s%(year)s年") % {"department": c.department.name, "year": c.year} for c in cells)


def _warnings(result: Comparison, scopes: dict[int, str], kind: str | None) -> list[str]:
    warnings = []
    budgets = [c for c in result.cells if c.kind == Report.Kind.BUDGET]
    finals = [c for c in result.cells if c.kind == Report.Kind.FINAL]
    if budgets and finals:
        warnings.append(
            _(
                "注意：预算数和决算数混在一起。预算是年初计划，决算是实际执行，二者不宜直接比较。"
                "以下为预算数（没有已发布的决算），其余为决算数：%(cells)s。"
            )
            % {"cells": _names(budgets)}
        )
    wanted = KIND_LABELS.get(kind, _("报告"))
    gaps = []
    for department in result.departments:
        present = {c.year for c in result.cells if c.department.pk == department.pk}
        missing = [y for y in result.years if y not in present]
        if missing:
            gaps.append(
                _("%(department)s没有%(years)s年的%(kind)s")
                % {"department": department.name, "years": "、".join(str(y) for y in missing), "kind": wanted}
            )
    if gaps:
        warnings.append(_("各部门已发布的年度不同，空白处没有可比的数：%(gaps)s。") % {"gaps": "；".join(gaps)})
    units = [c for c in result.cells if scopes.get(c.report_id) == Report.Scope.UNIT]
    if units:
        warnings.append(_("以下为单位（而非部门）报告的数：%(cells)s。") % {"cells": _names(units)})
    absent = [c for c in result.cells if c.value is None]
    if absent:
        warnings.append(
            _("以下报告没有印出%(measure)s的数，相应位置为空：%(cells)s。")
            % {"measure": result.measure.label, "cells": _names(absent)}
        )
    if result.measure.computed:
        warnings.append(_("人均人员经费 = 人员经费 ÷ 在职实有人数，由本站计算，保留两位小数。"))
    return warnings


def default_departments() -> list[Department]:
    """The 大数据中心 of 江岸, 洪山, 江夏 and 汉阳 when they are here, else the first four departments with reports."""
    published = selectors.departments_with_reports()
    centres = list(published.filter(name__contains=CENTRE_NAME))
    chosen = []
    for place in CENTRE_PLACES:
        match = next((d for d in centres if d.jurisdiction.short_name == place or place in d.jurisdiction.name), None)
        if match is not None:
            chosen.append(match)
    return chosen or list(published[:4])
