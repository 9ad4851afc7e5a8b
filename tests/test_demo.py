"""The demo command sets up a working site from the committed sample PDFs, through the ingestion pipeline."""

import io
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from disclosures.models import LineValue, Report
from ingestion.models import IngestionJob

from .stored import rolled_back_afterwards

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "pdfs"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo run once for the module, in a transaction its tests run inside and that is rolled back after them."""
    from django.conf import settings

    media = tmp_path_factory.mktemp("demo-media")
    original = settings.MEDIA_ROOT
    settings.MEDIA_ROOT = media
    out = io.StringIO()
    with pytest.MonkeyPatch.context() as patch, rolled_back_afterwards(django_db_blocker):
        patch.setenv("DEMO_STAFF_PASSWORD", "demo-password-1")
        with django_db_blocker.unblock():
            call_command("demo", "--no-serve", stdout=out)
        yield {"out": out.getvalue(), "media": media}
    settings.MEDIA_ROOT = original


@pytest.fixture
def media_in_tmp(demo, settings):
    settings.MEDIA_ROOT = demo["media"]
    return demo["media"]


def test_demo_ingests_and_publishes_every_sample_report_and_prints_a_staff_account(demo):
    assert "工作人员账号：staff  密码：demo-password-1" in demo["out"]
    pdfs = sorted(SAMPLES.glob("*.pdf"))
    assert len(pdfs) == 5
    assert IngestionJob.objects.filter(status="succeeded").count() == 5
    published = Report.objects.filter(status=Report.Status.PUBLISHED)
    assert {(r.department.jurisdiction.short_name, r.fiscal_year.year, r.kind) for r in published} == {
        ("江岸", 2023, "final"),
        ("洪山", 2024, "budget"),
        ("江夏", 2021, "final"),
        ("汉阳", 2023, "final"),
        ("洪山", 2020, "final"),
    }
    assert LineValue.objects.filter(
        line__table__report__department__jurisdiction__short_name="江岸", printed="2,743.11"
    ).exists()
    user = get_user_model().objects.get(username="staff")
    assert user.is_staff and user.check_password("demo-password-1")


def test_running_the_demo_twice_changes_nothing(demo):
    counts = (Report.objects.count(), LineValue.objects.count(), IngestionJob.objects.count())

    call_command("demo", "--no-serve", stdout=io.StringIO())

    assert (Report.objects.count(), LineValue.objects.count(), IngestionJob.objects.count()) == counts
    assert Report.objects.filter(status=Report.Status.PUBLISHED).count() == 5


def test_the_published_samples_are_on_the_public_pages(demo, client):
    home = client.get("/")
    assert home.status_code == 200
    for place in ("武汉市江岸区", "武汉市洪山区", "武汉市江夏区", "武汉市汉阳区"):
        assert place in home.content.decode()
    report = Report.objects.get(department__jurisdiction__short_name="江岸")
    page = client.get(report.get_absolute_url()).content.decode()
    assert "2,743.11" in page
    pdf = client.get(f"/reports/{report.pk}/source.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
