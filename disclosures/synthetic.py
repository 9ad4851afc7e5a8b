"""Synthetic published reports shaped like real ones, for the scale benchmark and the page-size tests.

A small report is what most departments publish (30 pages, 8 standard tables of 20 rows and 6 columns); a
real-size one what a large department does (about 40 pages, about 10 tables of 20 to 200 rows). Every row
is written with bulk_create in large batches with ids chosen here, so ten thousand reports take minutes.
"""

import random
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from budgetpdf import checks as parser_checks

from . import cache as public_cache
from .models import (
    Department,
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
    ValidationCheck,
)

TABLES = [
    ("income_expenditure_summary", "收入支出决算总表"),
    ("income", "收入决算表"),
    ("expenditure", "支出决算表"),
    ("fiscal_summary", "财政拨款收入支出决算总表"),
    ("general_budget_expenditure", "一般公共预算财政拨款支出决算表"),
    ("basic_expenditure_economic", "一般公共预算财政拨款基本支出决算表"),
    ("government_fund", "政府性基金预算财政拨款收入支出决算表"),
    ("three_public", "“三公”经费支出决算表"),
    ("state_capital", "国有资本经营预算财政拨款支出决算表"),
    ("project_expenditure", "项目支出决算表"),
]
COLUMNS = [
    ("total", "合计"),
    ("basic", "基本支出"),
    ("project", "项目支出"),
    ("personnel", "人员经费"),
    ("public", "公用经费"),
    ("carryover_end", "年末结转和结余"),
]
CLASSES = ["201", "205", "206", "207", "208", "210", "211", "212", "213", "214", "221", "229"]
# Checks written for each report: four of the registered rules (their ids are written once, in budgetpdf).
CHECKS = [
    (rule, table_type, row)
    for rule, (table_type, row) in zip(
        sorted(parser_checks.RULES)[:4],
        [("expenditure", "206"), ("expenditure", "合计"), ("expenditure", "2060501"), ("income", "总计")],
        strict=True,
    )
]
INDICATORS = [
    ("产出指标", "数量指标", "政务云服务单位数", "≥120家"),
    ("产出指标", "质量指标", "系统可用率", "≥99.9%"),
    ("效益指标", "社会效益指标", "数据共享调用次数", "≥50万次"),
    ("满意度指标", "服务对象满意度指标", "使用单位满意度", "≥90%"),
]
PROJECTS = ["政务云租赁服务", "电子政务外网运维"]
FIGURES = [
    "total_income",
    "total_expenditure",
    "basic_expenditure",
    "project_expenditure",
    "personnel_expenditure",
    "public_expenditure",
    "three_public_actual",
    "staff_actual",
    "function_201",
    "function_206",
    "function_208",
    "function_210",
    "function_221",
]
YEARS = range(2019, 2025)
PLACES = 40
BATCH = 5000


@dataclass(frozen=True)
class Shape:
    pages: int
    tables: int
    min_rows: int
    max_rows: int

    def rows(self, rng: random.Random) -> int:
        return rng.randint(self.min_rows, self.max_rows)


SMALL = Shape(pages=30, tables=8, min_rows=20, max_rows=20)
REAL_SIZE = Shape(pages=40, tables=10, min_rows=20, max_rows=200)


def codes(count: int) -> list[tuple[str, int]]:
    """`count` classification codes in the order a table prints them: 类, then its 款 and 项."""
    found: list[tuple[str, int]] = []
    for n in range(count):
        top = CLASSES[(n // 30) % len(CLASSES)]
        within = n % 30
        if within == 0:
            found.append((top, 1))
        elif within % 6 == 1:
            found.append((f"{top}{within:02d}", 2))
        else:
            found.append((f"{top}{within - within % 6 + 1:02d}{within % 6:02d}", 3))
    return found


class Rows:
    """Model instances waiting to be written, with the next id of each model."""

    MODELS = (
        DisclosureTable,
        TableColumn,
        LineItem,
        LineValue,
        KeyFigure,
        PerformanceRecord,
        PerformanceIndicator,
        ValidationCheck,
        ReportPage,
    )

    def __init__(self):
        self.pending: dict[type, list] = {model: [] for model in self.MODELS}
        self.next_id = {
            model: (model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
            for model in self.MODELS
        }

    def add(self, instance) -> int:
        model = type(instance)
        instance.pk = self.next_id[model]
        self.next_id[model] += 1
        self.pending[model].append(instance)
        return instance.pk

    @property
    def size(self) -> int:
        return sum(len(rows) for rows in self.pending.values())

    def flush(self) -> None:
        for model in self.MODELS:
            if connection.vendor == "postgresql":
                _copy(model, self.pending[model])
            else:
                model.objects.bulk_create(self.pending[model], batch_size=BATCH)
            self.pending[model].clear()


def _copy(model, instances: list) -> None:
    """PostgreSQL: the rows written with COPY, several times faster than INSERT for millions of rows."""
    fields = list(model._meta.concrete_fields)
    names = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {model._meta.db_table} ({names}) FROM STDIN") as copy:
        for instance in instances:
            copy.write_row([f.get_db_prep_save(f.pre_save(instance, True), connection) for f in fields])


class Generator:
    def __init__(self, seed: int = 7):
        self.rng = random.Random(seed)

    def amount(self) -> Decimal:
        return Decimal(self.rng.randint(0, 10_000_000)) / 100

    def report(self, rows: Rows, report: Report, shape: Shape) -> None:
        """The tables, key figures, performance records, checks and page texts of one report."""
        for position in range(shape.tables):
            self._table(rows, report, position, shape)
        for key in FIGURES:
            staff = key == "staff_actual"
            value = Decimal(self.rng.randint(1, 300)) if staff else self.amount()
            rows.add(
                KeyFigure(
                    report_id=report.pk, key=key, value=value, unit="人" if staff else "万元", source="table", page=4
                )
            )
        self._performance(rows, report)
        self._checks(rows, report)
        for number in range(1, shape.pages + 1):
            text = f"{report.title} 第{number}页 政务云 三公经费 机构运行 {self.amount()}"
            rows.add(ReportPage(report_id=report.pk, number=number, text=text))

    def _table(self, rows: Rows, report: Report, position: int, shape: Shape) -> None:
        kind, title = TABLES[position % len(TABLES)]
        page = 4 + position * max(1, (shape.pages - 10) // shape.tables)
        table_id = rows.add(
            DisclosureTable(
                report_id=report.pk,
                position=position,
                type=kind,
                title=title,
                printed_number=f"公开{position + 1:02d}表",
                pages=[page],
                unit="万元",
            )
        )
        columns = [
            rows.add(TableColumn(table_id=table_id, position=c, key=key, label=label))
            for c, (key, label) in enumerate(COLUMNS)
        ]
        for r, (code, level) in enumerate(codes(shape.rows(self.rng))):
            top = 100 + 14 * (r % 45)
            line_id = rows.add(
                LineItem(
                    table_id=table_id,
                    position=r,
                    code=code,
                    level=level,
                    name=f"科目{code}",
                    page=page + r // 45,
                    bbox=[60, top, 540, top + 12],
                )
            )
            for column_id in columns:
                value = self.amount()
                rows.add(LineValue(line_id=line_id, column_id=column_id, amount=value, printed=f"{value:,.2f}"))

    def _performance(self, rows: Rows, report: Report) -> None:
        final = report.kind == Report.Kind.FINAL
        for position, project in enumerate(["", *PROJECTS]):
            budget = self.amount()
            record_id = rows.add(
                PerformanceRecord(
                    report_id=report.pk,
                    position=position,
                    kind="self_evaluation" if final else "target",
                    overall=not project,
                    project=project,
                    title=f"{project or '部门整体'}绩效{'自评' if final else '目标'}表",
                    budget=budget,
                    executed=(budget * Decimal("0.95")).quantize(Decimal("0.01")) if final else None,
                    execution_rate=Decimal("95.00") if final else None,
                    score=Decimal("92.50") if final else None,
                    goal="保障政务信息化平台稳定运行",
                    result="已完成" if final else "",
                    pages=[20 + position],
                )
            )
            for i, (level1, level2, name, target) in enumerate(INDICATORS):
                rows.add(
                    PerformanceIndicator(
                        record_id=record_id,
                        position=i,
                        level1=level1,
                        level2=level2,
                        name=name,
                        target_text=target,
                        actual_text=target if final else "",
                        weight=Decimal(10),
                        score=Decimal(10) if final else None,
                        page=20 + position,
                    )
                )

    def _checks(self, rows: Rows, report: Report) -> None:
        failing = report.pk % 10 == 0
        for i, (rule, table_type, row) in enumerate(CHECKS):
            fails = failing and i == 0
            expected = self.amount()
            found = expected + Decimal("0.02") if fails else expected
            message = f"{row}：各项之和{expected:,.2f}，表中为{found:,.2f}" if fails else "一致"
            rows.add(
                ValidationCheck(
                    report_id=report.pk,
                    rule=rule,
                    status="fail" if fails else "pass",
                    table_type=table_type,
                    row=row,
                    expected=expected,
                    found=found,
                    message=message,
                    page=6,
                )
            )


def published_report(shape: Shape, *, department: Department | None = None, year: int = 2023, seed: int = 7) -> Report:
    """One published report of this shape (tests: a report as large as a real one)."""
    if department is None:
        place, _ = Jurisdiction.objects.get_or_create(slug="synthetic", defaults={"name": "测试市样例区"})
        department, _ = Department.objects.get_or_create(
            jurisdiction=place, slug="synthetic", defaults={"name": "测试市样例区大数据中心"}
        )
    fiscal_year, _ = FiscalYear.objects.get_or_create(year=year)
    report = Report.objects.create(
        department=department,
        fiscal_year=fiscal_year,
        kind=Report.Kind.FINAL,
        title=f"{department.name}{year}年决算",
        status=Report.Status.PUBLISHED,
        source_file=f"synthetic/{seed}.pdf",
        source_filename=f"{seed}.pdf",
        source_sha256=f"{seed:064x}",
        page_count=shape.pages,
        text_pages=shape.pages,
        published_at=timezone.now(),
    )
    rows = Rows()
    Generator(seed).report(rows, report, shape)
    rows.flush()
    return report


@transaction.atomic
def generate(*, synthetic: int, real_size: int, seed: int = 7, progress=None) -> int:
    """Replace every report with `synthetic` small and `real_size` real-size published ones; the rows written."""
    _clear()
    places = Jurisdiction.objects.bulk_create(
        Jurisdiction(name=f"测试市第{n}区", short_name=f"第{n}区", slug=f"place-{n}") for n in range(PLACES)
    )
    years = {y: FiscalYear.objects.get_or_create(year=y)[0] for y in YEARS}
    count = synthetic + real_size
    per_department = len(YEARS) * 2
    departments = Department.objects.bulk_create(
        (
            Department(jurisdiction=places[n % PLACES], name=f"{places[n % PLACES].name}部门{n}", slug=f"dept-{n}")
            for n in range((count + per_department - 1) // per_department)
        ),
        batch_size=BATCH,
    )
    now = timezone.now()
    every = count // real_size if real_size else 0
    reports = []
    for n in range(count):
        department = departments[n // per_department]
        year = YEARS[0] + (n % per_department) // 2
        kind = Report.Kind.BUDGET if n % 2 else Report.Kind.FINAL
        shape = REAL_SIZE if every and n % every == every // 2 and n // every < real_size else SMALL
        reports.append(
            (
                Report(
                    department=department,
                    fiscal_year=years[year],
                    kind=kind,
                    title=f"{department.name}{year}年{'预算' if kind == Report.Kind.BUDGET else '决算'}",
                    status=Report.Status.PUBLISHED,
                    source_file=f"synthetic/{n}.pdf",
                    source_filename=f"{n}.pdf",
                    source_sha256=f"{n:064x}",
                    page_count=shape.pages,
                    text_pages=shape.pages,
                    published_at=now,
                ),
                shape,
            )
        )
    Report.objects.bulk_create([report for report, _ in reports], batch_size=BATCH)
    rows, written = Rows(), 0
    generator = Generator(seed)
    for n, (report, shape) in enumerate(reports, 1):
        generator.report(rows, report, shape)
        if rows.size > 100_000:
            written += rows.size
            rows.flush()
            if progress:
                progress(n, count)
    written += rows.size
    rows.flush()
    _reset_sequences()
    public_cache.bump_on_commit()
    return written


def _clear() -> None:
    """Every report, department and jurisdiction (and on PostgreSQL what refers to them) deleted."""
    if connection.vendor == "postgresql":
        tables = [model._meta.db_table for model in (*Rows.MODELS, Report, Department, Jurisdiction)]
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {', '.join(tables)} CASCADE")
        return
    Report.objects.all().delete()
    Department.objects.all().delete()
    Jurisdiction.objects.all().delete()


def _reset_sequences() -> None:
    """PostgreSQL: the next id of each table after the ones chosen here, and the planner's statistics."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        for model in Rows.MODELS:
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT coalesce(max(id), 1) FROM {table}))"  # noqa: S608
            )
