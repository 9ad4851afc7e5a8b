"""Reads of the published data, as QuerySets and small structures for the pages. Drafts never appear."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.html import escape
from django.utils.safestring import mark_safe

from ingestion.parser.codes import FUNCTION_CLASSES

from .models import (
    Department,
    DisclosureTable,
    FiscalYear,
    Jurisdiction,
    KeyFigure,
    LineItem,
    LineValue,
    PerformanceRecord,
    Report,
    TableColumn,
)

CLASS_NAMES = {code: name for name, code in FUNCTION_CLASSES.items()}
SERIES = [
    ("total_expenditure", "支出合计"),
    ("basic_expenditure", "基本支出"),
    ("project_expenditure", "项目支出"),
    ("personnel_expenditure", "人员经费"),
    ("public_expenditure", "公用经费"),
]


def published_reports() -> QuerySet[Report]:
    return Report.objects.filter(status=Report.Status.PUBLISHED).select_related(
        "department__jurisdiction", "fiscal_year"
    )


def jurisdictions_with_latest_reports() -> list[Jurisdiction]:
    """Each jurisdiction with its departments that have published reports, newest report first."""
    reports = list(published_reports().order_by("-fiscal_year__year", "kind"))
    places: dict[int, Jurisdiction] = {}
    departments: dict[int, Department] = {}
    for report in reports:
        department = departments.get(report.department_id)
        if department is None:
            department = departments[report.department_id] = report.department
            department.latest = []
            place = places.setdefault(department.jurisdiction_id, department.jurisdiction)
            if not hasattr(place, "bodies"):
                place.bodies = []
            place.bodies.append(department)
        if len(department.latest) < 3:
            department.latest.append(report)
    return sorted(places.values(), key=lambda p: p.name)


@dataclass
class SearchResults:
    departments: list = field(default_factory=list)
    projects: list = field(default_factory=list)
    lines: list = field(default_factory=list)

    @property
    def count(self):
        return len(self.departments) + len(self.projects) + len(self.lines)


def search(query: str, *, limit: int = 50) -> SearchResults:
    query = query.strip()
    if not query:
        return SearchResults()
    published = Q(status=Report.Status.PUBLISHED)
    departments = (
        Department.objects.filter(Q(name__icontains=query) | Q(aliases__name__icontains=query))
        .filter(reports__in=Report.objects.filter(published))
        .select_related("jurisdiction")
        .distinct()
        .order_by("jurisdiction__name", "name")[:limit]
    )
    projects = (
        PerformanceRecord.objects.filter(report__status=Report.Status.PUBLISHED)
        .filter(Q(project__icontains=query) | Q(title__icontains=query))
        .select_related("report__department__jurisdiction", "report__fiscal_year")
        .order_by("-report__fiscal_year__year", "report_id", "position")[:limit]
    )
    line_filter = Q(name__icontains=query) | Q(code__startswith=query) if query.isdigit() else Q(name__icontains=query)
    lines = (
        LineItem.objects.filter(line_filter, table__report__status=Report.Status.PUBLISHED)
        .select_related("table__report__department__jurisdiction", "table__report__fiscal_year")
        .prefetch_related(Prefetch("values", queryset=LineValue.objects.select_related("column")))
        .order_by("-table__report__fiscal_year__year", "table__report_id", "table__position", "position")[:limit]
    )
    return SearchResults(list(departments), list(projects), list(lines))


@dataclass
class TableRows:
    """One table ready to print: its columns and its rows as HTML, each amount linked to its page."""

    table: DisclosureTable
    columns: list[tuple[str, str]]
    rows_html: str
    totals: dict[str, tuple[str, Decimal, int]] = field(default_factory=dict)

    def __getattr__(self, name):
        return getattr(self.table, name)


SIDE_LABELS = {"income": "收入", "expense": "支出"}
TOTAL_NAMES = {"合计", "总计", "本年收入合计", "收入合计"}


def report_tables(report: Report) -> list[TableRows]:
    """Every table of a report, read as plain rows in four queries whatever the report's size."""
    tables = list(report.tables.order_by("position"))
    columns: dict[int, list[tuple]] = defaultdict(list)
    for row in (
        TableColumn.objects.filter(table__report=report)
        .order_by("table_id", "position")
        .values_list("id", "table_id", "key", "label")
    ):
        columns[row[1]].append(row)
    lines: dict[int, list[tuple]] = defaultdict(list)
    for row in (
        LineItem.objects.filter(table__report=report)
        .order_by("table_id", "position")
        .values_list("id", "table_id", "code", "level", "name", "page", "side")
    ):
        lines[row[1]].append(row)
    cells: dict[tuple[int, int], tuple[str, Decimal]] = {
        (line_id, column_id): (printed, amount)
        for line_id, column_id, printed, amount in LineValue.objects.filter(line__table__report=report).values_list(
            "line_id", "column_id", "printed", "amount"
        )
    }
    prefix = f"/reports/{report.pk}/pages/"
    result = []
    for table in tables:
        table_columns = columns.get(table.pk, [])
        parts = []
        totals = {}
        for line_id, _table, code, level, name, page, side in lines.get(table.pk, []):
            side_label = SIDE_LABELS.get(side, side)
            side_html = f"<small>{escape(side_label)}</small> " if side_label else ""
            parts.append(f'<tr id="line-{line_id}"><td>{escape(code)}</td>')
            parts.append(f'<td class="level-{level}">{side_html}{escape(name)}</td>')
            href = f"{prefix}{page}/?line={line_id}"
            is_total = name.replace(" ", "") in TOTAL_NAMES and not totals
            for column_id, _t, key, _label in table_columns:
                cell = cells.get((line_id, column_id))
                if cell is None:
                    parts.append('<td class="num"></td>')
                    continue
                parts.append(f'<td class="num"><a href="{href}">{escape(cell[0])}</a></td>')
                if is_total:
                    totals[key] = (cell[0], cell[1], page)
            parts.append("</tr>")
        result.append(
            TableRows(
                table=table,
                columns=[(key, label) for _id, _t, key, label in table_columns],
                rows_html=mark_safe("".join(parts)),  # noqa: S308 (every text above is escaped)
                totals=totals,
            )
        )
    return result


def report_charts(report: Report, tables: list[DisclosureTable], figures: dict[str, KeyFigure]) -> list[dict]:
    """Charts that explain one report, each with the numbers behind it (as printed) for its data table."""
    charts = []
    classes = [
        (CLASS_NAMES.get(key.removeprefix("function_"), key), figure)
        for key, figure in sorted(figures.items())
        if key.startswith("function_")
    ]
    if classes:
        charts.append(_chart("functions", "支出按功能分类（类）", "doughnut", classes))
    split = [(label, figures[key]) for key, label in SERIES[1:3] if key in figures]
    if len(split) == 2:
        charts.append(_chart("basic-project", "基本支出与项目支出", "doughnut", split))
    costs = [(label, figures[key]) for key, label in SERIES[3:5] if key in figures]
    if len(costs) == 2:
        charts.append(_chart("personnel-public", "人员经费与公用经费", "doughnut", costs))
    income = _income_structure(tables)
    if income:
        charts.append(_chart("income", "收入结构", "bar", income))
    return charts


def _income_structure(tables: list[TableRows]) -> list[tuple[str, object]]:
    table = next((t for t in tables if t.type == "income" and not t.empty), None)
    if table is None:
        return []
    labels = dict(table.columns)
    return [
        (labels[key], PrintedAmount(printed, amount, page))
        for key, (printed, amount, page) in table.totals.items()
        if key not in {"total", "amount"} and amount
    ]


@dataclass(frozen=True)
class PrintedAmount:
    printed: str
    amount: Decimal
    page: int


def _chart(slug: str, title: str, kind: str, items: list[tuple[str, object]]) -> dict:
    return {
        "id": f"chart-{slug}",
        "title": title,
        "type": kind,
        "unit": "万元",
        "rows": [
            {"label": label, "printed": _printed(item), "page": getattr(item, "page", None)} for label, item in items
        ],
        "data": {
            "labels": [label for label, _ in items],
            "datasets": [{"label": title, "data": [str(_amount(item)) for _, item in items]}],
        },
    }


def _amount(item) -> Decimal:
    return item.value if isinstance(item, KeyFigure) else item.amount


def _printed(item) -> str:
    return item.printed if isinstance(item, PrintedAmount) else f"{item.value:,.2f}"


FIGURE_LABELS = {
    "total_income": "收入合计",
    "total_expenditure": "支出合计",
    "grand_total_income": "收入总计",
    "grand_total_expenditure": "支出总计",
    "fiscal_appropriation_income": "财政拨款收入",
    "general_budget_appropriation_income": "一般公共预算财政拨款收入",
    "other_income": "其他收入",
    "carryover_begin": "年初结转和结余",
    "carryover_end": "年末结转和结余",
    "basic_expenditure": "基本支出",
    "project_expenditure": "项目支出",
    "personnel_expenditure": "人员经费",
    "public_expenditure": "公用经费",
    "three_public_budget": "“三公”经费预算",
    "three_public_actual": "“三公”经费支出",
    "government_procurement_total": "政府采购支出",
    "staff_authorized": "编制人数",
    "staff_actual": "实有人数",
    "retirees": "离退休人数",
    "prior_year_change": "比上年增减",
    "prior_year_total": "上年数",
    "initial_budget": "年初预算",
}


def figure_label(key: str) -> str:
    if key.startswith("function_"):
        code = key.removeprefix("function_")
        return f"{CLASS_NAMES.get(code, code)}（{code}）"
    return FIGURE_LABELS.get(key, key)


def key_figures(report: Report) -> dict[str, KeyFigure]:
    figures = {f.key: f for f in report.key_figures.all()}
    for figure in figures.values():
        figure.label = figure_label(figure.key)
        figure.display = amount_display(figure.value, figure.unit)
    return figures


def amount_display(value: Decimal, unit: str = "万元") -> str:
    """Grouped thousands; two places for money as the reports print it, none for whole counts."""
    if unit != "万元" and value == value.to_integral_value():
        return f"{value:,.0f}"
    if value == value.quantize(Decimal("0.01")):
        return f"{value:,.2f}"
    return f"{value.normalize():,}"


def jurisdiction_trend(jurisdiction: Jurisdiction, reports: list[Report]) -> dict | None:
    """Total expenditure of each department across years (final accounts, else budgets)."""
    picked: dict[tuple[int, int], Report] = {}
    for report in reports:
        key = (report.department_id, report.fiscal_year.year)
        if key not in picked or report.kind == Report.Kind.FINAL:
            picked[key] = report
    years = sorted({year for _, year in picked})
    if len(years) < 2:
        return None
    totals = {
        f.report_id: f
        for f in KeyFigure.objects.filter(report__in=[r.pk for r in picked.values()], key="total_expenditure")
    }
    departments = {r.department_id: r.department for r in reports}
    series = [
        (
            department.name.removeprefix(jurisdiction.name),
            [totals.get(picked[(pk, y)].pk) if (pk, y) in picked else None for y in years],
        )
        for pk, department in departments.items()
    ]
    return _series_chart("jurisdiction-total", "各部门历年支出合计（决算，无决算时用预算）", years, series)


def department_history(department: Department) -> dict:
    """The department's published reports by year with their key figures, for year-over-year charts."""
    reports = list(published_reports().filter(department=department).order_by("fiscal_year__year", "kind"))
    figures: dict[int, dict[str, KeyFigure]] = defaultdict(dict)
    for figure in KeyFigure.objects.filter(report__in=[r.pk for r in reports]):
        figures[figure.report_id][figure.key] = figure
    years = sorted({r.fiscal_year.year for r in reports})
    by_year_kind = {(r.fiscal_year.year, r.kind): r for r in reports}
    charts = []
    for kind, kind_label in Report.Kind.choices:
        kind_years = [y for y in years if (y, kind) in by_year_kind]
        if not kind_years:
            continue
        series = []
        for key, label in SERIES[:3]:
            values = [figures[by_year_kind[(y, kind)].pk].get(key) for y in kind_years]
            if any(values):
                series.append((label, values))
        sangong = [
            figures[by_year_kind[(y, kind)].pk].get("three_public_actual")
            or figures[by_year_kind[(y, kind)].pk].get("three_public_budget")
            for y in kind_years
        ]
        if any(sangong):
            series.append(("“三公”经费", sangong))
        if series:
            charts.append(
                _series_chart(
                    f"trend-{kind}", f"历年{kind_label}：支出合计、基本支出、项目支出与“三公”经费", kind_years, series
                )
            )
        codes = sorted(
            {
                k.removeprefix("function_")
                for y in kind_years
                for k in figures[by_year_kind[(y, kind)].pk]
                if k.startswith("function_")
            }
        )
        if codes:
            class_series = [
                (
                    CLASS_NAMES.get(code, code),
                    [figures[by_year_kind[(y, kind)].pk].get(f"function_{code}") for y in kind_years],
                )
                for code in codes
            ]
            charts.append(
                _series_chart(
                    f"functions-{kind}",
                    f"历年{kind_label}：支出按功能分类（类）",
                    kind_years,
                    class_series,
                    stacked=True,
                )
            )
    completion = []
    for year in years:
        budget, final = by_year_kind.get((year, "budget")), by_year_kind.get((year, "final"))
        if budget and final:
            planned = figures[budget.pk].get("total_expenditure")
            spent = figures[final.pk].get("total_expenditure")
            rate = None
            if planned and spent and planned.value:
                rate = (spent.value / planned.value * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
            completion.append(
                {
                    "year": year,
                    "budget": amount_display(planned.value) if planned else None,
                    "final": amount_display(spent.value) if spent else None,
                    "rate": rate,
                }
            )
    return {"reports": reports, "years": years, "charts": charts, "completion": completion}


def _series_chart(slug, title, years, series, *, stacked=False) -> dict:
    return {
        "id": f"chart-{slug}",
        "title": title,
        "type": "bar" if stacked else "line",
        "stacked": stacked,
        "unit": "万元",
        "years": years,
        "series": [
            {"label": label, "values": [f"{v.value:,.2f}" if v else "" for v in values]} for label, values in series
        ],
        "data": {
            "labels": [str(y) for y in years],
            "datasets": [
                {"label": label, "data": [str(v.value) if v else None for v in values]} for label, values in series
            ],
        },
    }


def departments_with_reports() -> QuerySet[Department]:
    published = Report.objects.filter(department=OuterRef("pk"), status=Report.Status.PUBLISHED)
    return (
        Department.objects.filter(Exists(published))
        .select_related("jurisdiction")
        .order_by("jurisdiction__name", "name")
    )


def years_with_reports() -> list[int]:
    published = Report.objects.filter(fiscal_year=OuterRef("pk"), status=Report.Status.PUBLISHED)
    return list(FiscalYear.objects.filter(Exists(published)).order_by("year").values_list("year", flat=True))
