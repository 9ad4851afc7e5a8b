"""Published pages and API reads come from the cache until a report is published, corrected or withdrawn."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from disclosures import cache as public_cache
from disclosures import services
from disclosures.models import Report

from .factories import DepartmentFactory, LineValueFactory, ReportFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _report(name="武汉市江岸区大数据中心", **kwargs) -> Report:
    report = ReportFactory(department=DepartmentFactory(name=name), fiscal_year__year=2023, **kwargs)
    LineValueFactory(line__table__report=report, line__name="机构运行", printed="165.79")
    return report


def _urls(report: Report) -> list[str]:
    department = report.department
    return [
        reverse("disclosures:home"),
        reverse("disclosures:jurisdiction", args=[department.jurisdiction.slug]),
        reverse("disclosures:department", args=[department.jurisdiction.slug, department.slug]),
        reverse("disclosures:report", args=[report.pk]),
        f"{reverse('disclosures:search')}?q=大数据",
        f"{reverse('disclosures:compare')}?departments={department.pk}",
        f"/api/reports/{report.pk}/",
        "/api/reports/",
        f"/api/compare/?departments={department.pk}",
    ]


def test_a_second_anonymous_request_for_each_public_page_is_served_without_queries(client, django_assert_num_queries):
    report = services.report_publish(report=_report())
    for url in _urls(report):
        first = client.get(url)
        assert first.status_code == 200, url
        with django_assert_num_queries(0):
            again = client.get(url)
        assert again.status_code == 200 and again["X-Public-Cache"] == "hit", url
        assert again.content == first.content, url
        assert again["Content-Type"] == first["Content-Type"], url


def test_a_published_report_shows_at_once_on_pages_cached_before(client):
    services.report_publish(report=_report())
    home = reverse("disclosures:home")
    assert "汉阳区财政局" not in client.get(home).content.decode()
    services.report_publish(report=_report(name="武汉市汉阳区财政局"))
    assert "汉阳区财政局" in client.get(home).content.decode()
    assert "汉阳区财政局" in client.get("/api/departments/").content.decode()


def test_a_withdrawn_report_is_gone_at_once_from_every_cached_page(client):
    report = services.report_publish(report=_report())
    urls = _urls(report)
    for url in urls:
        client.get(url)
    services.report_unpublish(report=report)
    assert client.get(reverse("disclosures:report", args=[report.pk])).status_code == 404
    assert client.get(f"/api/reports/{report.pk}/").status_code == 404
    assert "大数据中心" not in client.get("/api/reports/").content.decode()


def test_a_corrected_and_republished_report_shows_its_new_amount_at_once(client):
    report = services.report_publish(report=_report())
    url = reverse("disclosures:report", args=[report.pk])
    assert ">165.79<" in client.get(url).content.decode()
    services.report_unpublish(report=report)
    staff = get_user_model().objects.create_user("editor", is_staff=True)
    value = report.tables.get().rows.get().values.get()
    services.value_correct(value=value, printed="175.79", reason="对照原文第5页", user=staff)
    services.report_publish(report=report)
    page = client.get(url).content.decode()
    assert ">175.79<" in page and ">165.79<" not in page


def test_a_page_cached_for_visitors_is_never_served_to_a_signed_in_user(client):
    report = services.report_publish(report=_report())
    url = reverse("disclosures:report", args=[report.pk])
    client.get(url)
    staff = get_user_model().objects.create_user("staff", is_staff=True)
    client.force_login(staff)
    response = client.get(url)
    assert not response.has_header("X-Public-Cache")
    assert reverse("staff:dashboard") in response.content.decode()
    client.logout()
    assert reverse("staff:dashboard") not in client.get(url).content.decode()


def test_a_page_built_for_a_signed_in_user_is_never_stored_for_visitors(client):
    report = services.report_publish(report=_report())
    url = reverse("disclosures:report", args=[report.pk])
    client.force_login(get_user_model().objects.create_user("staff", is_staff=True))
    client.get(url)
    client.logout()
    client.cookies.clear()
    response = client.get(url)
    assert not response.has_header("X-Public-Cache")
    assert reverse("staff:dashboard") not in response.content.decode()


def test_a_draft_is_never_cached_and_not_found_answers_are_not_stored(client):
    draft = _report()
    url = reverse("disclosures:report", args=[draft.pk])
    assert client.get(url).status_code == 404
    services.report_publish(report=draft)
    assert client.get(url).status_code == 200


def test_renaming_a_department_in_the_admin_shows_at_once(client):
    report = services.report_publish(report=_report())
    url = reverse("disclosures:report", args=[report.pk])
    client.get(url)
    department = report.department
    department.name = "武汉市江岸区数据局"
    department.save()
    assert "武汉市江岸区数据局" in client.get(url).content.decode()


def test_the_cache_can_be_switched_off(client, settings):
    settings.PUBLIC_CACHE_SECONDS = 0
    report = services.report_publish(report=_report())
    url = reverse("disclosures:report", args=[report.pk])
    client.get(url)
    assert not client.get(url).has_header("X-Public-Cache")


def test_each_bump_changes_every_key():
    class Request:
        META = {"HTTP_ACCEPT": "text/html"}

        def get_full_path(self):
            return "/"

        def get_host(self):
            return "testserver"

    before = public_cache.page_key(Request())
    public_cache.bump()
    assert public_cache.page_key(Request()) != before
