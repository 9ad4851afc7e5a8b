"""Server time and SQL queries of the public pages and the API on a database of synthetic published reports.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_scale python benchmarks/page_speed.py \
        [--synthetic 10000] [--real-size 242] [--refill] [--requests 50]

The database is filled once by `manage.py generate_corpus` (small reports of 30 pages and 8 tables of 20 rows,
and real-size ones of about 40 pages and 10 tables of 20 to 200 rows) unless it already holds that many
published reports. Then times, in-process with Django's test client and DEBUG off, each page cold (the cache
emptied before each request) and warm (the same URL asked a second time): median and p95 over --requests
requests, and the most SQL queries one request made. Goals (medians): report page 30 ms, comparison and
search 50 ms; queries per page the same at 1,000 and 10,000 reports.

Baseline before the page cache and the collapsed tables (1,000 small reports, the machine shared and loaded):
report page 431.8 ms median / 579.2 p95 / 9 queries; department page 101.9 / 146.2 / 3; comparison page
205.6 / 273.3 / 7; /api/reports/{id}/ 313.7 / 483.2 / 11.
"""

import argparse
import math
import os
import random
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ["DEBUG"] = "false"
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

GOALS_MS = {"report page": 30, "comparison page": 50, "search page": 50}
BASELINE = {
    "report page": (431.8, 579.2, 9),
    "department page": (101.9, 146.2, 3),
    "comparison page": (205.6, 273.3, 7),
    "/api/reports/{id}/": (313.7, 483.2, 11),
}


def ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def is_filled(count: int) -> bool:
    from disclosures.models import Report

    return Report.objects.filter(status="published").count() == count


@dataclass
class Timing:
    median: float
    p95: float
    queries: int
    slowest: list[tuple[float, str]]


def measure(client, urls: list[str], *, warm: bool = False) -> Timing:
    """Each URL once, after emptying the cache (cold) or after asking for it once (warm); every answer is 200."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, queries, slowest = [], [], {}
    for url in urls:
        if warm:
            client.get(url)
        else:
            cache.clear()
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
    from django.urls import NoReverseMatch, reverse

    from disclosures.models import Department, DisclosureTable, Report

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
    pages["home page"] = [reverse("disclosures:home")] * requests
    pages["district page"] = [
        reverse("disclosures:jurisdiction", args=[d.jurisdiction.slug]) for d in random.sample(departments, requests)
    ]
    pages["search page"] = [f"{reverse('disclosures:search')}?q=部门{random.randint(0, 900)}" for _ in range(requests)]
    pages["/api/reports/{id}/"] = [f"/api/reports/{pk}/" for pk in picks]
    pages["/api/reports/"] = [f"/api/reports/?page={random.randint(1, 50)}" for _ in range(requests)]
    tables = list(DisclosureTable.objects.filter(report_id__in=picks).values_list("pk", flat=True))
    pages["/api/tables/{id}/line-items/"] = [f"/api/tables/{random.choice(tables)}/line-items/" for _ in picks]
    return pages


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--synthetic", type=int, default=10_000)
    parser.add_argument("--real-size", type=int, default=242)
    parser.add_argument("--requests", type=int, default=50)
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
    total = args.synthetic + args.real_size
    if args.refill or not is_filled(total):
        call_command("generate_corpus", synthetic=args.synthetic, real_size=args.real_size, yes=True)
    pages = page_urls(args.requests)
    client = Client()
    for urls in pages.values():
        if isinstance(urls, list):
            measure(client, urls[:5])
    print(
        f"{total} published reports ({args.real_size} real-size), {args.requests} requests each, DEBUG={settings.DEBUG}"
    )
    print(
        f"{'page':<30}{'cold median':>12}{'p95':>8}{'queries':>8}{'warm median':>12}{'p95':>8}{'queries':>8}  baseline"
    )
    for name, urls in pages.items():
        if isinstance(urls, str):
            print(f"{name:<30}{urls}")
            continue
        cold, warm = measure(client, urls), measure(client, urls, warm=True)
        base = BASELINE.get(name)
        baseline = f"{base[0]:.1f} / {base[1]:.1f} ms, {base[2]} queries" if base else "—"
        goal = GOALS_MS.get(name)
        verdict = f"  goal {goal} ms: {'ok' if cold.median <= goal else 'over'} cold" if goal else ""
        print(
            f"{name:<30}{cold.median:>12.1f}{cold.p95:>8.1f}{cold.queries:>8}"
            f"{warm.median:>12.1f}{warm.p95:>8.1f}{warm.queries:>8}  {baseline}{verdict}"
        )
        if args.queries:
            for ms, sql in cold.slowest:
                print(f"{'':<4}{ms:>6.2f} ms  {sql}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
