"""Opening a PDF safely: every way a file can be unusable becomes a specific error."""

import contextlib
import hashlib
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psparser import PSException

from .errors import DamagedPdf, EmptyPdf, EncryptedPdf, NotAPdf, PageTimeout, TooLarge

PDF_MAGIC = b"%PDF-"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check_header(path: Path, *, max_bytes: int | None = None) -> None:
    """Reject by content, not by name: a PDF starts with %PDF- within its first KiB."""
    size = path.stat().st_size
    if size == 0:
        raise EmptyPdf("0 bytes")
    if max_bytes is not None and size > max_bytes:
        raise TooLarge(f"{size} bytes > {max_bytes}")
    with open(path, "rb") as handle:
        head = handle.read(1024)
    if PDF_MAGIC not in head:
        raise NotAPdf()


@dataclass
class Document:
    """An opened PDF and the file it was opened from (a page reader may render pages from the file)."""

    pdf: pdfplumber.PDF
    path: Path
    filename: str

    @property
    def page_count(self) -> int:
        return len(self.pdf.pages)


@contextlib.contextmanager
def local_path(source: "str | Path | BinaryIO") -> Iterator[tuple[Path, str]]:
    """The file as a path on disk and its name: a binary file object is copied to a temporary file first."""
    if isinstance(source, str | Path):
        path = Path(source)
        yield path, path.name
        return
    with tempfile.NamedTemporaryFile(suffix=".pdf") as copy:
        source.seek(0)
        shutil.copyfileobj(source, copy)
        copy.flush()
        source.seek(0)
        yield Path(copy.name), Path(getattr(source, "name", "") or "upload.pdf").name


@contextlib.contextmanager
def open_document(
    source: "str | Path | BinaryIO", *, max_bytes: int | None = None, max_pages: int | None = None
) -> Iterator[Document]:
    """The PDF opened for reading, within the limits; UnusableDocument errors for files that cannot be read."""
    with local_path(source) as (path, filename), open_pdf(path, max_bytes=max_bytes, max_pages=max_pages) as pdf:
        yield Document(pdf=pdf, path=path, filename=filename)


@contextlib.contextmanager
def open_pdf(path: Path, *, max_bytes: int | None = None, max_pages: int | None = None) -> Iterator:
    check_header(path, max_bytes=max_bytes)
    try:
        pdf = pdfplumber.open(path)
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise EncryptedPdf(str(exc)) from exc
    except Exception as exc:  # pdfminer raises many kinds for broken files
        if _is_encryption_error(exc):
            raise EncryptedPdf(str(exc)) from exc
        raise DamagedPdf(f"{type(exc).__name__}: {exc}") from exc
    try:
        try:
            count = len(pdf.pages)
        except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError) as exc:
            raise DamagedPdf(f"{type(exc).__name__}: {exc}") from exc
        if count == 0:
            raise EmptyPdf("0 pages")
        if max_pages is not None and count > max_pages:
            raise TooLarge(f"{count} pages > {max_pages}")
        yield pdf
    finally:
        pdf.close()


def _is_encryption_error(exc: BaseException) -> bool:
    """pdfplumber wraps pdfminer's errors; look through the wrapper and its arguments."""
    causes = [exc, exc.__cause__, exc.__context__, *getattr(exc, "args", ())]
    for cause in causes:
        if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
            return True
        text = f"{type(cause).__name__} {cause}".lower() if cause is not None else ""
        if "password" in text or "encrypt" in text:
            return True
    return False


@contextlib.contextmanager
def time_limit(seconds: float | None, *, page: int) -> Iterator[None]:
    """Stop a page that takes too long. Works where signals work (a main thread)."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    timeout = PageTimeout(f"page {page} took longer than {seconds:g}s")
    expired = False

    def expire(signum, frame):
        nonlocal expired
        expired = True
        raise timeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except Exception as exc:
        # pdfplumber wraps what pdfminer raises, the timeout included
        if expired:
            raise timeout from exc
        raise
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
