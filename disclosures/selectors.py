"""Reads of the published data, as QuerySets and small structures for the pages. Drafts never appear."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch, Q, QuerySet

from ingestion.parser.codes import FUNCTION_CLASSES

from .models import (
    Department,
    DisclosureTable,
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


def report_tables(report: Report) -> list[DisclosureTable]:
    """Every table of a report with columns, rows and values, in a fixed number of queries."""
    values = LineValue.objects.only("id", "line_id", "column_id", "amount", "printed", "extracted_amount")
    rows = LineItem.objects.order_by("position").prefetch_related(Prefetch("values", queryset=values))
    tables = list(
        report.tables.order_by("position").prefetch_related(
            Prefetch("columns", queryset=TableColumn.objects.order_by("position")),
            Prefetch("rows", queryset=rows),
        )
    )
    for table in tables:
        columns = list(table.columns.all())
        for line in table.rows.all():
            by_column = {v.column_id: v for v in line.values.all()}
            line.cells = [by_column.get(c.pk) for c in columns]
        table.column_list = columns
    return tables


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


def _income_structure(tables: list[DisclosureTable]) -> list[tuple[str, object]]:
    table = next((t for t in tables if t.type == "income" and not t.empty), None)
    if table is None:
        return []
    total_line = next((line for line in table.rows.all() if line.name.replace(" ", "") in {"合计", "总计"}), None)
    if total_line is None:
        return []
    parts = []
    for column, cell in zip(table.column_list, total_line.cells, strict=True):
        if cell is not None and column.key not in {"total", "amount"} and cell.amount:
            parts.append((column.label, cell))
    return parts


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
    return item.printed if isinstance(item, LineValue) else f"{item.value:,.2f}"


def key_figures(report: Report) -> dict[str, KeyFigure]:
    return {f.key: f for f in report.key_figures.all()}


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
            completion.append({"year": year, "budget": planned, "final": spent, "rate": rate})
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
