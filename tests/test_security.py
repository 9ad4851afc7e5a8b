"""What an attacker or a careless request meets: health that really checks, no formula in a CSV, no 500 on odd
input, sign-in lock-out, PDFs as downloads, security headers and production settings that pass Django's checks."""

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver

from config import health
from disclosures.csv_safety import csv_cell

from .published import media_in_tmp, samples  # noqa: F401

BASE = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.django_db


def test_health_answers_200_when_database_broker_static_and_pages_work(client, monkeypatch):
    monkeypatch.setattr(health, "check_broker", lambda: None)
    monkeypatch.setitem(health.CHECKS, "broker", lambda: None)
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "broker": "ok", "static": "ok", "page": "ok"}


@pytest.mark.parametrize("broken", ["database", "broker", "static", "page"])
def test_health_answers_503_naming_the_part_that_is_broken(client, monkeypatch, broken):
    for name in health.CHECKS:
        monkeypatch.setitem(health.CHECKS, name, lambda: None)

    def fail():
        raise RuntimeError("down")

    monkeypatch.setitem(health.CHECKS, broken, fail)
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["checks"][broken] == "failed"


def test_health_fails_when_the_static_manifest_is_missing(client, settings, tmp_path, monkeypatch):
    for name in ("database", "broker", "page"):
        monkeypatch.setitem(health.CHECKS, name, lambda: None)
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": "config.storage.StaticFilesStorage"}}
    response = client.get("/health/")
    assert (response.status_code, response.json()["checks"]["static"]) == (503, "failed")


def test_health_fails_when_the_broker_cannot_be_reached():
    from config.celery_app import app

    app.conf.broker_write_url = "redis://127.0.0.1:1/0"
    try:
        with pytest.raises(Exception):  # noqa: B017 (any connection error)
            health.check_broker()
    finally:
        app.conf.broker_write_url = None


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1+2", "'+1+2"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("-12.30", "-12.30"),
        ("12.30", "12.30"),
        ("一般公共服务支出", "一般公共服务支出"),
        (5, 5),
    ],
)
def test_a_csv_cell_that_looks_like_a_formula_is_written_as_text_and_a_negative_number_stays_a_number(value, written):
    assert csv_cell(value) == written


def test_the_api_csv_neutralises_a_formula_in_a_department_name(client):
    from tests.factories import DepartmentFactory, ReportFactory

    report = ReportFactory(department=DepartmentFactory(name="=cmd|' /C calc'!A0"), published=True)
    response = client.get("/api/departments/?format=csv")
    text = response.content.decode("utf-8-sig")
    names = [row["name"] for row in csv.DictReader(io.StringIO(text))]
    assert "'=cmd|' /C calc'!A0" in names, report
    assert not any(name.startswith("=") for name in names)


def test_the_comparison_csv_neutralises_a_formula_in_a_department_name(client):
    from tests.factories import DepartmentFactory, ReportFactory

    report = ReportFactory(department=DepartmentFactory(name="@SUM(1+1)"), published=True)
    response = client.get(f"/compare.csv?departments={report.department_id}")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert response.status_code == 200
    assert all(row[1] == "'@SUM(1+1)" for row in rows[1:]) and len(rows) > 1


@pytest.mark.parametrize(
    "url",
    ["/search/?q=a%00b", "/api/reports/?department=%00", "/api/line-items/?code=1%00", "/compare/?departments=1%00"],
)
def test_a_nul_byte_in_a_parameter_answers_400_with_a_message(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "NUL" in response.content.decode()


def test_a_report_id_that_is_not_a_number_answers_404(client):
    assert client.get("/api/reports/null/").status_code == 404


def test_head_of_the_home_page_answers_200(client):
    assert client.head("/").status_code == 200


def test_pages_carry_a_content_security_policy_without_inline_scripts(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]


def test_the_published_source_pdf_is_a_download_with_nosniff(client, samples):
    report = next(iter(samples["reports"].values()))
    response = client.get(f"/reports/{report.pk}/source.pdf")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


def _public_urls(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if route.startswith(("admin/", "staff/")):
                continue
            yield from _public_urls(entry, route)
        elif isinstance(entry, URLPattern) and "<" not in route and "(?P" not in route:
            yield "/" + route.lstrip("^").rstrip("$").replace("\\", "")


def test_no_public_url_or_api_route_names_a_department_that_has_only_a_draft(client, samples):
    secret = samples["draft"].department.name
    urls = sorted(set(_public_urls())) + ["/api/compare/?format=csv", "/compare.csv", "/search/?q=草稿"]
    checked = 0
    for url in urls:
        if "health" in url or url.endswith((".csv", "format=csv")) is False and "docs" in url:
            continue
        response = client.get(url)
        if response.status_code == 200 and not response.streaming:
            assert secret not in response.content.decode("utf-8", "replace"), url
            checked += 1
    assert checked >= 8


@override_settings(
    AXES_ENABLED=True,
    AUTHENTICATION_BACKENDS=["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"],
)
def test_sign_in_is_locked_after_repeated_wrong_passwords_even_with_the_right_one(client, settings):
    get_user_model().objects.create_user("clerk", password="right-password-123")
    url = "/staff/login/"
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"username": "clerk", "password": "wrong"})
    response = client.post(url, {"username": "clerk", "password": "right-password-123"})
    assert response.status_code == 429
    assert "分钟后再试" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_production_settings_pass_the_deployment_check():
    unrelated = {"DJANGO_ALLOW_ASYNC_UNSAFE", "SECURE_SSL_REDIRECT", "SECURE_COOKIES", "SECURE_HSTS_SECONDS", "DEBUG"}
    env = {
        **{key: value for key, value in os.environ.items() if key not in unrelated},
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "a-long-random-production-secret-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "budget.example.org",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    "url",
    [
        "/api/tables/?report=%1C%C2%B2",
        "/api/reports/?department=%C2%B2",
        "/api/reports/?jurisdiction=%C2%B2",
        "/compare/?departments=%C2%B2&years=%C2%B2%C2%B2%C2%B2%C2%B2",
        "/search/?q=x&page=%C2%B2",
        "/search/?q=%C2%B2",
    ],
)
def test_a_superscript_digit_in_a_number_parameter_is_ignored_not_a_server_error(client, url):
    assert client.get(url).status_code < 500


def test_api_readers_beyond_their_rate_are_answered_429(client, monkeypatch):
    from django.core.cache import cache
    from rest_framework.throttling import AnonRateThrottle

    from disclosures.api.views import ReadOnly

    cache.clear()
    monkeypatch.setattr(ReadOnly, "throttle_classes", [AnonRateThrottle])
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/minute"})
    statuses = [client.get("/api/jurisdictions/").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    cache.clear()


def test_the_api_is_throttled_outside_tests_with_rates_from_the_environment():
    from config.settings import base

    assert "rest_framework.throttling.AnonRateThrottle" in base.REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"]
    assert base.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["anon"].endswith("/minute")


def test_a_table_download_writes_a_formula_like_line_name_as_text_in_csv_and_xlsx(client):
    from openpyxl import load_workbook

    from tests.factories import LineValueFactory, ReportFactory

    report = ReportFactory(published=True)
    LineValueFactory(line__table__report=report, line__table__position=0, line__name='=HYPERLINK("x")')
    csv_text = client.get(f"/reports/{report.pk}/tables/0.csv").content.decode("utf-8-sig")
    names = [row[3] for row in csv.reader(io.StringIO(csv_text)) if len(row) > 3]
    assert '\'=HYPERLINK("x")' in names
    assert not any(name.startswith("=") for name in names)
    sheet = load_workbook(io.BytesIO(client.get(f"/reports/{report.pk}/tables/0.xlsx").content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value == '=HYPERLINK("x")']
    assert cells and all(cell.data_type == "s" for cell in cells)
