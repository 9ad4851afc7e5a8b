"""Server time of the public pages and the report API on a database of 10,000 published reports.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench python benchmarks/page_speed.py [--reports 10000] [--refill]

Fills the database once (the `bench` database is created when missing) with synthetic
reports shaped like the real ones: 8 standard tables of 16 rows and 5 columns, key
figures for every measure, checks. Then times, in-process with Django's test client
and a warm database, the report page, the department page, the comparison page (four
departments) and /api/reports/{id}/: median and p95 over --requests requests each,
with the SQL queries per request. Goal: median <= 30 ms.
"""

import argparse
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ["DEBUG"] = "false"
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

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
]
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


def copy_rows(cursor, table: str, columns: list[str], rows) -> None:
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def fill(count: int) -> None:
    from django.db import connection, transaction
    from django.utils import timezone

    from disclosures.models import Department, FiscalYear, Jurisdiction, Report

    random.seed(7)
    started = time.perf_counter()
    with transaction.atomic():
        for model in ("linevalue", "lineitem", "tablecolumn", "disclosuretable", "keyfigure", "validationcheck"):
            connection.cursor().execute(f"TRUNCATE disclosures_{model} CASCADE")
        Report.objects.all().delete()
        Department.objects.all().delete()
        Jurisdiction.objects.all().delete()
        places = Jurisdiction.objects.bulk_create(
            Jurisdiction(name=f"测试市第{n}区", short_name=f"第{n}区", slug=f"place-{n}") for n in range(40)
        )
        years = {y: FiscalYear.objects.get_or_create(year=y)[0] for y in range(2019, 2025)}
        per_department = len(years) * 2
        departments = Department.objects.bulk_create(
            Department(jurisdiction=places[n % 40], name=f"{places[n % 40].name}部门{n}", slug=f"dept-{n}")
            for n in range((count + per_department - 1) // per_department)
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
        cursor = connection.cursor().cursor
        table_id = column_id = line_id = value_id = figure_id = check_id = 0
        tables, columns, lines, values, figures, checks = [], [], [], [], [], []
        for report in reports:
            for position, (kind, title) in enumerate(TABLES):
                table_id += 1
                tables.append(
                    (table_id, report.pk, position, kind, title, f"公开{position + 1:02d}表", "[4]", "万元", False)
                )
                first_column = column_id + 1
                for c, (key, label) in enumerate(COLUMNS):
                    column_id += 1
                    columns.append((column_id, table_id, c, key, label))
                for r, code in enumerate(CODES):
                    line_id += 1
                    lines.append(
                        (
                            line_id,
                            table_id,
                            r,
                            "",
                            code,
                            len(code) // 2 - 0,
                            f"科目{code}",
                            position + 4,
                            "[60, 100, 540, 112]",
                        )
                    )
                    for c in range(len(COLUMNS)):
                        value_id += 1
                        amount = Decimal(random.randint(0, 10_000_000)) / 100
                        values.append((value_id, line_id, first_column + c, amount, f"{amount:,.2f}", None, ""))
            for key in FIGURES:
                figure_id += 1
                value = (
                    Decimal(random.randint(1, 300))
                    if key == "staff_actual"
                    else Decimal(random.randint(1, 10**7)) / 100
                )
                figures.append((figure_id, report.pk, key, value, "万元", "table", "", 4, ""))
            for rule in (
                "parent_equals_sum_of_children",
                "total_equals_sum_of_classes",
                "row_total_equals_sum_of_parts",
            ):
                check_id += 1
                checks.append(
                    (check_id, report.pk, rule, "pass", "expenditure", "206", Decimal(1), Decimal(1), "一致", 6)
                )
            if len(values) > 200_000:
                flush(cursor, tables, columns, lines, values, figures, checks)
        flush(cursor, tables, columns, lines, values, figures, checks)
        for model in ("disclosuretable", "tablecolumn", "lineitem", "linevalue", "keyfigure", "validationcheck"):
            table = f"disclosures_{model}"
            sequence = f"pg_get_serial_sequence('{table}', 'id')"
            connection.cursor().execute(f"SELECT setval({sequence}, (SELECT max(id) FROM {table}))")  # noqa: S608
    connection.cursor().execute("ANALYZE")
    print(f"filled {count} reports in {time.perf_counter() - started:.0f} s")


def flush(cursor, tables, columns, lines, values, figures, checks) -> None:
    copy_rows(
        cursor,
        "disclosures_disclosuretable",
        ["id", "report_id", "position", "type", "title", "printed_number", "pages", "unit", "empty"],
        tables,
    )
    copy_rows(cursor, "disclosures_tablecolumn", ["id", "table_id", "position", "key", "label"], columns)
    copy_rows(
        cursor,
        "disclosures_lineitem",
        ["id", "table_id", "position", "side", "code", "level", "name", "page", "bbox"],
        lines,
    )
    copy_rows(
        cursor,
        "disclosures_linevalue",
        ["id", "line_id", "column_id", "amount", "printed", "extracted_amount", "extracted_printed"],
        values,
    )
    copy_rows(
        cursor,
        "disclosures_keyfigure",
        ["id", "report_id", "key", "value", "unit", "source", "table_type", "page", "quote"],
        figures,
    )
    copy_rows(
        cursor,
        "disclosures_validationcheck",
        ["id", "report_id", "rule", "status", "table_type", "row", "expected", "found", "message", "page"],
        checks,
    )
    for rows in (tables, columns, lines, values, figures, checks):
        rows.clear()


def measure(client, urls: list[str]) -> tuple[float, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, queries = [], []
    for url in urls:
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            elapsed = time.perf_counter() - started
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        times.append(elapsed * 1000)
        queries.append(len(captured))
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1], max(queries)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--refill", action="store_true")
    args = parser.parse_args(argv)

    ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from disclosures.models import Department, Report

    call_command("migrate", verbosity=0)
    if args.refill or Report.objects.filter(status="published").count() != args.reports:
        fill(args.reports)
    random.seed(11)
    report_ids = list(Report.objects.values_list("pk", flat=True))
    departments = list(Department.objects.select_related("jurisdiction"))
    picks = [random.choice(report_ids) for _ in range(args.requests)]
    department_picks = [random.choice(departments) for _ in range(args.requests)]
    pages = {
        "report page": [f"/reports/{pk}/" for pk in picks],
        "department page": [f"/{d.jurisdiction.slug}/{d.slug}/" for d in department_picks],
        "comparison page": [
            "/compare/?departments="
            + ",".join(str(d.pk) for d in random.sample(departments, 4))
            + "&years=2021,2022,2023"
            for _ in range(args.requests)
        ],
        "/api/reports/{id}/": [f"/api/reports/{pk}/" for pk in picks],
    }
    client = Client()
    for urls in pages.values():
        measure(client, urls[:10])
    print(f"{args.reports} published reports, {args.requests} requests each, goal: median <= 30 ms")
    print(f"{'page':<22}{'median ms':>10}{'p95 ms':>10}{'queries':>9}")
    for name, urls in pages.items():
        median, p95, queries = measure(client, urls)
        print(f"{name:<22}{median:>10.1f}{p95:>10.1f}{queries:>9}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
