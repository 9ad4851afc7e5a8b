"""Reads of the published data, as QuerySets and small structures for the public pages. Drafts never appear.

Every amount shown is the Decimal as stored with the text as printed; the only numbers computed here are
completion rates (决算 ÷ 预算), which say so.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from itertools import groupby

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from budgetpdf.model import STANDARD_TABLES

from . import reading
from .charts import Chart, Dataset, Point, department_colour, parts_chart, year_axis, years_kind
from .formatting import (
    CLASS_NAMES,
    FIGURE_GROUPS,
    FIGURE_LABELS,
    FIGURE_ORDER,
    KIND_LABELS,
    amount_grouped,
    figure_group,
    figure_label,
    figure_subject,
    side_label,
)
from .glossary import FIGURE_TERMS, TABLE_TERMS
from .models import (
    TABLE_TYPE_LABELS,
    Department,
    DepartmentAlias,
    DisclosureTable,
    FiscalYear,
    Jurisdiction,
    KeyFigure,
    LineItem,
    LineValue,
    PerformanceIndicator,
    PerformanceRecord,
    Report,
    ReportPage,
    TableColumn,
    TableType,
    ValidationCheck,
)

TOTAL_NAMES = {"合计", "总计", "本年收入合计", "收入合计"}
PERSONNEL_CLASSES = {"301", "303"}
BLOCK_NAME = re.compile(r"^block\d+$")


def published_reports() -> QuerySet[Report]:
    return Report.objects.filter(status=Report.Status.PUBLISHED).select_related(
        "department__jurisdiction", "fiscal_year"
    )


def departments_with_reports() -> QuerySet[Department]:
    published = Report.objects.filter(department=OuterRef("pk"), status=Report.Status.PUBLISHED)
    return (
        Department.objects.filter(Exists(published))
        .select_related("jurisdiction")
        .order_by("jurisdiction__name", "name")
    )


def departments_by_jurisdiction() -> dict[str, list[tuple[int, str]]]:
    """Departments with published reports as (id, name), grouped by jurisdiction name in name order."""
    groups: dict[str, list[tuple[int, str]]] = {}
    for pk, name, place in departments_with_reports().values_list("pk", "name", "jurisdiction__name"):
        groups.setdefault(place, []).append((pk, name))
    return groups


def function_classes_with_data() -> set[str]:
    """The 类 codes of the function classification for which some published report gives an amount."""
    keys = (
        KeyFigure.objects.filter(report__status=Report.Status.PUBLISHED, key__startswith="function_")
        .values_list("key", flat=True)
        .distinct()
    )
    return {key.removeprefix("function_") for key in keys}


def years_with_reports() -> list[int]:
    published = Report.objects.filter(fiscal_year=OuterRef("pk"), status=Report.Status.PUBLISHED)
    return list(FiscalYear.objects.filter(Exists(published)).order_by("year").values_list("year", flat=True))


def page_url(report_id: int, page: int | None, line_id: int | None = None) -> str:
    if not page:
        return ""
    url = reverse("disclosures:page", args=[report_id, page])
    return f"{url}?line={line_id}" if line_id else url


def completion_rate(budget: Decimal | None, final: Decimal | None) -> Decimal | None:
    """决算 ÷ 预算 as a percentage with one decimal place."""
    if budget is None or final is None or not budget:
        return None
    return (final / budget * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# Home


def jurisdictions_with_latest_reports(*, per_department: int = 3) -> list[Jurisdiction]:
    """Each jurisdiction with its departments that have published reports, newest report first."""
    reports = published_reports().order_by("department__jurisdiction__name", "department__name", "-fiscal_year__year")
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
        if len(department.latest) < per_department:
            department.latest.append(report)
    for department in departments.values():
        department.latest.sort(key=lambda r: (-r.fiscal_year.year, r.kind != Report.Kind.FINAL))
    return list(places.values())


# Search

SEARCH_KINDS = ("departments", "projects", "lines", "pages")
SEARCH_PREVIEW = 10
SEARCH_PAGE_SIZE = 20
SEARCH_MAX_PAGE = 50
SNIPPET_RADIUS = 40


@dataclass
class SearchSection:
    kind: str
    items: list
    page: int = 1
    has_next: bool = False

    @property
    def has_previous(self) -> bool:
        return self.page > 1


@dataclass(frozen=True)
class SearchFilters:
    """What the facets narrow a search to: a district (its slug), a year, a kind of report, a type of table."""

    district: str = ""
    year: int | None = None
    kind: str = ""
    table: str = ""

    @property
    def active(self) -> bool:
        return bool(self.district or self.year or self.kind or self.table)


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    chosen: bool = False


@dataclass
class SearchResults:
    query: str = ""
    kind: str = ""
    page: int = 1
    filters: SearchFilters = field(default_factory=SearchFilters)
    sections: dict[str, SearchSection] = field(default_factory=dict)
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not any(s.items for s in self.sections.values())


def _uses_postgres() -> bool:
    return connection.vendor == "postgresql"


def _text_match(field_name: str, query: str) -> Q:
    """Substring match, which is what finds Chinese words (三公, 政务云) in text that has no spaces between them.

    On PostgreSQL the pg_trgm GIN indexes of migration 0004 serve these ILIKE matches; a misspelt term of three
    characters or more also finds its nearest spellings by trigram similarity.
    """
    match = Q(**{f"{field_name}__icontains": query})
    if _uses_postgres() and len(query) >= 3:
        match |= Q(**{f"{field_name}__trigram_word_similar": query})
    return match


def _report_filter(prefix: str, filters: SearchFilters) -> Q:
    """The published reports a search is narrowed to, as a filter on the path `prefix` leading to a Report."""
    q = Q(**{f"{prefix}status": Report.Status.PUBLISHED})
    if filters.district:
        q &= Q(**{f"{prefix}department__jurisdiction__slug": filters.district})
    if filters.year:
        q &= Q(**{f"{prefix}fiscal_year__year": filters.year})
    if filters.kind:
        q &= Q(**{f"{prefix}kind": filters.kind})
    return q


def _search_querysets(query: str, filters: SearchFilters = SearchFilters()) -> dict[str, QuerySet]:
    published = Report.objects.filter(_report_filter("", filters))
    line_filter = _text_match("name", query)
    if query.isdigit():
        line_filter |= Q(code__startswith=query)
    lines = LineItem.objects.filter(line_filter, _report_filter("table__report__", filters))
    if filters.table:
        lines = lines.filter(table__type=filters.table)
    return {
        "departments": Department.objects.filter(
            _text_match("name", query)
            | Q(Exists(DepartmentAlias.objects.filter(department=OuterRef("pk"), name__icontains=query)))
        )
        .filter(Exists(published.filter(department=OuterRef("pk"))))
        .select_related("jurisdiction")
        .order_by("jurisdiction__name", "name"),
        "projects": PerformanceRecord.objects.filter(_report_filter("report__", filters))
        .filter(
            _text_match("project", query)
            | _text_match("title", query)
            | _text_match("goal", query)
            | Q(Exists(PerformanceIndicator.objects.filter(_text_match("name", query), record=OuterRef("pk"))))
            | Q(Exists(PerformanceIndicator.objects.filter(_text_match("target_text", query), record=OuterRef("pk"))))
        )
        .select_related("report__department__jurisdiction", "report__fiscal_year")
        .order_by("-report__fiscal_year__year", "report_id", "position"),
        "lines": lines.select_related("table__report__department__jurisdiction", "table__report__fiscal_year")
        .prefetch_related(
            Prefetch("values", queryset=LineValue.objects.select_related("column").order_by("column__position"))
        )
        .order_by("-table__report__fiscal_year__year", "table__report_id", "table__position", "position"),
        "pages": ReportPage.objects.filter(_text_match("text", query), _report_filter("report__", filters))
        .select_related("report__department__jurisdiction", "report__fiscal_year")
        .order_by("-report__fiscal_year__year", "report_id", "number"),
    }


def _snippet(text: str, query: str) -> tuple[str, str, str]:
    """The words around the first place a page's text says `query`: before, the match, after."""
    flat = re.sub(r"\s+", " ", text)
    at = flat.lower().find(query.lower())
    if at < 0:
        return flat[: SNIPPET_RADIUS * 2], "", ""
    end = at + len(query)
    return flat[max(0, at - SNIPPET_RADIUS) : at], flat[at:end], flat[end : end + SNIPPET_RADIUS]


def _facets(query: str, filters: SearchFilters) -> dict[str, list[FacetValue]]:
    """Counts of matching published reports by district, year and kind, and of matching lines by table type.

    A report counts when its department, a project, a line or a page matches; each facet is one grouped query.
    """
    matching = _search_querysets(query, SearchFilters())
    reports = Report.objects.filter(status=Report.Status.PUBLISHED).filter(
        Exists(matching["lines"].filter(table__report=OuterRef("pk")))
        | Exists(matching["pages"].filter(report=OuterRef("pk")))
        | Exists(matching["projects"].filter(report=OuterRef("pk")))
        | Exists(matching["departments"].filter(pk=OuterRef("department_id")))
    )
    districts = reports.values_list("department__jurisdiction__slug", "department__jurisdiction__name")
    years = reports.values_list("fiscal_year__year", "fiscal_year__year")
    kinds = reports.values_list("kind", "kind")
    tables = matching["lines"].values_list("table__type", "table__type")
    facets = {}
    for name, rows, chosen in (
        ("district", districts, filters.district),
        ("year", years, str(filters.year or "")),
        ("kind", kinds, filters.kind),
        ("table", tables, filters.table),
    ):
        counted = rows.annotate(n=Count("pk", distinct=True)).order_by()
        values = [
            FacetValue(str(value), _facet_label(name, label), n, str(value) == chosen) for value, label, n in counted
        ]
        facets[name] = sorted(values, key=lambda v: (-v.count, v.label))
    return facets


def _facet_label(name: str, value) -> str:
    if name == "kind":
        return str(KIND_LABELS.get(value, value))
    if name == "table":
        return str(TABLE_TYPE_LABELS.get(value, value))
    return str(value)


def search(query: str, *, kind: str = "", page: int = 1, filters: SearchFilters = SearchFilters()) -> SearchResults:
    """Departments, performance projects and targets, line items and page texts of published reports matching
    `query`, narrowed by `filters`, with facet counts.

    Without `kind`, the first few of each; with it, one page of that kind. Each read is one bounded query
    (a page and one row more, to know whether another page follows), never a count over the whole table.
    """
    query = query.strip()
    kind = kind if kind in SEARCH_KINDS else ""
    page = min(max(page, 1), SEARCH_MAX_PAGE) if kind else 1
    results = SearchResults(query=query, kind=kind, page=page, filters=filters)
    if not query:
        return results
    for name, queryset in _search_querysets(query, filters).items():
        if kind and name != kind:
            continue
        size = SEARCH_PAGE_SIZE if kind else SEARCH_PREVIEW
        start = (page - 1) * size
        items = list(queryset[start : start + size + 1])
        has_next = len(items) > size and (not kind or page < SEARCH_MAX_PAGE)
        if name == "pages":
            for item in items:
                item.before, item.match, item.after = _snippet(item.text, query)
        results.sections[name] = SearchSection(name, items[:size], page, has_next)
    results.facets = _facets(query, filters)
    return results


# Report page


@dataclass
class TableRow:
    """One line of a table as printed: its cells in column order (None where the report left a cell blank)."""

    id: int
    code: str
    level: int
    name: str
    href: str
    cells: list[str | None]


@dataclass
class TableBlock:
    """One side of a table: the whole table, or the income or expense half of a two-sided one."""

    side: str
    label: str
    columns: list[tuple[str, str]]
    show_codes: bool
    rows: list[TableRow]


@dataclass
class TableRows:
    """One table ready to print: its blocks of rows, every amount linked to its page."""

    table: DisclosureTable
    blocks: list[TableBlock]
    columns: list[tuple[str, str]]
    totals: dict[str, "PrintedAmount"] = field(default_factory=dict)
    level1: list[tuple[str, str, "PrintedAmount"]] = field(default_factory=list)
    term: str = ""

    def __getattr__(self, name):
        return getattr(self.table, name)

    @property
    def side_by_side(self) -> bool:
        return len(self.blocks) > 1


@dataclass(frozen=True)
class PrintedAmount:
    amount: Decimal
    printed: str
    href: str = ""
    page: int | None = None


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
    page_links = _PageLinks(report.pk)
    return [
        _table_rows(table, columns.get(table.pk, []), lines.get(table.pk, []), cells, page_links) for table in tables
    ]


class _PageLinks:
    """Links to a report's pages, reversed once per page rather than once per line."""

    def __init__(self, report_id: int):
        self.report_id = report_id
        self.pages: dict[int, str] = {}

    def line(self, page: int | None, line_id: int) -> str:
        if not page:
            return ""
        if page not in self.pages:
            self.pages[page] = page_url(self.report_id, page)
        return f"{self.pages[page]}?line={line_id}"


def _side_columns(side: str, sides: list[str], table_columns: list[tuple], used: dict[str, set]) -> list[tuple]:
    """A two-sided table prints each side with the columns its lines fill, or those the other side leaves."""
    if len(sides) == 1:
        return table_columns
    others = set().union(*(used[s] for s in sides if s != side))
    side_columns = [c for c in table_columns if c[0] in used[side]] or [c for c in table_columns if c[0] not in others]
    return side_columns or table_columns


def _block_label(side: str, sides: list[str]) -> str:
    if len(sides) == 1 or BLOCK_NAME.match(side):
        return ""
    return side_label(side)


@dataclass
class _Amounts:
    """What the charts read from a table: the first total row's amounts and each 类 line's first amount."""

    totals: dict[str, PrintedAmount] = field(default_factory=dict)
    level1: list[tuple[str, str, PrintedAmount]] = field(default_factory=list)


def _block_rows(lines, side_columns, cells, page_links: _PageLinks, amounts: _Amounts) -> list[TableRow]:
    rows = []
    for line_id, _table, code, level, name, page, _side in lines:
        href = page_links.line(page, line_id)
        printed = []
        is_total = not amounts.totals and name.replace(" ", "") in TOTAL_NAMES
        first = None
        for column_id, _t, key, _label in side_columns:
            cell = cells.get((line_id, column_id))
            printed.append(cell[0] if cell else None)
            if cell is None:
                continue
            amount = PrintedAmount(cell[1], cell[0], href, page)
            first = first or amount
            if is_total:
                amounts.totals[key] = amount
        if level == 1 and code and first is not None:
            amounts.level1.append((code, name, first))
        rows.append(TableRow(line_id, code, level, name, href, printed))
    return rows


def _table_rows(table, table_columns, table_lines, cells, page_links: _PageLinks) -> TableRows:
    sides = list(dict.fromkeys(line[6] or "" for line in table_lines)) or [""]
    by_side = {side: [line for line in table_lines if (line[6] or "") == side] for side in sides}
    used = {
        side: {column[0] for column in table_columns for line in rows if (line[0], column[0]) in cells}
        for side, rows in by_side.items()
    }
    amounts = _Amounts()
    blocks = []
    for side in sides:
        side_columns = _side_columns(side, sides, table_columns, used)
        blocks.append(
            TableBlock(
                side=side,
                label=_block_label(side, sides),
                columns=[(key, label) for _id, _t, key, label in side_columns],
                show_codes=any(line[2] for line in by_side[side]),
                rows=_block_rows(by_side[side], side_columns, cells, page_links, amounts),
            )
        )
    return TableRows(
        term=TABLE_TERMS.get(table.type, ""),
        table=table,
        blocks=blocks,
        columns=[(key, label) for _id, _t, key, label in table_columns],
        totals=amounts.totals,
        level1=amounts.level1,
    )


@dataclass
class Completeness:
    present: list[str]
    missing: list[str]

    @property
    def total(self) -> int:
        return len(self.present) + len(self.missing)


def completeness(tables: list[TableRows]) -> Completeness:
    """Which of the standard tables the report prints; a table printed as empty (本表无数据) counts as present."""
    printed = {t.type for t in tables}
    return Completeness(
        present=[str(TABLE_TYPE_LABELS[t]) for t in STANDARD_TABLES if t in printed],
        missing=[str(TABLE_TYPE_LABELS[t]) for t in STANDARD_TABLES if t not in printed],
    )


def report_line(report: Report, line_id: int) -> LineItem | None:
    """One line of a report with its values, for the page viewer to box and list."""
    return (
        LineItem.objects.select_related("table")
        .prefetch_related("values__column")
        .filter(pk=line_id, table__report=report)
        .first()
    )


def key_figures(report: Report) -> dict[str, KeyFigure]:
    """The report's key figures in reading order, each with its label, what it is a figure of, printed form and
    page link."""
    figures = sorted(report.key_figures.all(), key=lambda f: (FIGURE_ORDER.get(f.key, len(FIGURE_ORDER)), f.key))
    for figure in figures:
        figure.label = figure_label(figure.key)
        figure.subject = figure_subject(figure.key)
        figure.term = FIGURE_TERMS.get(figure.key, "")
        figure.display = amount_grouped(figure.value, figure.unit)
        figure.href = page_url(report.pk, figure.page)
    return {f.key: f for f in figures}


@dataclass
class FigureGroup:
    id: str
    label: str
    figures: list[KeyFigure]


def key_figure_groups(figures: dict[str, KeyFigure]) -> list[FigureGroup]:
    """Key figures grouped 收入, 支出, 结构, 三公, 人员 in that order; a figure of no group comes last under 其他."""
    groups = [FigureGroup(group_id, str(label), []) for group_id, label, _keys in FIGURE_GROUPS]
    others = FigureGroup("other", str(_("其他")), [])
    by_id = {g.id: g for g in groups}
    for key, figure in figures.items():
        by_id.get(figure_group(key), others).figures.append(figure)
    return [g for g in (*groups, others) if g.figures]


def checks_in_words(report: Report, completeness: "Completeness | None" = None) -> dict:
    """The consistency checks: the failed ones with their pages, the count of those that hold, and what the reading
    could not give (standard tables missing, image pages not read, OCR values unconfirmed)."""
    checks = list(report.checks.all())
    failed = sorted((c for c in checks if c.status == ValidationCheck.Status.FAIL), key=lambda c: (c.page or 0, c.pk))
    for check in failed:
        check.href = page_url(report.pk, check.page)
    passed = [c for c in checks if c.status == ValidationCheck.Status.PASS]
    if completeness is None:
        printed = set(report.tables.values_list("type", flat=True))
        missing = [str(TABLE_TYPE_LABELS[t]) for t in STANDARD_TABLES if t not in printed]
    else:
        missing = completeness.missing
    state = reading.reading_state(report, checks=checks, missing_tables=missing)
    return {
        "failed": failed,
        "passed": passed,
        "table_checks_ran": state.table_checks_ran,
        "reading_notes": reading.reading_notes(state),
    }


def performance(report: Report) -> list[PerformanceRecord]:
    records = list(report.performance_records.prefetch_related("indicators").order_by("position"))
    for record in records:
        indicators = list(record.indicators.all())
        record.rows = indicators
        record.has_weights = any(i.weight is not None for i in indicators)
        record.has_scores = any(i.score is not None for i in indicators)
        record.page = record.pages[0] if record.pages else None
        record.href = page_url(report.pk, record.page)
        record.amounts = [
            (label, amount_grouped(value, unit), unit)
            for label, value, unit in (
                (_("预算数"), record.budget, _("万元")),
                (_("执行数"), record.executed, _("万元")),
                (_("执行率"), record.execution_rate, "%"),
                (_("得分"), record.score, _("分")),
            )
            if value is not None
        ]
    return records


# Charts


def _point(figure: KeyFigure | None) -> Point | None:
    if figure is None:
        return None
    return Point(figure.value, amount_grouped(figure.value, figure.unit), page_url(figure.report_id, figure.page))


def _amount_point(amount: PrintedAmount) -> Point:
    return Point(amount.amount, amount.printed, amount.href)


def report_charts(report: Report, tables: list[TableRows], figures: dict[str, KeyFigure]) -> list[Chart]:
    """Charts that explain one report: spending by 类, basic against project, personnel against public, income."""
    charts = []
    classes = [
        (CLASS_NAMES.get(key.removeprefix("function_"), key), _point(figure))
        for key, figure in sorted(figures.items())
        if key.startswith("function_")
    ]
    if classes:
        charts.append(parts_chart("functions", _("支出按功能分类（类）"), classes))
    split = [(FIGURE_LABELS[key], _point(figures.get(key))) for key in ("basic_expenditure", "project_expenditure")]
    if all(point for _label, point in split):
        charts.append(parts_chart("basic-project", _("基本支出与项目支出"), split))
    costs = _personnel_public_chart(tables, figures)
    if costs:
        charts.append(costs)
    income = _income_structure(tables)
    if income:
        charts.append(parts_chart("income", _("收入结构"), income))
    return charts


def _personnel_public_chart(tables: list[TableRows], figures: dict[str, KeyFigure]) -> Chart | None:
    """From the key figures when the report states both; else from the basic expenditure table's 类."""
    costs = [(FIGURE_LABELS[key], _point(figures.get(key))) for key in ("personnel_expenditure", "public_expenditure")]
    if all(point for _label, point in costs):
        return parts_chart("personnel-public", _("人员经费与公用经费"), costs)
    economic = _economic_classes(tables)
    if not economic:
        return None
    return parts_chart(
        "personnel-public",
        _("基本支出按经济分类：人员经费与公用经费"),
        economic,
        note=_("工资福利支出、对个人和家庭的补助属人员经费，其余属公用经费。"),
    )


def _economic_classes(tables: list[TableRows]) -> list[tuple[str, Point]]:
    table = next((t for t in tables if t.type == TableType.BASIC_EXPENDITURE_ECONOMIC and not t.empty), None)
    if table is None:
        return []
    return [
        (
            f"{code} {name}（{_('人员经费') if code in PERSONNEL_CLASSES else _('公用经费')}）",
            _amount_point(amount),
        )
        for code, name, amount in table.level1
        if amount.amount
    ]


# Income columns printed as parts of another column: 一般公共预算, 政府性基金 and 国有资本经营预算 are kinds of
# 财政拨款, so a slice for each beside 财政拨款 would count that income twice.
INCOME_PARTS_INSIDE = {"fiscal_appropriation": ("general_budget", "government_fund", "state_capital")}


def _income_structure(tables: list[TableRows]) -> list[tuple[str, Point]]:
    table = next((t for t in tables if t.type == TableType.INCOME and not t.empty), None)
    if table is None:
        return []
    labels = dict(table.columns)
    inside = {part for whole, parts in INCOME_PARTS_INSIDE.items() if whole in table.totals for part in parts}
    return [
        (labels[key], _amount_point(amount))
        for key, amount in table.totals.items()
        if key not in {"total", "amount"} and key not in inside and amount.amount
    ]


# Department and jurisdiction pages

PREFERRED_NOTE = gettext_lazy("每年取决算，没有决算的年份取预算。")


def _figures_by_report(reports: list[Report], keys: tuple[str, ...] | None = None) -> dict[int, dict[str, KeyFigure]]:
    figures: dict[int, dict[str, KeyFigure]] = defaultdict(dict)
    rows = KeyFigure.objects.filter(report__in=[r.pk for r in reports])
    if keys:
        rows = rows.filter(key__in=keys)
    for figure in rows.only("report_id", "key", "value", "unit", "page"):
        figures[figure.report_id][figure.key] = figure
    return figures


@dataclass
class YearRow:
    """One year of one department: its budget and final account, their totals and the completion rate."""

    year: int
    budget: Report | None = None
    final: Report | None = None
    budget_total: Point | None = None
    final_total: Point | None = None
    rate: Decimal | None = None
    others: list[Report] = field(default_factory=list)

    def report(self, kind: str) -> Report | None:
        return self.budget if kind == Report.Kind.BUDGET else self.final

    @property
    def preferred(self) -> Report | None:
        """The final account when there is one, else the budget."""
        return self.final or self.budget


def _year_rows(reports: list[Report], figures: dict[int, dict[str, KeyFigure]]) -> list[YearRow]:
    rows: dict[int, YearRow] = {}
    for report in reports:
        row = rows.setdefault(report.fiscal_year.year, YearRow(report.fiscal_year.year))
        slot = "budget" if report.kind == Report.Kind.BUDGET else "final"
        if report.scope == Report.Scope.DEPARTMENT and getattr(row, slot) is None:
            setattr(row, slot, report)
            setattr(row, f"{slot}_total", _point(figures[report.pk].get("total_expenditure")))
        else:
            row.others.append(report)
    for row in rows.values():
        if row.budget_total and row.final_total:
            row.rate = completion_rate(row.budget_total.amount, row.final_total.amount)
    return sorted(rows.values(), key=lambda r: -r.year)


@dataclass
class _History:
    """A department's years, oldest first, with the key figures of each year's reports."""

    rows: list[YearRow]
    figures: dict[int, dict[str, KeyFigure]]

    @property
    def years(self) -> list[int]:
        return sorted(row.year for row in self.rows)

    @property
    def axis(self) -> list[int]:
        """Every year from the first report to the last; a year without one stays an empty place."""
        return year_axis(self.years)

    @property
    def labels(self) -> list[str]:
        return [str(year) for year in self.axis]

    def row(self, year: int) -> YearRow | None:
        return next((row for row in self.rows if row.year == year), None)

    def kinds(self) -> list[tuple[str, str]]:
        """The kinds (预算, 决算) of which at least one year has a department report."""
        return [(kind, label) for kind, label in Report.Kind.choices if any(r.report(kind) for r in self.rows)]

    def point(self, year: int, kind: str, key: str) -> Point | None:
        row = self.row(year)
        report = row.report(kind) if row else None
        return _point(self.figures[report.pk].get(key)) if report else None

    def series(self, label: str, kind: str, key: str, *, stack: str = "") -> Dataset:
        return Dataset(label, [self.point(year, kind, key) for year in self.axis], stack=stack)

    def preferred(self) -> list[tuple[int, Report]]:
        return [(row.year, row.preferred) for row in sorted(self.rows, key=lambda r: r.year) if row.preferred]


def _history_totals_chart(history: _History) -> Chart | None:
    totals = [history.series(label, kind, "total_expenditure") for kind, label in history.kinds()]
    if not any(s.has_points for s in totals):
        return None
    return Chart("totals", _("历年支出合计：预算与决算"), years_kind(history.years), history.labels, totals)


def _history_basic_project_chart(history: _History) -> Chart | None:
    split = [
        history.series(f"{FIGURE_LABELS[key]}（{label}）", kind, key, stack=kind)
        for kind, label in history.kinds()
        for key in ("basic_expenditure", "project_expenditure")
    ]
    split = [s for s in split if s.has_points]
    if not split:
        return None
    return Chart("basic-project", _("历年基本支出与项目支出"), "bar", history.labels, split, stacked=True)


def _history_functions_chart(history: _History) -> Chart | None:
    preferred = history.preferred()
    figures = history.figures
    codes = sorted(
        {key.removeprefix("function_") for _y, r in preferred for key in figures[r.pk] if key.startswith("function_")}
    )
    if not codes:
        return None
    datasets = [
        Dataset(CLASS_NAMES.get(code, code), [_point(figures[r.pk].get(f"function_{code}")) for _y, r in preferred])
        for code in codes
    ]
    return Chart(
        "functions",
        _("历年支出按功能分类（类）"),
        "bar",
        [f"{year}（{report.get_kind_display()}）" for year, report in preferred],
        datasets,
        stacked=True,
        note=str(PREFERRED_NOTE),
    )


def _history_sangong_chart(history: _History) -> Chart | None:
    """“三公” budget (from the budget, or the final account's budget column) against the amount spent."""
    budget, final = Report.Kind.BUDGET, Report.Kind.FINAL
    planned = Dataset(
        _("“三公”经费预算数"),
        [
            history.point(y, budget, "three_public_budget") or history.point(y, final, "three_public_budget")
            for y in history.axis
        ],
    )
    spent = history.series(_("“三公”经费决算数"), final, "three_public_actual")
    sangong = [s for s in (planned, spent) if s.has_points]
    if not sangong:
        return None
    return Chart("sangong", _("历年“三公”经费"), years_kind(history.years), history.labels, sangong)


def department_history(department: Department) -> dict:
    """The department's published reports by year, budget against final account, and year-over-year charts."""
    reports = list(published_reports().filter(department=department).order_by("fiscal_year__year", "kind", "scope"))
    figures = _figures_by_report(reports)
    rows = _year_rows(reports, figures)
    history = _History(rows, figures)
    charts = [
        chart
        for build in (
            _history_totals_chart,
            _history_basic_project_chart,
            _history_functions_chart,
            _history_sangong_chart,
        )
        if (chart := build(history))
    ]
    return {
        "reports": reports,
        "years": history.years,
        "rows": rows,
        "charts": charts,
        "completion": [r for r in rows if r.budget and r.final],
    }


def _jurisdiction_charts(jurisdiction: Jurisdiction, departments: list, years: list[int], figures) -> list[Chart]:
    """Each department's total spending and “三公” spending across years, one line per department."""

    def point(department, year, key):
        row = department.rows.get(year)
        report = row.preferred if row else None
        return _point(figures[report.pk].get(key)) if report else None

    def series(key):
        return [
            Dataset(
                d.name.removeprefix(jurisdiction.name) or d.name,
                [point(d, y, key) for y in axis],
                colour=department_colour(d.pk),
            )
            for d in departments
        ]

    axis = year_axis(years)
    labels = [str(y) for y in axis]
    wanted = [
        ("jurisdiction-total", _("各部门历年支出合计"), "total_expenditure"),
        ("jurisdiction-sangong", _("各部门历年“三公”经费支出"), "three_public_actual"),
    ]
    charts = []
    for chart_id, title, key in wanted:
        datasets = series(key)
        if any(s.has_points for s in datasets):
            charts.append(Chart(chart_id, title, years_kind(years), labels, datasets, note=str(PREFERRED_NOTE)))
    return charts


def jurisdiction_overview(jurisdiction: Jurisdiction) -> dict:
    """The jurisdiction's departments with their reports by year, and each department's totals across years."""
    reports = list(
        published_reports()
        .filter(department__jurisdiction=jurisdiction)
        .order_by("department__name", "fiscal_year__year", "kind", "scope")
    )
    figures = _figures_by_report(reports, ("total_expenditure", "three_public_actual", "three_public_budget"))
    years = sorted({r.fiscal_year.year for r in reports})
    departments = []
    for _pk, group in groupby(reports, key=lambda r: r.department_id):
        group = list(group)
        department = group[0].department
        department.rows = {row.year: row for row in _year_rows(group, figures)}
        department.cells = [department.rows.get(y) for y in years]
        departments.append(department)
    charts = _jurisdiction_charts(jurisdiction, departments, years, figures) if departments else []
    return {"reports": reports, "years": years, "departments": departments, "charts": charts}


# Comparison


def _comparison_point(cell) -> Point | None:
    if cell is None or cell.value is None:
        return None
    return Point(cell.value, cell.printed, page_url(cell.report_id, cell.page, getattr(cell, "line_id", None)))


def _comparison_name(department) -> str:
    place = department.jurisdiction
    short = department.name.removeprefix(place.name) or department.name
    return f"{place.short_name or place.name} {short}"


def comparison_chart(result) -> Chart | None:
    """Bars side by side: for one year a bar per department, for several a group of bars per year.

    Bars, not lines: the chosen years need not follow one another, and a line would invent the years between.
    Each department keeps its own colour.
    """
    if not result.years or not result.departments or all(c.value is None for c in result.cells):
        return None
    title = f"{result.measure.label}"
    if len(result.years) == 1:
        year = result.years[0]
        return Chart(
            "compare",
            title,
            "bar",
            [_comparison_name(d) for d in result.departments],
            [
                Dataset(
                    f"{year}",
                    [_comparison_point(result.cell(d.pk, year)) for d in result.departments],
                    colours=[department_colour(d.pk) for d in result.departments],
                )
            ],
            unit=result.measure.unit,
        )
    return Chart(
        "compare",
        title,
        "bar",
        [str(y) for y in result.years],
        [
            Dataset(
                _comparison_name(d),
                [_comparison_point(result.cell(d.pk, y)) for y in result.years],
                colour=department_colour(d.pk),
            )
            for d in result.departments
        ],
        unit=result.measure.unit,
    )
