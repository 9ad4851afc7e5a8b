"""The disclosure parser: a PDF in, a Report out. No ORM, no settings.

    report = budgetpdf.read(path, hints=None, progress=callback)
    inspection = budgetpdf.inspect(path)

Pages with no text but images are read by OCR (`ocr="auto"`; "force" reads every page by OCR,
"off" none). `progress(stage, percent)` is called as the work advances, with the stages of
`Stage`. The stages, in order, are the modules source, pages, grids, tables,
figures and checks (metadata and performance beside them); pipeline runs them.
"""

from .errors import UnusableDocument
from .model import Hints, PageText, Report, TableType
from .pipeline import Cancelled, Inspection, Limits, OcrSettings, Progress, Stage, inspect, read

__all__ = [
    "Cancelled",
    "Hints",
    "Inspection",
    "Limits",
    "OcrSettings",
    "PageText",
    "Progress",
    "Report",
    "Stage",
    "TableType",
    "UnusableDocument",
    "inspect",
    "read",
]
