"""The page a reader hands to the parser: glyphs and ruling lines in PDF points.

pdfplumber's table finder needs only chars, edges and a bbox, so `PageView` lets the parser's
grid and text-line readers work on an OCR page exactly as on a pdfplumber page.
"""

from dataclasses import dataclass, field

from pdfplumber.table import TableFinder, TableSettings
from pdfplumber.utils import extract_words


@dataclass
class Page:
    number: int
    width: float
    height: float
    chars: list[dict]
    edges: list[dict]
    images: int = 0
    source: str = "text"
    notes: list[str] = field(default_factory=list)


class PageView:
    """The subset of pdfplumber's Page that table finding and text lines use."""

    def __init__(self, page: Page):
        self.page_number = page.number
        self.width = page.width
        self.height = page.height
        self.bbox = (0.0, 0.0, page.width, page.height)
        self.chars = page.chars
        self.edges = page.edges
        self.images = [{}] * page.images

    def find_tables(self, table_settings: dict | None = None):
        return TableFinder(self, TableSettings.resolve(table_settings or {})).tables

    def extract_words(self, **kwargs) -> list[dict]:
        return extract_words(self.chars, **kwargs)

    def flush_cache(self) -> None:
        """Nothing is cached: the chars and edges are the page."""
