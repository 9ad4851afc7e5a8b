"""A copy of a report's PDF with a note on each page a finding names, listing that page's findings.

The printed pages are left as they are: the notes are annotations a PDF reader shows beside the page.
"""

import io
from collections.abc import Iterable
from dataclasses import dataclass

from pypdf import PdfReader, PdfWriter
from pypdf.annotations import Text
from pypdf.errors import PdfReadError, PyPdfError

NOTE_SIZE = 24


class UnreadablePdf(Exception):
    """The source PDF cannot be annotated; the message says why, in words for staff."""


@dataclass(frozen=True)
class PageNote:
    page: int
    lines: list[str]


def page_notes(findings: Iterable) -> list[PageNote]:
    """One note per page: the words of every finding met on that page, in the order given."""
    by_page: dict[int, list[str]] = {}
    for finding in findings:
        text = f"[{finding.severity_label}·{finding.status}] {finding.kind_label}：{finding.message}"
        if finding.explanation:
            text += f"（说明：{finding.explanation}）"
        for page, _href in finding.pages:
            by_page.setdefault(page, []).append(text)
    return [PageNote(page, lines) for page, lines in sorted(by_page.items())]


def annotated_pdf(source: bytes, notes: list[PageNote]) -> bytes:
    """The PDF with a note annotation in the top right corner of each noted page; pages it lacks are skipped."""
    try:
        reader = PdfReader(io.BytesIO(source))
        if reader.is_encrypted:
            raise UnreadablePdf("原始PDF已加密，无法生成带批注的副本。")
        writer = PdfWriter(clone_from=reader)
        for note in notes:
            if not 1 <= note.page <= len(writer.pages):
                continue
            box = writer.pages[note.page - 1].mediabox
            right, top = float(box.right), float(box.top)
            rect = (right - 2 * NOTE_SIZE, top - 2 * NOTE_SIZE, right - NOTE_SIZE, top - NOTE_SIZE)
            text = f"第{note.page}页 {len(note.lines)} 处问题：\n" + "\n".join(note.lines)
            writer.add_annotation(page_number=note.page - 1, annotation=Text(rect=rect, text=text))
        output = io.BytesIO()
        writer.write(output)
    except UnreadablePdf:
        raise
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        raise UnreadablePdf("原始PDF已损坏或无法读取，无法生成带批注的副本。") from exc
    return output.getvalue()
