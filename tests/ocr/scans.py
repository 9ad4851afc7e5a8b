"""A small generated report as a scanner would give it: its pages as images, no text layer; and its OCR reading
made once per test run."""

import hashlib
import io
import pickle
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pypdfium2
import pytest
from PIL import Image

from budgetpdf.ocr import document
from samples.scanned import JPEG_QUALITY, degrade
from tests import pdfs
from tests.cache import made_once, run_folder

DPI = 200
SCANNED_ON = time.gmtime(0)


def scanned_small_report(path: Path, **report) -> Path:
    """`tests.pdfs.small_report` rendered at 200 dpi, skewed and blurred a little, saved as JPEG pages."""
    document = pypdfium2.PdfDocument(pdfs.small_report(**report))
    rng = np.random.default_rng(13)
    images = []
    try:
        for page in document:
            image = page.render(scale=DPI / 72, grayscale=True).to_pil().convert("L")
            buffer = io.BytesIO()
            degrade(image, rng, turn=False).save(buffer, "JPEG", quality=JPEG_QUALITY)
            images.append(Image.open(io.BytesIO(buffer.getvalue())))
    finally:
        document.close()
    dated = {"creationDate": SCANNED_ON, "modDate": SCANNED_ON}  # the same bytes each time it is made
    images[0].save(path, "PDF", save_all=True, append_images=images[1:], resolution=DPI, quality=JPEG_QUALITY, **dated)
    return path


class _ThreadPool(ThreadPoolExecutor):
    """The process pool's interface on threads of this process, where a reading made once can be handed out."""

    def __init__(self, max_workers=None, mp_context=None, max_tasks_per_child=None):
        super().__init__(max_workers=max_workers)


@contextmanager
def ocr_read_once(folder: Path):
    """RapidOCR reads each page of a file once per test run (by the file's sha256, the page and the dpi); the
    reading is kept in `folder` and given to every later reader of that page, in any test process.

    The pages are read on threads instead of processes, so that the readings can be handed out: the paging,
    progress and cancelling of `ocr_page_images` run as they are. One test reads a scan through the task and the
    process pool, and RapidOCR itself, without this."""
    read = document._read_safely
    one_at_a_time = threading.Lock()  # pdfium renders on one thread at a time

    def read_alone(reader, path, number):
        with one_at_a_time:
            return read(reader, path, number)

    def read_once(reader, path, number):
        digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        key = f"{digest}-{reader.dpi}-{reader.max_side}-{number}"
        return pickle.loads(made_once(folder, key, lambda: read_alone(reader, path, number)))

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(document, "_read_safely", read_once)
        patch.setattr(document, "ProcessPoolExecutor", _ThreadPool)
        patch.setattr(document, "_WORKER_READER", None)
        yield


@pytest.fixture(scope="session")
def scanned_pdf(tmp_path_factory) -> Path:
    """The scanned small report, made once per test process (with the same bytes in each)."""
    return scanned_small_report(tmp_path_factory.mktemp("scans") / "scanned.pdf")


@pytest.fixture(scope="session")
def ocr_readings(tmp_path_factory) -> Path:
    """The folder where the OCR readings of this run are kept."""
    return run_folder(tmp_path_factory, "ocr-readings")


@pytest.fixture
def pages_read_by_ocr_once(ocr_readings):
    """For this test, each page is read by RapidOCR once per test run (see `ocr_read_once`)."""
    with ocr_read_once(ocr_readings):
        yield
