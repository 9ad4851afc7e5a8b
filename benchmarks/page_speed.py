"""Server time of the public pages and the report API on a database of 10,000 published reports.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench python benchmarks/page_speed.py [--reports 10000] [--refill]

Fills the database once (the `bench` database is created when missing, migrations are run)
with synthetic published reports shaped like the real ones: about 40 jurisdictions, each
department with a budget and a final account for 2019-2024, 8 standard tables of 20 rows and
6 columns, key figures for every measure, performance targets with indicators, and checks. A
database already holding that shape is reused unless --refill. Then times, in-process with
Django's test client, DEBUG off and a warm database, the report page, the department page,
the comparison page (four departments, three years) and /api/reports/{id}/: median and p95
over --requests requests each, with the SQL queries per request. Goal: median <= 30 ms.
"""

import argparse
import math
import os
import random
import statistics
import sys
import time
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ["DEBUG"] = "false"
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

GOAL_MS = 30

TABLES = [
    ("income_expenditure_summary", "收入支出决算总表"),
    ("income", "收入决算表"),
    ("expenditure", "支出决算表"),
    ("fiscal_summary", "财政拨款收入支出决算总表"),
    ("general_budget_expenditure", "一般公共预算财政拨款支出决算表"),
    ("basic_expenditure_economic", "一般公共预算财政拨款基本支出决算表"),
    ("government_fund", "政府性基金预算财政拨款收入支出决算表"),
    ("three_public", "“三公”经费支出决算表"),
]
COLUMNS = [
    ("total", "合计"),
    ("basic", "基本支出"),
    ("project", "项目支出"),
    ("personnel", "人员经费"),
    ("public", "公用经费"),
    ("carryover_end", "年末结转和结余"),
]
CODES = [
    "201",
    "20101",
    "2010101",
    "2010102",
    "206",
    "20605",
    "2060501",
    "2060503",
    "208",
    "20805",
    "2080505",
    "210",
    "21011",
    "221",
    "22102",
    "2210201",
    "2210202",
    "212",
    "21201",
    "2120101",
]
CHECKS = [
    ("parent_equals_sum_of_children", "expenditure", "206"),
    ("total_equals_sum_of_classes", "expenditure", "合计"),
    ("row_total_equals_sum_of_parts", "expenditure", "2060501"),
    ("income_equals_expenditure", "income_expenditure_summary", "总计"),
]
INDICATORS = [
    ("产出指标", "数量指标", "政务云服务单位数", "≥120家"),
    ("产出指标", "质量指标", "系统可用率", "≥99.9%"),
    ("效益指标", "社会效益指标", "数据共享调用次数", "≥50万次"),
    ("满意度指标", "服务对象满意度指标", "使用单位满意度", "≥90%"),
]
PROJECTS = ["政务云租赁服务", "电子政务外网运维"]
COPY_COLUMNS = {
    "disclosures_disclosuretable": [
        "id",
        "report_id",
        "position",
        "type",
        "title",
        "printed_number",
        "pages",
        "unit",
        "empty",
    ],
    "disclosures_tablecolumn": ["id", "table_id", "position", "key", "label"],
    "disclosures_lineitem": ["id", "table_id", "position", "side", "code", "level", "name", "page", "bbox"],
    "disclosures_linevalue": [
        "id",
        "line_id",
        "column_id",
        "amount",
        "printed",
        "extracted_amount",
        "extracted_printed",
    ],
    "disclosures_keyfigure": ["id", "report_id", "key", "value", "unit", "source", "table_type", "page", "quote"],
    "disclosures_performancerecord": [
        "id",
        "report_id",
        "position",
        "kind",
        "overall",
        "project",
        "title",
        "budget",
        "executed",
        "execution_rate",
        "score",
        "goal",
        "result",
        "deviation",
        "improvement",
        "pages",
    ],
    "disclosures_performanceindicator": [
        "id",
        "record_id",
        "position",
        "level1",
        "level2",
        "name",
        "target_text",
        "target_value",
        "actual_text",
        "actual_value",
        "weight",
        "score",
        "deviation",
        "page",
    ],
    "disclosures_validationcheck": [
        "id",
        "report_id",
        "rule",
        "status",
        "table_type",
        "row",
        "expected",
        "found",
        "message",
        "page",
    ],
}
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


def ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def amount() -> Decimal:
    return Decimal(random.randint(0, 10_000_000)) / 100


def is_filled(count: int) -> bool:
    """The database already holds `count` published reports of the shape this script writes."""
    from disclosures.models import LineValue, PerformanceIndicator, Report

    published = Report.objects.filter(status="published")
    if published.count() != count:
        return False
    first = published.order_by("pk").first()
    cells = LineValue.objects.filter(line__table__report=first).count()
    indicators = PerformanceIndicator.objects.filter(record__report=first).count()
    return cells == len(TABLES) * len(CODES) * len(COLUMNS) and indicators == len(INDICATORS) * (1 + len(PROJECTS))


def fill(count: int) -> None:
    from django.db import connection, transaction
    from django.utils import timezone

    from disclosures.models import Department, FiscalYear, Jurisdiction, Report

    random.seed(7)
    started = time.perf_counter()
    with transaction.atomic():
        for table in COPY_COLUMNS:
            connection.cursor().execute(f"TRUNCATE {table} CASCADE")
        Report.objects.all().delete()
        Department.objects.all().delete()
        Jurisdiction.objects.all().delete()
        places = Jurisdiction.objects.bulk_create(
            Jurisdiction(name=f"测试市第{n}区", short_name=f"第{n}区", slug=f"place-{n}") for n in range(40)
        )
        years = {y: FiscalYear.objects.get_or_create(year=y)[0] for y in range(2019, 2025)}
        per_department = len(years) * 2
        departments = Department.objects.bulk_create(
            (
                Department(jurisdiction=places[n % 40], name=f"{places[n % 40].name}部门{n}", slug=f"dept-{n}")
                for n in range((count + per_department - 1) // per_department)
            ),
            batch_size=2000,
        )
        now = timezone.now()
        reports = []
        for n in range(count):
            department = departments[n // per_department]
            year = 2019 + (n % per_department) // 2
            kind = "budget" if n % 2 else "final"
            reports.append(
                Report(
                    department=department,
                    fiscal_year=years[year],
                    kind=kind,
                    scope="department",
                    title=f"{department.name}{year}年{'预算' if kind == 'budget' else '决算'}",
                    status="published",
                    version=1,
                    source_file=f"bench/{n}.pdf",
                    source_filename=f"{n}.pdf",
                    source_sha256=f"{n:064x}",
                    page_count=30,
                    text_pages=30,
                    published_at=now,
                )
            )
        reports = Report.objects.bulk_create(reports, batch_size=2000)
        batch = Batch(connection.cursor().cursor)
        for report in reports:
            add_report(batch, report)
            if batch.size > 200_000:
                batch.flush()
        batch.flush()
        for table in COPY_COLUMNS:
            sequence = f"pg_get_serial_sequence('{table}', 'id')"
            connection.cursor().execute(f"SELECT setval({sequence}, (SELECT max(id) FROM {table}))")  # noqa: S608
    connection.cursor().execute("ANALYZE")
    print(f"filled {count} reports in {time.perf_counter() - started:.0f} s")


class Batch:
    """Rows waiting to be written with COPY, and the next id of each table."""

    def __init__(self, cursor):
        self.cursor = cursor
        self.rows = {table: [] for table in COPY_COLUMNS}
        self.last_id = dict.fromkeys(COPY_COLUMNS, 0)

    @property
    def size(self) -> int:
        return sum(len(rows) for rows in self.rows.values())

    def add(self, table: str, *values) -> int:
        self.last_id[table] += 1
        self.rows[table].append((self.last_id[table], *values))
        return self.last_id[table]

    def flush(self) -> None:
        for table, rows in self.rows.items():
            with self.cursor.copy(f"COPY {table} ({', '.join(COPY_COLUMNS[table])}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            rows.clear()


def add_report(batch: Batch, report) -> None:
    final = report.kind == "final"
    for position, (kind, title) in enumerate(TABLES):
        table_id = batch.add(
            "disclosures_disclosuretable",
            report.pk,
            position,
            kind,
            title,
            f"公开{position + 1:02d}表",
            f"[{position + 4}]",
            "万元",
            False,
        )
        columns = [
            batch.add("disclosures_tablecolumn", table_id, c, key, label) for c, (key, label) in enumerate(COLUMNS)
        ]
        for r, code in enumerate(CODES):
            top = 100 + 14 * r
            line_id = batch.add(
                "disclosures_lineitem",
                table_id,
                r,
                "",
                code,
                len(code) // 2,
                f"科目{code}",
                position + 4,
                f"[60, {top}, 540, {top + 12}]",
            )
            for column_id in columns:
                value = amount()
                batch.add("disclosures_linevalue", line_id, column_id, value, f"{value:,.2f}", None, "")
    for key in FIGURES:
        value = Decimal(random.randint(1, 300)) if key == "staff_actual" else amount()
        batch.add(
            "disclosures_keyfigure",
            report.pk,
            key,
            value,
            "人" if key == "staff_actual" else "万元",
            "table",
            "",
            4,
            "",
        )
    for position, project in enumerate(["", *PROJECTS]):
        budget = amount()
        executed = budget * Decimal("0.95") if final else None
        record_id = batch.add(
            "disclosures_performancerecord",
            report.pk,
            position,
            "self_evaluation" if final else "target",
            not project,
            project,
            f"{project or '部门整体'}绩效{'自评' if final else '目标'}表",
            budget,
            executed and executed.quantize(Decimal("0.01")),
            Decimal("95.00") if final else None,
            Decimal("92.50") if final else None,
            "保障政务信息化平台稳定运行",
            "已完成" if final else "",
            "",
            "",
            f"[{20 + position}]",
        )
        for i, (level1, level2, name, target) in enumerate(INDICATORS):
            batch.add(
                "disclosures_performanceindicator",
                record_id,
                i,
                level1,
                level2,
                name,
                target,
                None,
                target if final else "",
                None,
                Decimal(10),
                Decimal(10) if final else None,
                "",
                20 + position,
            )
    failing = report.pk % 10 == 0
    for i, (rule, table_type, row) in enumerate(CHECKS):
        fails = failing and i == 0
        expected = amount()
        found = expected + Decimal("0.02") if fails else expected
        message = f"{row}：各项之和{expected:,.2f}，表中为{found:,.2f}" if fails else "一致"
        batch.add(
            "disclosures_validationcheck",
            report.pk,
            rule,
            "fail" if fails else "pass",
            table_type,
            row,
            expected,
            found,
            message,
            6,
        )


@dataclass
class Timing:
    median: float
    p95: float
    queries: int
    slowest: list[tuple[float, str]]


def measure(client, urls: list[str]) -> Timing:
    """Each URL once; every answer must be 200."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, queries, slowest = [], [], {}
    for url in urls:
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            elapsed = time.perf_counter() - started
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        times.append(elapsed * 1000)
        queries.append(len(captured))
        for query in captured.captured_queries:
            sql = " ".join(query["sql"].split())
            slowest[sql[:160]] = slowest.get(sql[:160], 0.0) + float(query["time"]) * 1000 / len(urls)
    times.sort()
    top = sorted(((ms, sql) for sql, ms in slowest.items()), reverse=True)[:3]
    return Timing(statistics.median(times), times[max(0, math.ceil(len(times) * 0.95) - 1)], max(queries), top)


def page_urls(requests: int) -> dict[str, list[str] | str]:
    """The URLs to time, by page; a page that does not exist yet is a message instead."""
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    from disclosures.models import Department, Report

    random.seed(11)
    report_ids = list(Report.objects.filter(status="published").values_list("pk", flat=True))
    departments = list(Department.objects.select_related("jurisdiction").filter(reports__status="published").distinct())
    picks = [random.choice(report_ids) for _ in range(requests)]
    pages: dict[str, list[str] | str] = {
        "report page": [reverse("disclosures:report", args=[pk]) for pk in picks],
        "department page": [
            reverse("disclosures:department", args=[d.jurisdiction.slug, d.slug])
            for d in (random.choice(departments) for _ in range(requests))
        ],
    }
    try:
        compare = reverse("disclosures:compare")
    except NoReverseMatch:
        pages["comparison page"] = "skipped: no URL named disclosures:compare yet"
    else:
        pages["comparison page"] = [
            f"{compare}?departments={','.join(str(d.pk) for d in random.sample(departments, 4))}&years=2021,2022,2023"
            for _ in range(requests)
        ]
    api = [f"/api/reports/{pk}/" for pk in picks]
    status = Client().get(api[0]).status_code
    pages["/api/reports/{id}/"] = api if status != 404 else "skipped: /api/reports/{id}/ answers 404 (no API yet)"
    return pages


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--refill", action="store_true", help="write the synthetic reports again")
    parser.add_argument("--queries", action="store_true", help="also print the three slowest queries of each page")
    args = parser.parse_args(argv)

    ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise SystemExit("DATABASE_URL must name a PostgreSQL database")
    call_command("migrate", verbosity=0)
    if args.refill or not is_filled(args.reports):
        fill(args.reports)
    pages = page_urls(args.requests)
    client = Client()
    for urls in pages.values():
        if isinstance(urls, list):
            measure(client, urls[:20])
    print(f"{args.reports} published reports, {args.requests} requests each, DEBUG={settings.DEBUG}")
    print(f"{'page':<22}{'median ms':>10}{'p95 ms':>10}{'queries':>9}  goal: median <= {GOAL_MS} ms")
    for name, urls in pages.items():
        if isinstance(urls, str):
            print(f"{name:<22}{urls}")
            continue
        timing = measure(client, urls)
        verdict = "ok" if timing.median <= GOAL_MS else "over goal"
        print(f"{name:<22}{timing.median:>10.1f}{timing.p95:>10.1f}{timing.queries:>9}  {verdict}")
        if args.queries:
            for ms, sql in timing.slowest:
                print(f"{'':<4}{ms:>6.2f} ms  {sql}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
