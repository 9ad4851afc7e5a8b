"""Reading pages that are printed as images: render, straighten, find the ruled grid, recognise the text.

The OCR reader hands the rest of the parser the same words-with-boxes a text layer gives (chars and
ruling edges in PDF points), so tables, codes, figures and checks are reused unchanged. Each char
keeps the recogniser's confidence; values that are neither confident nor confirmed by an identity
are flagged for a person.
"""

from ..pages import READERS
from .reader import OcrPageReader

READERS["ocr"] = OcrPageReader

__all__ = ["OcrPageReader"]
