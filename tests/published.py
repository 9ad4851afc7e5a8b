"""The five sample reports ingested and published once per test module, beside one unpublished draft."""

from pathlib import Path

import pytest

from disclosures import services as disclosure_services
from disclosures.models import AuditEntry, Department, FiscalYear, Jurisdiction, Report
from ingestion import services
from ingestion.models import IngestionJob

from . import pdfs

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "pdfs"


@pytest.fixture(scope="module")
def samples(django_db_setup, django_db_blocker, tmp_path_factory):
    """The five samples ingested and published once for the module, and one unpublished draft."""
    from django.conf import settings

    media = tmp_path_factory.mktemp("media")
    original = settings.MEDIA_ROOT
    settings.MEDIA_ROOT = media
    with django_db_blocker.unblock():
        reports = {}
        for path in sorted(SAMPLES.glob("*.pdf")):
            job = services.ingest_path(path=path)
            disclosure_services.report_publish(report=job.report)
            reports[path.stem] = job.report
        draft = services.ingest_path(path=_draft_file(media)).report
    yield {"reports": reports, "draft": draft, "media": media}
    with django_db_blocker.unblock():
        for model in (AuditEntry, IngestionJob, Report, Department, Jurisdiction, FiscalYear):
            model.objects.all().delete()
    settings.MEDIA_ROOT = original


def _draft_file(folder: Path) -> Path:
    path = folder / "draft.pdf"
    path.write_bytes(pdfs.small_report(department="武汉市江岸区草稿保密中心", year=2019))
    return path


@pytest.fixture
def media_in_tmp(samples, settings):
    settings.MEDIA_ROOT = samples["media"]
    return samples["media"]
