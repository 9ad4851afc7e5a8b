"""Fixtures shared by every test: uploads in a folder of their own, and each sample PDF parsed once per test run."""

import hashlib
import json
import os
import pickle
from pathlib import Path

import pytest

import budgetpdf

from .cache import made_once, run_folder
from .ocr.scans import ocr_readings, pages_read_by_ocr_once, scanned_pdf  # noqa: F401

SAMPLE_PDFS = Path(__file__).resolve().parent.parent / "samples" / "pdfs"

_read = budgetpdf.read
NO_LIMITS = budgetpdf.Limits()


class ParseCache:
    """Parses by the file's sha256, the hints and the limits they were read with; pickled in a folder every test
    process of the run shares when one is given, so that a sample is parsed once per run."""

    def __init__(self):
        self.folder: Path | None = None
        self.pickled: dict[str, bytes] = {}

    def get(self, key: str, parse):
        if key not in self.pickled:
            self.pickled[key] = made_once(self.folder, key, parse) if self.folder else pickle.dumps(parse())
        return pickle.loads(self.pickled[key])


_PARSES = ParseCache()


def _key(path: Path, hints, limits: budgetpdf.Limits) -> str:
    given = budgetpdf.Hints.of(hints)
    described = json.dumps(given.given() if given else {}, sort_keys=True, default=str) + repr(limits)
    digest = hashlib.sha256(path.read_bytes())
    digest.update(described.encode())
    return digest.hexdigest()


def read_once(source, *, hints=None, limits: budgetpdf.Limits = NO_LIMITS, progress=None, ocr="off", **options):
    """`budgetpdf.read`, parsing each file once per test run; a copy is returned, and progress is replayed.

    The samples are read without OCR (it takes seconds a page); a test that asks for OCR gets a parse of its own.
    """
    if not isinstance(source, str | Path) or ocr != "off" or options:
        return _read(source, hints=hints, limits=limits, progress=progress, ocr=ocr, **options)
    path = Path(source)

    def parse() -> tuple[budgetpdf.Report, list[tuple[str, int]]]:
        stages: list[tuple[str, int]] = []
        report = _read(path, hints=hints, limits=limits, progress=lambda *stage: stages.append(stage), ocr="off")
        return report, stages

    parsed, stages = _PARSES.get(_key(path, hints, limits), parse)
    for stage, percent in stages:
        if progress is not None:
            progress(stage, percent)
    parsed.source.filename = path.name
    return parsed


@pytest.fixture(scope="session")
def sample_report():
    """The parse of a sample PDF by name ('jiangan-2023-final'), read once for the whole test run.

    The same object is returned each time: the sample tests read it and change nothing.
    """
    reports: dict[str, budgetpdf.Report] = {}

    def parsed(name: str) -> budgetpdf.Report:
        path = SAMPLE_PDFS / f"{name}.pdf"
        if not path.exists():
            pytest.skip(f"{path.name} not built")
        if name not in reports:
            reports[name] = read_once(path)
        return reports[name]

    return parsed


@pytest.fixture(autouse=True, scope="session")
def parse_each_file_once(tmp_path_factory):
    """Tests that ingest the same PDF through the services share one parse of it (a copy each), across processes."""
    _PARSES.folder = run_folder(tmp_path_factory, "parses")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(budgetpdf, "read", read_once)
        yield
    _PARSES.folder = None


@pytest.fixture(scope="session")
def stored_once(django_db_setup, django_db_blocker, tmp_path_factory):
    """stored_once(write) -> Stored: `write(media)` run once per test process, its rows kept to be written again
    (see tests.stored.store)."""
    from .stored import store

    made = {}

    def stored(write):
        if write not in made:
            with django_db_blocker.unblock():
                made[write] = store(write, tmp_path_factory.mktemp(write.__name__))
        return made[write]

    return stored


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Every test writes uploads to its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: pages cached by another test's data are never served."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


# With several test processes (--dist loadfile), the files that take longest are handed out first, so that no
# process is left alone with a long file at the end; files that share a costly fixture are handed out together:
# the browser tests (one browser, one store of the samples) and the two files that read a scan by OCR.
LONGEST_FIRST = (
    "tests/browser/",
    "tests/test_ocr_ingestion.py",
    "tests/ocr/test_scanned_reports.py",
    "tests/test_samples.py",
    "tests/test_sample_extraction.py",
    "tests/test_demo.py",
    "tests/findings/test_plant.py",
    "tests/test_public_pages.py",
    "tests/test_security.py",
    "tests/test_staff.py",
    "tests/test_api.py",
    "tests/test_comparison.py",
    "tests/test_settings.py",
)
TOGETHER = {
    "tests/browser/": "browser tests",
    "tests/test_ocr_ingestion.py": "OCR of a scan",
    "tests/ocr/test_scanned_reports.py": "OCR of a scan",
}


def _rank(nodeid: str) -> int:
    return next((n for n, start in enumerate(LONGEST_FIRST) if nodeid.startswith(start)), len(LONGEST_FIRST))


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """--dist loadfile, with the files that share a costly fixture in one unit and the units in collection order."""
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class Scheduling(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            together = next((name for start, name in TOGETHER.items() if nodeid.startswith(start)), None)
            return together or super()._split_scope(nodeid)

    config.option.loadscopereorder = False
    return Scheduling(config, log)


def pytest_collection_modifyitems(config, items):
    """Slow evaluations (the planted-error evaluation, parses of the shared real reports) run with RUN_SLOW=1.

    In a test process of several, the files that take longest come first (see LONGEST_FIRST)."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        items.sort(key=lambda item: _rank(item.nodeid))
    if os.environ.get("RUN_SLOW"):
        return
    skip = pytest.mark.skip(reason="slow evaluation: set RUN_SLOW=1")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)
