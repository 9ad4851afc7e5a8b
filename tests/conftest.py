"""Fixtures shared by every test: uploads in a folder of their own, and each sample PDF parsed once per test run."""

import copy
import hashlib
import json
from pathlib import Path

import pytest

import budgetpdf

SAMPLE_PDFS = Path(__file__).resolve().parent.parent / "samples" / "pdfs"

# The parses of this test run, by the file's sha256, the hints and the limits they were read with.
_PARSES: dict[tuple[str, str, str], tuple[budgetpdf.Report, list[tuple[str, int]]]] = {}
_read = budgetpdf.read
NO_LIMITS = budgetpdf.Limits()


def _key(path: Path, hints, limits: budgetpdf.Limits) -> tuple[str, str, str]:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    given = budgetpdf.Hints.of(hints)
    return digest, json.dumps(given.given() if given else {}, sort_keys=True, default=str), repr(limits)


def read_once(source, *, hints=None, limits: budgetpdf.Limits = NO_LIMITS, progress=None, ocr="off", **options):
    """`budgetpdf.read`, parsing each file once per test run; a deep copy is returned, and progress is replayed.

    The samples are read without OCR (it takes seconds a page); a test that asks for OCR gets a parse of its own.
    """
    if not isinstance(source, str | Path) or ocr != "off" or options:
        return _read(source, hints=hints, limits=limits, progress=progress, ocr=ocr, **options)
    path = Path(source)
    key = _key(path, hints, limits)
    if key not in _PARSES:
        stages: list[tuple[str, int]] = []

        def record(stage: str, percent: int) -> None:
            stages.append((stage, percent))

        report = _read(path, hints=hints, limits=limits, progress=record, ocr="off")
        _PARSES[key] = (report, stages)
    report, stages = _PARSES[key]
    for stage, percent in stages:
        if progress is not None:
            progress(stage, percent)
    parsed = copy.deepcopy(report)
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
def parse_each_file_once():
    """Tests that ingest the same PDF through the services share one parse of it (a deep copy each)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(budgetpdf, "read", read_once)
        yield


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


def pytest_collection_modifyitems(config, items):
    """Slow evaluations (the planted-error evaluation, parses of the shared real reports) run with RUN_SLOW=1."""
    import os

    if os.environ.get("RUN_SLOW"):
        return
    skip = pytest.mark.skip(reason="slow evaluation: set RUN_SLOW=1")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)
