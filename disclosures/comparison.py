"""One measure for several departments and years, read from published reports only.

A value is the report's key figure where it has one, otherwise the line the standard tables print for it
(the 合计 row, or the row of a function code — 类, 款 or 项 — or of an economic code of the basic expenditure
table). Each value comes with the page it is printed on and the text as printed. A computed value (a share, a
change on last year, an execution rate, an amount per staff member) says so, keeps the printed values it comes
from and is rounded for display only. The number of queries is fixed, whatever the number of departments, years
or tables.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from budgetpdf import reference

from . import crosswalk, selectors
from .formatting import CLASS_NAMES, KIND_LABELS, amount_grouped
from .models import Department, KeyFigure, LineItem, LineValue, Report, TableType

FUNCTION_PREFIX = "function:"
ECONOMIC_PREFIX = "economic:"
CODE_PREFIXES = (FUNCTION_PREFIX, ECONOMIC_PREFIX)
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
        for prefix in CODE_PREFIXES:
            if self.key.startswith(prefix):
                return self.key.removeprefix(prefix)
        return ""

    @property
    def level(self) -> str:
        """'class', 'section', 'item' (类, 款, 项 of the function classification), 'economic' or ''."""
        if self.key.startswith(ECONOMIC_PREFIX):
            return "economic"
        return {3: "class", 5: "section", 7: "item"}.get(len(self.code), "")


def _total_row(column: str) -> tuple[Place, ...]:
    return (
        Place(TableType.EXPENDITURE, "total", (column,)),
        Place(TableType.GENERAL_BUDGET_EXPENDITURE, "total", (column,)),
    )


def _function_measure(code: str, name: str) -> Measure:
    return Measure(
        f"{FUNCTION_PREFIX}{code}",
        name,
        figures=(f"function_{code}",) if len(code) == 3 else (),
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
LEVELS = {
    "class": gettext_lazy("类"),
    "section": gettext_lazy("款"),
    "item": gettext_lazy("项"),
    "economic": gettext_lazy("经济分类"),
}
LEVEL_DIGITS = {"class": (3,), "section": (5,), "item": (7,), "economic": (3, 5)}


def _economic_measure(code: str, name: str) -> Measure:
    return Measure(
        f"{ECONOMIC_PREFIX}{code}",
        name,
        places=(Place(TableType.BASIC_EXPENDITURE_ECONOMIC, code, ("amount", "basic")),),
    )


def _code_scheme(prefix: str, code: str) -> str:
    """The classification a code-shaped key names: 'function' or 'economic'; '' when the code cannot be one."""
    scheme = reference.scheme_of(code)
    if prefix == FUNCTION_PREFIX and scheme == "function":
        return "function"
    if prefix == ECONOMIC_PREFIX and scheme in ("department", "government"):
        return "economic"
    return ""


def code_measure(key: str, name: str) -> Measure:
    """The measure of a function or economic code, named `name`."""
    if key in BY_KEY:
        return BY_KEY[key]
    prefix = next(p for p in CODE_PREFIXES if key.startswith(p))
    code = key.removeprefix(prefix)
    return _economic_measure(code, name) if prefix == ECONOMIC_PREFIX else _function_measure(code, name)


def measure_get(key: str) -> Measure:
    """The measure named `key`; UnknownMeasure (a KeyError and a ValueError) for anything else.

    A key is one of MEASURES, ``function:`` and a code of 3, 5 or 7 digits of the function classification, or
    ``economic:`` and a code of 3 or 5 digits of the economic classification, as the reference lists them (named
    as the reference names it now).
    """
    if key in BY_KEY:
        return BY_KEY[key]
    prefix = next((p for p in CODE_PREFIXES if isinstance(key, str) and key.startswith(p)), "")
    if not prefix:
        raise UnknownMeasure(key)
    code = key.removeprefix(prefix)
    if not _code_scheme(prefix, code):
        kind = "function (3, 5 or 7 digits, e.g. function:201)" if prefix == FUNCTION_PREFIX else "economic"
        raise UnknownMeasure(f"{key}: {code!r} is not a code of the {kind} classification")
    if not reference.known(code):
        raise UnknownMeasure(f"{key}: the classification does not list {code!r}")
    return code_measure(key, reference.name_of(code, reference.LAST_YEAR) or _latest_name(code))


def named_in(measure: Measure, year: int | None) -> Measure:
    """A code's measure named as the classification of `year` names the code."""
    if not measure.code or not year or measure.key in BY_KEY:
        return measure
    name = reference.name_of(measure.code, year)
    return replace(measure, label=name) if name else measure


def _latest_name(code: str) -> str:
    named = sorted((e for e in reference.entries() if e.code == code), key=lambda e: (e.national, e.valid_to or 9999))
    return named[-1].name if named else code


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
    inputs: tuple["Cell", ...] = ()  # the printed values a computed value comes from
    percent: Decimal | None = None  # a change on last year, in per cent of last year's value
    continued_from: str = ""  # the department's former name, whose report gives this value
    scope: str = Report.Scope.DEPARTMENT

    @property
    def computed(self) -> bool:
        return self.source == COMPUTED

    @property
    def percent_printed(self) -> str:
        return percent_text(self.percent)


COMPUTED = "computed"
PRINTED = "printed"
CALCS = {
    PRINTED: gettext_lazy("如实印出"),
    "share": gettext_lazy("占比"),
    "change": gettext_lazy("比上年增减"),
    "execution": gettext_lazy("执行率（决算 ÷ 预算）"),
    "per_staff": gettext_lazy("人均（÷ 在职实有人数）"),
}
DISPLAY_PLACES = Decimal("0.01")
EXACT_PLACES = Decimal("1E-10")
HUNDRED = Decimal(100)


class UnknownCalc(ValueError):
    """A calculation that is not one of CALCS, or one the measure does not allow."""


@dataclass
class Comparison:
    measure: Measure
    departments: list[Department]
    years: list[int]
    cells: list[Cell] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    calc: str = PRINTED
    notes: list[str] = field(default_factory=list)
    _index: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def cell(self, department_id: int, year: int) -> Cell | None:
        return self._index.get((department_id, year))

    def index(self) -> "Comparison":
        self._index = {(c.department.pk, c.year): c for c in self.cells}
        return self

    @property
    def unit(self) -> str:
        if self.calc in ("share", "execution"):
            return "%"
        if self.calc == "per_staff":
            return f"{self.measure.unit}/人"
        return self.measure.unit

    @property
    def title(self) -> str:
        """The measure and, for a computed value, how it is computed."""
        if self.calc == "share":
            return _("%(measure)s占%(total)s的比例") % {
                "measure": self.measure.label,
                "total": share_base(self.measure).label,
            }
        if self.calc == PRINTED:
            return str(self.measure.label)
        return f"{self.measure.label} · {CALCS[self.calc]}"


@dataclass(frozen=True)
class _Picked:
    report_id: int
    department_id: int
    year: int
    kind: str
    scope: str
    source_department_id: int = 0


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


def share_base(measure: Measure) -> Measure:
    """What a share is a share of: the basic expenditure for an economic code, the total expenditure otherwise."""
    return BY_KEY["basic"] if measure.level == "economic" else BY_KEY["total"]


def compare(
    *,
    departments: Iterable[Department | int],
    years: Iterable[int] | None = None,
    measure: str | Measure,
    kind: str | None = None,
    calc: str = PRINTED,
) -> Comparison:
    """One cell per department and year: the report of `kind`, or without it the final account where one is
    published and the budget otherwise; with `calc`, the value computed from the printed ones."""
    chosen = measure if isinstance(measure, Measure) else measure_get(measure)
    if kind and kind not in Report.Kind.values:
        raise ValueError(f"unknown kind {kind!r}")
    if calc not in CALCS:
        raise UnknownCalc(f"unknown calculation {calc!r}: one of {', '.join(CALCS)}")
    if calc != PRINTED and chosen.computed:
        raise UnknownCalc(f"{chosen.key} is already computed; it is compared as it is")
    departments = _departments(departments)
    years = sorted({int(y) for y in years}) if years else None
    links = crosswalk.department_links(departments)
    sources = crosswalk.sources_of(departments, links)
    if calc == "execution":
        cells = _execution(chosen, departments, sources, years)
    elif calc == "change":
        wanted = sorted({y for year in years for y in (year, year - 1)}) if years else None
        cells = _change(_read(chosen, departments, sources, wanted, kind), years)
    else:
        cells = _read(chosen, departments, sources, years, kind, calc=calc)
    shown_years = years or sorted({c.year for c in cells})
    chosen = named_in(chosen, max(shown_years, default=None))
    result = Comparison(chosen, departments, shown_years, cells, calc=calc).index()
    result.warnings = _warnings(result, kind)
    result.notes = crosswalk.code_notes(chosen.code, sorted({c.year for c in cells})) + crosswalk.link_notes(
        departments, links, sources
    )
    return result


def _read(
    measure: Measure,
    departments: list[Department],
    sources: dict,
    years: list[int] | None,
    kind: str | None,
    *,
    calc="",
) -> list[Cell]:
    """The printed cells of a measure (with a share or a value per staff member computed from them)."""
    picked = _pick(departments, sources, years, kind)
    figures = _figures(measure, picked, staff=measure.computed or calc == "per_staff")
    printed = _printed(measure, picked)
    by_id = {d.pk: d for d in departments}
    names = {source.department_id: source.name for source in crosswalk.flatten(sources)}
    cells = []
    for report in sorted(picked, key=lambda r: (r.year, r.department_id)):
        cell = _cell(
            measure, report, by_id[report.department_id], figures.get(report.report_id, {}), printed[report.report_id]
        )
        if report.source_department_id != report.department_id:
            cell = replace(cell, continued_from=names.get(report.source_department_id, ""))
        cells.append(cell)
    if calc == "share":
        base = share_base(measure)
        base_figures, base_printed = _figures(base, picked), _printed(base, picked)
        totals = {
            r.report_id: _cell(
                base, r, by_id[r.department_id], base_figures.get(r.report_id, {}), base_printed[r.report_id]
            )
            for r in picked
        }
        cells = [_share(cell, totals[cell.report_id]) for cell in cells]
    elif calc == "per_staff":
        cells = [_per_staff(cell, figures.get(cell.report_id, {}).get(STAFF_FIGURE)) for cell in cells]
    return cells


def _rounded(value: Decimal) -> str:
    return amount_grouped(value.quantize(DISPLAY_PLACES, rounding=ROUND_HALF_UP))


def _signed(value: Decimal) -> str:
    text = _rounded(value)
    return text if text.startswith("-") else f"+{text}"


def _computed(cell: Cell, value: Decimal | None, inputs: tuple[Cell, ...], **kwargs) -> Cell:
    if value is None:
        return replace(cell, value=None, printed="", source="", inputs=inputs, page=None, line_id=None, **kwargs)
    return replace(cell, value=value, printed=_rounded(value), source=COMPUTED, inputs=inputs, **kwargs)


def _share(cell: Cell, total: Cell) -> Cell:
    if cell.value is None or total.value is None or not total.value:
        return _computed(cell, None, (cell, total))
    return _computed(cell, cell.value / total.value * HUNDRED, (cell, total))


def _per_staff(cell: Cell, staff: KeyFigure | None) -> Cell:
    if cell.value is None or staff is None or not staff.value:
        return _computed(cell, None, (cell,))
    staff_cell = replace(
        cell,
        value=staff.value,
        printed=amount_grouped(staff.value, "人"),
        page=staff.page,
        line_id=None,
        source=staff.source,
    )
    return _computed(cell, cell.value / staff.value, (cell, staff_cell))


def _change(cells: list[Cell], years: list[int] | None) -> list[Cell]:
    """Each value against the same department's value of the year before, of the same kind (budget or final)."""
    by_key = {(c.department.pk, c.year): c for c in cells}
    changed = []
    for cell in cells:
        if years and cell.year not in years:
            continue
        before = by_key.get((cell.department.pk, cell.year - 1))
        if cell.value is None or before is None or before.value is None or before.kind != cell.kind:
            changed.append(_computed(cell, None, (before, cell) if before else (cell,)))
            continue
        difference = cell.value - before.value
        percent = difference / before.value * HUNDRED if before.value else None
        changed.append(
            replace(_computed(cell, difference, (before, cell), percent=percent), printed=_signed(difference))
        )
    return changed


def _execution(measure: Measure, departments: list[Department], sources: dict, years: list[int] | None) -> list[Cell]:
    """决算 ÷ 预算 of the same department and year, both printed values kept."""
    budgets = {(c.department.pk, c.year): c for c in _read(measure, departments, sources, years, Report.Kind.BUDGET)}
    cells = []
    for final in _read(measure, departments, sources, years, Report.Kind.FINAL):
        budget = budgets.get((final.department.pk, final.year))
        if budget is None or budget.value is None or not budget.value or final.value is None:
            cells.append(_computed(final, None, (budget, final) if budget else (final,)))
        else:
            cells.append(_computed(final, final.value / budget.value * HUNDRED, (budget, final)))
    return cells


def exact(value: Decimal | None) -> Decimal | None:
    """A computed value to the ten decimal places amounts are stored with (for data, not for display)."""
    return None if value is None else value.quantize(EXACT_PLACES, rounding=ROUND_HALF_UP)


def percent_text(value: Decimal | None) -> str:
    return "" if value is None else f"{_signed(value)}%"


def _departments(departments) -> list[Department]:
    if isinstance(departments, QuerySet):
        return list(departments.select_related("jurisdiction"))
    given = list(dict.fromkeys(departments))
    ids = [d for d in given if isinstance(d, int)]
    if not ids:
        return given
    found = Department.objects.select_related("jurisdiction").in_bulk(ids)
    return [found[d] if isinstance(d, int) else d for d in given if not isinstance(d, int) or d in found]


def _pick(departments: list[Department], sources: dict, years: list[int] | None, kind: str | None) -> list[_Picked]:
    """Per department and year: the final account before the budget, a department's report before a unit's,
    the department's own report before one under another name."""
    if not departments:
        return []
    ids = {source.department_id for source in crosswalk.flatten(sources)}
    reports = selectors.published_reports().filter(department__in=ids)
    if kind:
        reports = reports.filter(kind=kind)
    if years:
        reports = reports.filter(fiscal_year__year__in=years)
    rows = reports.order_by().values_list("pk", "department_id", "fiscal_year__year", "kind", "scope")
    kinds = {Report.Kind.FINAL: 0, Report.Kind.BUDGET: 1}
    scopes = {Report.Scope.DEPARTMENT: 0, Report.Scope.UNIT: 1}

    def rank(report: _Picked) -> tuple:
        own = report.source_department_id != report.department_id
        return kinds[report.kind], scopes[report.scope], own, report.report_id

    best: dict[tuple[int, int], _Picked] = {}
    for pk, source, year, report_kind, scope in rows:
        row = crosswalk.row_of(sources, source, year)
        if row is None:
            continue
        report = _Picked(pk, row, year, report_kind, scope, source)
        current = best.get((row, year))
        if current is None or rank(report) < rank(current):
            best[(row, year)] = report
    return list(best.values())


def _figures(measure: Measure, picked: list[_Picked], *, staff: bool = False) -> dict[int, dict[str, KeyFigure]]:
    keys = {key for report in picked for key in measure.figures_for(report.kind)}
    if staff:
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
    if value is not None and not printed:
        printed = amount_grouped(value, measure.unit)
    cell = Cell(
        department, report.year, report.kind, report.report_id, value, printed, page, table_type or "", source, line_id
    )
    cell = replace(cell, scope=report.scope)
    if measure.computed:
        return _per_staff(cell, figures.get(STAFF_FIGURE))
    return cell


def _names(cells: list[Cell]) -> str:
    return "、".join(_("%(department)s%(year)s年") % {"department": c.department.name, "year": c.year} for c in cells)


def _warnings(result: Comparison, kind: str | None) -> list[str]:
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
    units = [c for c in result.cells if c.scope == Report.Scope.UNIT]
    if units:
        warnings.append(_("以下为单位（而非部门）报告的数：%(cells)s。") % {"cells": _names(units)})
    absent = [c for c in result.cells if c.value is None]
    if absent and result.calc == PRINTED:
        warnings.append(
            _("以下报告没有印出%(measure)s的数，相应位置为空：%(cells)s。")
            % {"measure": result.measure.label, "cells": _names(absent)}
        )
    elif absent:
        warnings.append(
            _("以下缺少计算所需的印出数，相应位置为空：%(cells)s。%(why)s")
            % {"cells": _names(absent), "why": MISSING_INPUTS[result.calc]}
        )
    if result.measure.computed:
        warnings.append(_("人均人员经费 = 人员经费 ÷ 在职实有人数，由本站计算，显示时保留两位小数。"))
    elif result.calc != PRINTED:
        warnings.append(_calc_explained(result))
    return warnings


MISSING_INPUTS = {
    "share": gettext_lazy("占比需要同一报告印出的分子和合计数。"),
    "change": gettext_lazy("增减需要同一部门上一年同类（同为预算或同为决算）的已发布报告。"),
    "execution": gettext_lazy("执行率需要同一部门同一年度的预算和决算都已发布。"),
    "per_staff": gettext_lazy("人均数需要报告印出在职实有人数。"),
}


def _calc_explained(result: Comparison) -> str:
    measure = result.measure.label
    texts = {
        "share": _("占比 = %(measure)s ÷ %(total)s × 100%%，两个数取自同一报告。")
        % {"measure": measure, "total": share_base(result.measure).label},
        "change": _("比上年增减 = 本年数 − 上年数，增减率 = 增减额 ÷ 上年数 × 100%；只在两年都有同类报告时计算。"),
        "execution": _("执行率 = 决算数 ÷ 预算数 × 100%，同一部门同一年度，两个印出的数都列出。"),
        "per_staff": _("人均 = %(measure)s ÷ 在职实有人数（报告印出的人数）。") % {"measure": measure},
    }
    return texts[result.calc] + _("这是本站计算的数，不是报告印出的数；计算保留全部精度，显示时四舍五入到两位小数。")


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


FUNCTION_TABLES = (
    TableType.EXPENDITURE,
    TableType.GENERAL_BUDGET_EXPENDITURE,
    TableType.INCOME_EXPENDITURE_SUMMARY,
)
ECONOMIC_TABLES = (TableType.BASIC_EXPENDITURE_ECONOMIC,)


def _level_of(code: str, table: str) -> str:
    scheme = reference.scheme_of(code)
    if scheme == "function" and table in FUNCTION_TABLES:
        return {3: "class", 5: "section", 7: "item"}[len(code)]
    if scheme in ("department", "government") and table in ECONOMIC_TABLES:
        return "economic"
    return ""


def _printed_codes(reports: QuerySet) -> list[tuple[str, str, str, int]]:
    """(code, name as printed, table type, year) of the coded rows with an amount in these reports."""
    return list(
        LineItem.objects.filter(
            table__report__in=reports,
            table__type__in=FUNCTION_TABLES + ECONOMIC_TABLES,
            values__isnull=False,
        )
        .exclude(code="")
        .values_list("code", "name", "table__type", "table__report__fiscal_year__year")
        .distinct()
    )


def codes_with_data(
    departments: Iterable[Department], years: Iterable[int] | None = None, kind: str | None = None
) -> dict[str, list[tuple[str, str]]]:
    """Per level (class, section, item, economic), the codes printed with an amount in the published reports of
    these departments and years, as (code, name), the name the reference gives in the latest such year."""
    reports = selectors.published_reports().filter(department__in=[d.pk for d in departments])
    if years:
        reports = reports.filter(fiscal_year__year__in=list(years))
    if kind:
        reports = reports.filter(kind=kind)
    latest: dict[tuple[str, str], tuple[int, str]] = {}
    for code, name, table, year in _printed_codes(reports.values("pk")):
        level = _level_of(code, table)
        if level and year >= latest.get((level, code), (0, ""))[0]:
            latest[(level, code)] = (year, reference.name_of(code, year) or reference.strip_enumeration(name))
    found: dict[str, list[tuple[str, str]]] = {level: [] for level in LEVELS}
    for (level, code), (_year, name) in sorted(latest.items()):
        found[level].append((code, name))
    return found


def resolve_measure(key: str) -> Measure:
    """measure_get, and a code the reference does not list when a published report prints it (named as printed)."""
    try:
        return measure_get(key)
    except UnknownMeasure:
        prefix = next((p for p in CODE_PREFIXES if key.startswith(p)), "")
        code = key.removeprefix(prefix)
        if not prefix or not _code_scheme(prefix, code):
            raise
        tables = ECONOMIC_TABLES if prefix == ECONOMIC_PREFIX else FUNCTION_TABLES
        name = (
            LineItem.objects.filter(code=code, table__type__in=tables, table__report__status=Report.Status.PUBLISHED)
            .values_list("name", flat=True)
            .first()
        )
        if name is None:
            raise
        return code_measure(key, reference.strip_enumeration(name))


class BadQuery(ValueError):
    """A parameter of a comparison that cannot be used: the parameter's name and a message for the reader."""

    def __init__(self, parameter: str, message: str):
        super().__init__(parameter, message)
        self.parameter = parameter
        self.message = message


@dataclass
class Query:
    department_ids: list[int]
    years: list[int] | None
    measure: Measure
    kind: str = ""
    calc: str = PRINTED

    def params(self, departments: Iterable[Department] | None = None, years: Iterable[int] | None = None) -> dict:
        """The query string of this comparison (with the departments and years actually compared)."""
        ids = [d.pk for d in departments] if departments is not None else self.department_ids
        shown = list(years) if years is not None else self.years or []
        params = {
            "departments": ",".join(str(pk) for pk in ids),
            "years": ",".join(str(y) for y in shown),
            "measure": self.measure.key,
        }
        if self.kind:
            params["kind"] = self.kind
        if self.calc != PRINTED:
            params["calc"] = self.calc
        return params


MAX_DEPARTMENTS = 50


def _listed(params, name: str, short: str) -> list[str]:
    given = (params.get(name) or "").split(",") + (params.getlist(short) if short else [])
    return [text.strip() for text in given if text.strip()]


def _years(params) -> list[int] | None:
    years = set()
    for text in _listed(params, "years", "y"):
        if not (text.isascii() and text.isdecimal() and len(text) == 4):
            raise BadQuery("years", _("年度应为四位数字，例如 2023；收到的是「%(text)s」。") % {"text": text[:20]})
        years.add(int(text))
    return sorted(years) or None


def _measure_key(params) -> str:
    level = params.get("level") or ""
    code = (params.get("code") or "").strip()
    if level and level not in LEVELS:
        raise BadQuery("level", _("层级应为类、款、项或经济分类之一（class、section、item、economic）。"))
    if not code:
        return params.get("measure") or "total"
    if not (code.isascii() and code.isdecimal()):
        raise BadQuery("code", _("科目编码应为数字，例如 201、20103 或 2010301。"))
    if level and len(code) not in LEVEL_DIGITS[level]:
        raise BadQuery("code", _("科目编码%(code)s不是%(level)s一级的编码。") % {"code": code, "level": LEVELS[level]})
    prefix = ECONOMIC_PREFIX if level == "economic" or (not level and code[0] in "35") else FUNCTION_PREFIX
    return f"{prefix}{code}"


def parse_query(params) -> Query:
    """The comparison a query string asks for (departments, years, measure or level and code, kind, calc);
    BadQuery, with the parameter and a message in Chinese, for anything that cannot be used."""
    ids = list(
        dict.fromkeys(int(text) for text in _listed(params, "departments", "d") if text.isascii() and text.isdecimal())
    )
    years = _years(params)
    kind = params.get("kind") or ""
    if kind and kind not in Report.Kind.values:
        raise BadQuery("kind", _("类型应为 budget（预算）或 final（决算）。"))
    key = _measure_key(params)
    try:
        measure = resolve_measure(key)
    except UnknownMeasure as exc:
        raise BadQuery("measure", _("没有这一指标或科目：%(key)s。") % {"key": key[:40]}) from exc
    calc = params.get("calc") or PRINTED
    if calc not in CALCS:
        raise BadQuery("calc", _("计算方式应为 %(calcs)s 之一。") % {"calcs": "、".join(CALCS)})
    if calc != PRINTED and measure.computed:
        raise BadQuery("calc", _("%(measure)s已是计算值，只能如实比较。") % {"measure": measure.label})
    return Query(ids[:MAX_DEPARTMENTS], years, measure, kind, calc)
