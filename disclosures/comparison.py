"""Measures of published reports across departments and years, read from their key figures.

Every value is a figure the report prints (a table total or a narrative statement), with its page;
the only computed measure is personnel cost per staff member, which says so.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q

from ingestion.parser.codes import FUNCTION_CLASSES

from . import selectors
from .models import Department, KeyFigure, Report

CLASS_NAMES = {code: name for name, code in FUNCTION_CLASSES.items()}


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    unit: str = "万元"
    figures: tuple[str, ...] = ()
    computed: bool = False


MEASURES = [
    Measure("total", "支出合计", figures=("total_expenditure",)),
    Measure("basic", "基本支出", figures=("basic_expenditure",)),
    Measure("project", "项目支出", figures=("project_expenditure",)),
    Measure("personnel", "人员经费", figures=("personnel_expenditure",)),
    Measure("public", "公用经费", figures=("public_expenditure",)),
    Measure("sangong", "“三公”经费", figures=("three_public_actual", "three_public_budget")),
    Measure("income", "收入合计", figures=("total_income",)),
    Measure(
        "personnel_per_staff",
        "人均人员经费",
        unit="万元/人",
        figures=("personnel_expenditure", "staff_actual"),
        computed=True,
    ),
]
BY_KEY = {m.key: m for m in MEASURES}


def measure_get(key: str) -> Measure:
    if key in BY_KEY:
        return BY_KEY[key]
    if key.startswith("function:") and key.removeprefix("function:") in CLASS_NAMES:
        code = key.removeprefix("function:")
        return Measure(key, f"{CLASS_NAMES[code]}（{code}）", figures=(f"function_{code}",))
    raise KeyError(key)


def measure_choices() -> list[tuple[str, str]]:
    return [(m.key, m.label) for m in MEASURES] + [
        (f"function:{code}", f"{name}（{code}）") for code, name in sorted(CLASS_NAMES.items())
    ]


@dataclass(frozen=True)
class Cell:
    department: Department
    year: int
    kind: str
    report_id: int
    value: Decimal | None
    printed: str
    page: int | None
    source: str


@dataclass
class Comparison:
    measure: Measure
    departments: list[Department]
    years: list[int]
    cells: list[Cell] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def cell(self, department_id: int, year: int) -> Cell | None:
        return self._index.get((department_id, year))

    def __post_init__(self):
        self._index = {}

    def index(self):
        self._index = {(c.department.pk, c.year): c for c in self.cells}
        return self


def _format(value: Decimal) -> str:
    return f"{value:,.2f}" if value == value.quantize(Decimal("0.01")) else f"{value:,}"


def _value(measure: Measure, figures: dict[str, KeyFigure]) -> tuple[Decimal | None, str, int | None, str]:
    if measure.computed:
        cost, staff = (figures.get(k) for k in measure.figures)
        if not cost or not staff or not staff.value:
            return None, "", None, ""
        value = (cost.value / staff.value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        return value, _format(value), cost.page, "computed"
    for key in measure.figures:
        figure = figures.get(key)
        if figure:
            return figure.value, _format(figure.value), figure.page, figure.source
    return None, "", None, ""


def compare(*, departments, years=None, measure: str, kind: str | None = None) -> Comparison:
    """One cell per department and year: the final account where one is published (or `kind` if given)."""
    chosen = measure_get(measure)
    departments = list(departments)
    reports = selectors.published_reports().filter(department__in=departments)
    if kind:
        reports = reports.filter(kind=kind)
    if years:
        reports = reports.filter(fiscal_year__year__in=years)
    reports = list(reports.filter(scope=Report.Scope.DEPARTMENT).order_by("fiscal_year__year", "kind"))
    picked: dict[tuple[int, int], Report] = {}
    for report in reports:
        key = (report.department_id, report.fiscal_year.year)
        if key not in picked or report.kind == Report.Kind.FINAL:
            picked[key] = report
    figures: dict[int, dict[str, KeyFigure]] = {}
    if picked:
        rows = KeyFigure.objects.filter(Q(report__in=[r.pk for r in picked.values()]), key__in=chosen.figures).only(
            "report_id", "key", "value", "page", "source"
        )
        for figure in rows:
            figures.setdefault(figure.report_id, {})[figure.key] = figure
    by_id = {d.pk: d for d in departments}
    cells = []
    for (department_id, year), report in sorted(picked.items(), key=lambda item: (item[0][1], item[0][0])):
        value, printed, page, source = _value(chosen, figures.get(report.pk, {}))
        cells.append(Cell(by_id[department_id], year, report.kind, report.pk, value, printed, page, source))
    shown_years = sorted(years) if years else sorted({c.year for c in cells})
    result = Comparison(chosen, departments, shown_years, cells).index()
    result.warnings = _warnings(result)
    return result


def _warnings(result: Comparison) -> list[str]:
    warnings = []
    kinds = {c.kind for c in result.cells}
    if len(kinds) > 1:
        warnings.append("注意：比较中既有预算数也有决算数。预算是年初计划，决算是实际执行，二者不宜直接比较。")
    for department in result.departments:
        missing = [y for y in result.years if not result.cell(department.pk, y)]
        if missing:
            years = "、".join(str(y) for y in missing)
            warnings.append(f"{department.name}没有{years}年已发布的报告，相应位置为空。")
    if any(c.value is None for c in result.cells):
        warnings.append(f"部分报告没有公布“{result.measure.label}”，相应位置为空。")
    if result.measure.computed:
        warnings.append("人均人员经费 = 人员经费 ÷ 实有人数，由本站计算，保留两位小数。")
    return warnings


def default_departments() -> list[Department]:
    """The four 大数据中心 of 江岸, 洪山, 江夏 and 汉阳 when they are here, else the first four with reports."""
    published = Department.objects.filter(reports__status=Report.Status.PUBLISHED).distinct()
    centres = list(
        published.filter(name__contains="大数据中心")
        .select_related("jurisdiction")
        .order_by("jurisdiction__name", "name")[:4]
    )
    if centres:
        order = ["江岸", "洪山", "江夏", "汉阳"]
        centres.sort(key=lambda d: next((i for i, p in enumerate(order) if p in d.jurisdiction.name), 99))
        return centres
    return list(published.select_related("jurisdiction").order_by("jurisdiction__name", "name")[:4])
