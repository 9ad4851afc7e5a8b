"""The five sample reports ingested and published, beside one unpublished draft, for the tests of a module."""

from pathlib import Path

import pytest

from disclosures import services as disclosure_services
from disclosures.models import Report
from ingestion import services

from . import pdfs
from .stored import rolled_back_afterwards

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "pdfs"


def published_samples_and_a_draft(media: Path) -> dict:
    """The five samples ingested and published, and one draft left unpublished: their reports' primary keys."""
    reports = {}
    for path in sorted(SAMPLES.glob("*.pdf")):
        job = services.ingest_path(path=path)
        disclosure_services.report_publish(report=job.report)
        reports[path.stem] = job.report_id
    draft = services.ingest_path(path=_draft_file(media)).report_id
    return {"reports": reports, "draft": draft}


def _draft_file(folder: Path) -> Path:
    path = folder / "draft.pdf"
    path.write_bytes(pdfs.small_report(department="武汉市江岸区草稿保密中心", year=2019))
    return path


@pytest.fixture(scope="module")
def samples(stored_once, django_db_blocker):
    """The five samples published and the draft, for the module: stored through the services once per test process,
    and written again in a transaction the module's tests run inside, rolled back after them."""
    from django.conf import settings

    stored = stored_once(published_samples_and_a_draft)
    original = settings.MEDIA_ROOT
    settings.MEDIA_ROOT = stored.media
    with rolled_back_afterwards(django_db_blocker):
        with django_db_blocker.unblock():
            stored.restore()
            pks = stored.value
            by_pk = Report.objects.in_bulk([*pks["reports"].values(), pks["draft"]])
        reports = {stem: by_pk[pk] for stem, pk in pks["reports"].items()}
        yield {"reports": reports, "draft": by_pk[pks["draft"]], "media": stored.media}
    settings.MEDIA_ROOT = original


@pytest.fixture
def media_in_tmp(samples, settings):
    settings.MEDIA_ROOT = samples["media"]
    return samples["media"]
