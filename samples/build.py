"""Print the sample disclosure reports as PDFs.

Reads ``samples/data/<name>.json`` (format in ``samples/README.md``) and writes
``samples/pdfs/<name>.pdf`` the way the districts publish their reports: an A4
cover, narrative pages with numbered footers, and each standard table (公开表) on a
page of its own as a ruled grid with merged header cells, wrapped cell text and
amounts right-aligned exactly as printed; long tables continue on the next page
under their repeated header rows. Tables marked ``"image": true`` are printed as
pictures with no text layer, like the scanned table pages of 洪山 2020.

The output is deterministic: the same data and font give the same bytes.

    python -m samples.build [NAME ...]      # from the repository root
"""

from __future__ import annotations

import io
import json
import os
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

import pypdfium2
from PIL import Image, ImageOps
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

SAMPLES_DIR = Path(__file__).resolve().parent
DATA_DIR = SAMPLES_DIR / "data"
PDF_DIR = SAMPLES_DIR / "pdfs"

FONT_NAME = "SamplesCJK"
FONT_CANDIDATES = (
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
    Path("/usr/share/fonts/truetype/arphic/uming.ttc"),
    Path("/usr/share/fonts/truetype/arphic/ukai.ttc"),
    Path("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"),
    Path("/usr/share/fonts/wqy-zenhei/wqy-zenhei.ttc"),
    Path("/Library/Fonts/Arial Unicode.ttf"),
    Path("C:/Windows/Fonts/simsun.ttc"),
    Path("C:/Windows/Fonts/simhei.ttf"),
)

CREATOR = "samples.build"
SCAN_DPI = 150
LANDSCAPE_MARGIN = 1.8 * cm
NARRATIVE_MARGIN_X = 2.5 * cm
NARRATIVE_MARGIN_Y = 2.5 * cm
FOOTER_Y = 1.2 * cm
WIDE_TABLE_COLUMNS = 8  # wider tables are printed on landscape pages
CELL_SIZE = 9
CELL_PADDING = 3
TABLE_META_SIZE = 10

BLOCK_TYPES = ("heading", "paragraph", "page_break", "table")
KINDS = {"final": "决算", "budget": "预算"}
SCOPES = {"department": "部门", "unit": "单位"}
ALIGNMENTS = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT}

# "2,743.11", "0.00", "-3.5", "99.94%", and the OCR-spaced "1, 294. 48"
AMOUNT = re.compile(r"^[-−]?\d[\d,\s]*(?:\.\s*\d+)?%?$")
# Runs a CJK line break may not split: codes, amounts, Latin words.
UNBREAKABLE_RUN = re.compile(r"[0-9A-Za-z.,%()\-+/:]+")


class SampleDataError(ValueError):
    """A data document that cannot be printed as it stands."""


class FontNotFoundError(RuntimeError):
    """No CJK TrueType font reportlab can embed."""


# --------------------------------------------------------------------------- data


@dataclass(frozen=True)
class GridCell:
    """One printed cell of a ruled table, placed on the grid its spans cover."""

    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    align: str | None = None
    header: bool = False

    @property
    def is_amount(self) -> bool:
        text = self.text.strip()
        return bool(AMOUNT.match(text)) and any(mark in text for mark in ".,%")


def load_document(path: Path) -> dict:
    """Read one data document and check that it can be printed."""
    with open(path, encoding="utf-8") as file:
        document = json.load(file)
    validate_document(document)
    return document


def validate_document(document: dict) -> None:
    """Raise SampleDataError naming the first block or table row that breaks the data format.

    Tables are checked as grids: every header and body row, together with the
    cells that span into it from above, must cover exactly the table's columns.
    """
    if not isinstance(document, dict):
        raise SampleDataError("the document is not a JSON object")
    for field, kind in (("name", str), ("department", str), ("fiscal_year", int), ("cover", list), ("blocks", list)):
        if not isinstance(document.get(field), kind):
            raise SampleDataError(f"field {field!r} is missing or not a {kind.__name__}")
    if document.get("kind") not in KINDS:
        raise SampleDataError(f"field 'kind' must be one of {sorted(KINDS)}, not {document.get('kind')!r}")
    for index, block in enumerate(document["blocks"], start=1):
        block_type = block.get("type") if isinstance(block, dict) else None
        if block_type not in BLOCK_TYPES:
            raise SampleDataError(f"block {index}: unknown type {block_type!r}")
        if block_type in ("heading", "paragraph") and not isinstance(block.get("text"), str):
            raise SampleDataError(f"block {index} ({block_type}): 'text' must be a string")
        if block_type == "heading" and block.get("level", 1) not in (1, 2, 3):
            raise SampleDataError(f"block {index} (heading {block['text']!r}): level must be 1, 2 or 3")
        if block_type == "table":
            table_grid(block)


def table_label(table: dict) -> str:
    number = table.get("number") or ""
    return f"table “{table.get('title', '')}”" + (f" ({number})" if number else "")


def column_count(table: dict) -> int:
    widths = table.get("widths")
    if not isinstance(widths, list) or not widths:
        raise SampleDataError(f"{table_label(table)}: 'widths' must list the relative width of every column")
    if not all(isinstance(width, int | float) and width > 0 for width in widths):
        raise SampleDataError(f"{table_label(table)}: every width must be a positive number")
    return len(widths)


@dataclass(frozen=True)
class TableGrid:
    """A table's cells placed on its grid: header rows first, then body rows."""

    columns: int
    header_rows: int
    body_rows: int
    cells: tuple[GridCell, ...]


def table_grid(table: dict) -> TableGrid:
    """Place a table's header and body cells on its grid, checking that each row covers every column."""
    for part in ("header", "body"):
        if not isinstance(table.get(part), list):
            raise SampleDataError(f"{table_label(table)}: '{part}' must be a list of rows")
    if table.get("number_position", "above") not in ("above", "below"):
        raise SampleDataError(f"{table_label(table)}: number_position must be 'above' or 'below'")
    columns = column_count(table)
    header = _place_rows(table, "header", columns, first_row=0)
    body = _place_rows(table, "body", columns, first_row=len(table["header"]))
    return TableGrid(columns, len(table["header"]), len(table["body"]), (*header, *body))


def _place_rows(table: dict, part: str, columns: int, first_row: int) -> list[GridCell]:
    """Lay out rows as HTML does: a cell covered by a span from above or the left is omitted."""
    rows = table[part]
    covered: set[tuple[int, int]] = set()
    cells = []
    for r, row in enumerate(rows):
        where = f"{table_label(table)}: {part} row {r + 1}"
        if not isinstance(row, list):
            raise SampleDataError(f"{where} is not a list of cells")
        col = 0
        for raw in row:
            while (r, col) in covered:
                col += 1
            cell = _parse_cell(raw, r, col, where, header=part == "header")
            if col + cell.colspan > columns:
                raise SampleDataError(f"{where} has more cells than the table's {columns} columns")
            if r + cell.rowspan > len(rows):
                raise SampleDataError(f"{where}: the cell “{cell.text}” spans past the last {part} row")
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    if (r + dr, col + dc) in covered:
                        raise SampleDataError(f"{where}: the cell “{cell.text}” overlaps a cell spanning from above")
                    covered.add((r + dr, col + dc))
            cells.append(_shift(cell, first_row))
            col += cell.colspan
        filled = sum((r, c) in covered for c in range(columns))
        if filled != columns:
            raise SampleDataError(f"{where} covers {filled} of the table's {columns} columns")
    return cells


def _parse_cell(raw: object, row: int, col: int, where: str, *, header: bool) -> GridCell:
    if isinstance(raw, str):
        return GridCell(raw, row, col, header=header)
    if not isinstance(raw, dict) or not isinstance(raw.get("text", ""), str):
        raise SampleDataError(f"{where}: a cell must be a string or an object with a 'text' string, not {raw!r}")
    rowspan, colspan = raw.get("rowspan", 1), raw.get("colspan", 1)
    if not (isinstance(rowspan, int) and isinstance(colspan, int) and rowspan >= 1 and colspan >= 1):
        raise SampleDataError(f"{where}: spans must be positive integers in {raw!r}")
    align = raw.get("align")
    if align is not None and align not in ALIGNMENTS:
        raise SampleDataError(f"{where}: align must be one of {sorted(ALIGNMENTS)}, not {align!r}")
    return GridCell(raw.get("text", ""), row, col, rowspan, colspan, align, header)


def _shift(cell: GridCell, rows: int) -> GridCell:
    return GridCell(cell.text, cell.row + rows, cell.col, cell.rowspan, cell.colspan, cell.align, cell.header)


# -------------------------------------------------------------------------- fonts


def find_cjk_font() -> Path:
    """The CJK TrueType font to embed: $SAMPLES_FONT, else the first common install found."""
    configured = os.environ.get("SAMPLES_FONT")
    if configured:
        path = Path(configured)
        if not path.is_file():
            raise FontNotFoundError(f"SAMPLES_FONT names {configured}, which is not a file")
        return path
    for path in FONT_CANDIDATES:
        if path.is_file():
            return path
    raise FontNotFoundError(
        "no CJK TrueType font found: install one (Debian: apt-get install fonts-wqy-zenhei) "
        "or set SAMPLES_FONT to a .ttf/.ttc file"
    )


def register_cjk_font() -> str:
    """Register the CJK font with reportlab once and return its name."""
    if FONT_NAME not in pdfmetrics.getRegisteredFontNames():
        path = find_cjk_font()
        try:
            pdfmetrics.registerFont(TTFont(FONT_NAME, str(path), subfontIndex=0))
        except TTFError as error:
            raise FontNotFoundError(f"{path} is not a TrueType font reportlab can embed: {error}") from error
    return FONT_NAME


# ------------------------------------------------------------------------- styles


@dataclass(frozen=True)
class Typography:
    """The paragraph styles of a report, all in one CJK font."""

    font: str

    def style(self, name: str, size: float, leading: float, **options) -> ParagraphStyle:
        return ParagraphStyle(name, fontName=self.font, fontSize=size, leading=leading, wordWrap="CJK", **options)

    @property
    def cover(self) -> ParagraphStyle:
        return self.style("cover", 26, 46, alignment=TA_CENTER)

    @property
    def imprint(self) -> ParagraphStyle:
        return self.style("imprint", 14, 26, alignment=TA_CENTER)

    def heading(self, level: int) -> ParagraphStyle:
        if level == 1:
            return self.style("heading1", 16, 28, alignment=TA_CENTER, spaceBefore=6, spaceAfter=14)
        if level == 2:
            return self.style("heading2", 14, 24, firstLineIndent=28, spaceBefore=8, spaceAfter=4)
        return self.style("heading3", 12, 21, firstLineIndent=24, spaceBefore=4, spaceAfter=2)

    @property
    def body(self) -> ParagraphStyle:
        return self.style("body", 12, 21, firstLineIndent=24, spaceAfter=3)

    @property
    def table_title(self) -> ParagraphStyle:
        return self.style("table_title", 16, 24, alignment=TA_CENTER, spaceAfter=2)

    @property
    def table_number(self) -> ParagraphStyle:
        return self.style("table_number", 10, 15, alignment=TA_RIGHT)

    @property
    def note(self) -> ParagraphStyle:
        return self.style("note", 9, 13.5, spaceBefore=1)

    def cell(self, align: int, size: float = CELL_SIZE) -> ParagraphStyle:
        return self.style(f"cell-{align}-{size:.2f}", size, size * 1.3, alignment=align)


class BoldParagraph(Paragraph):
    """A paragraph in a heavier stroke: the CJK font has no bold face, so glyphs are filled and outlined."""

    def draw(self):
        self.canv.saveState()
        self.canv.setLineWidth(self.style.fontSize * 0.035)
        self.canv.setStrokeColor(self.style.textColor)
        super().draw()
        self.canv.restoreState()

    def beginText(self, x, y):
        text = super().beginText(x, y)
        text.setTextRenderMode(2)
        return text


def paragraph_markup(text: str) -> str:
    """Printed text as Paragraph markup: XML escaped, forced line breaks kept."""
    return "<br/>".join(escape(line) for line in text.split("\n"))


# ------------------------------------------------------------------ page furniture


class MetaLine(Flowable):
    """The line above a grid: the body (部门) on the left, the unit of amounts on the right."""

    def __init__(self, left: str, right: str, font: str, size: float = TABLE_META_SIZE):
        super().__init__()
        self.left, self.right, self.font, self.size = left, right, font, size

    def _fits_one_line(self, width: float) -> bool:
        used = pdfmetrics.stringWidth(self.left, self.font, self.size)
        used += pdfmetrics.stringWidth(self.right, self.font, self.size)
        return used + 2 * self.size <= width

    def wrap(self, available_width, available_height):
        self.width = available_width
        lines = 1 if self._fits_one_line(available_width) else 2
        self.height = lines * self.size * 1.5 + 2
        return self.width, self.height

    def draw(self):
        self.canv.setFont(self.font, self.size)
        baseline = 4
        self.canv.drawRightString(self.width, baseline, self.right)
        if not self._fits_one_line(self.width):
            baseline += self.size * 1.5
        self.canv.drawString(0, baseline, self.left)


class ScannedSheet(Flowable):
    """A picture of a printed table; its page carries no text of the table (and no printed page number)."""

    def __init__(self, picture, width: float, height: float):
        super().__init__()
        self.picture, self.width, self.height = picture, width, height

    def wrap(self, available_width, available_height):
        return self.width, self.height

    def draw(self):
        self.canv._samples_scanned_page = True
        self.canv.drawImage(ImageReader(self.picture), 0, 0, self.width, self.height)


def draw_page_number(canvas, doc) -> None:
    """Footer "- n -", counting from the first page after the cover; scanned pages have none."""
    if getattr(canvas, "_samples_scanned_page", False):
        canvas._samples_scanned_page = False
        return
    width, _ = canvas._pagesize
    canvas.saveState()
    canvas.setFont(FONT_NAME, 10)
    canvas.drawCentredString(width / 2, FOOTER_Y, f"- {doc.page - 1} -")
    canvas.restoreState()


PAGE_SIZES = {"cover": A4, "portrait": A4, "landscape": landscape(A4)}


def frame_for(orientation: str) -> Frame:
    width, height = PAGE_SIZES[orientation]
    margin_x = NARRATIVE_MARGIN_X if orientation != "landscape" else LANDSCAPE_MARGIN
    margin_y = NARRATIVE_MARGIN_Y if orientation != "landscape" else LANDSCAPE_MARGIN + 0.4 * cm
    return Frame(
        margin_x,
        margin_y,
        width - 2 * margin_x,
        height - 2 * margin_y,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id=orientation,
    )


def frame_size(orientation: str) -> tuple[float, float]:
    frame = frame_for(orientation)
    return frame._width, frame._height


# ------------------------------------------------------------------------- tables


class TablePrinter:
    """Turns one table block into flowables: title, number, 部门/unit line, ruled grid, notes."""

    def __init__(self, table: dict, typography: Typography):
        self.table = table
        self.typography = typography
        self.grid = table_grid(table)

    @property
    def is_standard(self) -> bool:
        return self.table.get("canonical", "other") != "other"

    @property
    def orientation(self) -> str:
        portrait_width, _ = frame_size("portrait")
        if self.grid.columns > WIDE_TABLE_COLUMNS or sum(self.minimum_widths()) > portrait_width:
            return "landscape"
        return "portrait"

    def flowables(self, width: float) -> list[Flowable]:
        """The table as printed text."""
        return [*self.heading(), self.ruled_grid(width), *self.footing()]

    def picture(self, width: float, height: float) -> list[Flowable]:
        """The table (with its title) as pictures of its pages, like a scan: no text layer."""
        return [ScannedSheet(image, *size) for image, size in render_pictures(self.flowables(width), width, height)]

    def heading(self) -> list[Flowable]:
        table, typography = self.table, self.typography
        parts: list[Flowable] = []
        if table.get("title"):
            parts.append(BoldParagraph(paragraph_markup(table["title"]), typography.table_title))
        if table.get("number") and table.get("number_position", "above") == "above":
            parts.append(Paragraph(paragraph_markup(table["number"]), typography.table_number))
        if table.get("meta_left") or table.get("meta_right"):
            parts.append(MetaLine(table.get("meta_left", ""), table.get("meta_right", ""), typography.font))
        for part in parts:
            part.keepWithNext = True
        return parts

    def footing(self) -> list[Flowable]:
        table, typography = self.table, self.typography
        parts: list[Flowable] = [Spacer(1, 3)]
        parts += [Paragraph(paragraph_markup(note), typography.note) for note in table.get("notes", [])]
        if table.get("number") and table.get("number_position") == "below":
            parts.append(Paragraph(paragraph_markup(table["number"]), typography.table_number))
        return parts

    # grid

    def ruled_grid(self, width: float) -> Table:
        grid = self.grid
        widths = self.column_widths(width)
        empty_text = self.table.get("empty_text", "")
        rows = grid.header_rows + grid.body_rows + (1 if empty_text else 0)
        matrix: list[list[object]] = [["" for _ in range(grid.columns)] for _ in range(rows)]
        commands = [
            ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
            ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
            ("TOPPADDING", (0, 0), (-1, -1), 2.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ]
        for cell in grid.cells:
            cell_width = sum(widths[cell.col : cell.col + cell.colspan]) - 2 * CELL_PADDING
            matrix[cell.row][cell.col] = self.cell_paragraph(cell, cell_width)
            if cell.rowspan > 1 or cell.colspan > 1:
                last = (cell.col + cell.colspan - 1, cell.row + cell.rowspan - 1)
                commands.append(("SPAN", (cell.col, cell.row), last))
        if empty_text:
            notice = GridCell(empty_text, rows - 1, 0, colspan=grid.columns, align="center")
            matrix[-1][0] = self.cell_paragraph(notice, width)
            commands.append(("SPAN", (0, rows - 1), (-1, rows - 1)))
        return Table(
            matrix,
            colWidths=widths,
            repeatRows=grid.header_rows,
            style=TableStyle(commands),
            hAlign="CENTER",
        )

    def cell_paragraph(self, cell: GridCell, width: float) -> Paragraph:
        """A cell's text, wrapped inside the cell; an amount stays on one line, shrunk if the column is narrow."""
        size = CELL_SIZE
        if cell.is_amount and not cell.header:
            printed = pdfmetrics.stringWidth(cell.text.strip(), self.typography.font, size)
            if printed > width > 0:
                size = max(5.0, size * width / printed)
        return Paragraph(paragraph_markup(cell.text), self.typography.cell(self.alignment(cell), size))

    @staticmethod
    def alignment(cell: GridCell) -> int:
        if cell.align:
            return ALIGNMENTS[cell.align]
        if cell.header:
            return TA_CENTER
        text = cell.text.strip()
        if cell.is_amount:
            return TA_RIGHT
        if text.isdigit() and len(text) <= 2 or text in ("-", "—", "--", "/"):
            return TA_CENTER  # 行次 and 栏次 numbers, dashes
        return TA_LEFT

    def minimum_widths(self) -> list[float]:
        """The narrowest each column can be: its amounts on one line, no code or Latin word split."""
        font = self.typography.font
        minimum = [CELL_SIZE + 2 * CELL_PADDING] * self.grid.columns
        for cell in self.grid.cells:
            if cell.colspan != 1:
                continue
            if cell.is_amount and not cell.header:
                needed = pdfmetrics.stringWidth(cell.text.strip(), font, CELL_SIZE)
            else:
                runs = UNBREAKABLE_RUN.findall(cell.text)
                needed = max([pdfmetrics.stringWidth(run, font, CELL_SIZE) for run in runs] + [CELL_SIZE])
            minimum[cell.col] = max(minimum[cell.col], needed + 2 * CELL_PADDING + 1)
        return minimum

    def column_widths(self, available: float) -> list[float]:
        """The printed relative widths, with columns too narrow for their content widened at the others' cost."""
        relative = [float(width) for width in self.table["widths"]]
        minimum = self.minimum_widths()
        if sum(minimum) >= available:
            return [width * available / sum(minimum) for width in minimum]
        fixed: dict[int, float] = {}
        while True:
            free = [i for i in range(len(relative)) if i not in fixed]
            remaining = available - sum(fixed.values())
            share = sum(relative[i] for i in free)
            widths = [fixed.get(i, remaining * relative[i] / share if share else 0.0) for i in range(len(relative))]
            too_narrow = [i for i in free if widths[i] < minimum[i]]
            if not too_narrow:
                return widths
            fixed.update({i: minimum[i] for i in too_narrow})


def render_pictures(flowables: list[Flowable], width: float, height: float):
    """Print flowables on sheets of the given size, rasterise them like a scanner, and return (image, size) pairs.

    The last sheet is cropped below its content so text can follow the picture on the page.
    """
    sheet = io.BytesIO()
    document = BaseDocTemplate(sheet, pagesize=(width, height), invariant=1, creator=CREATOR)
    document.addPageTemplates(
        [PageTemplate("sheet", [Frame(0, 0, width, height, 0, 0, 0, 0, id="sheet")], pagesize=(width, height))]
    )
    document.build(flowables)
    scale = SCAN_DPI / 72
    pdf = pypdfium2.PdfDocument(sheet.getvalue())
    pictures = []
    try:
        for index in range(len(pdf)):
            image = pdf[index].render(scale=scale, grayscale=True).to_pil().convert("L")
            if index == len(pdf) - 1:
                image = crop_below_content(image, margin=int(SCAN_DPI * 0.08))
            pictures.append((image, (image.width / scale, image.height / scale)))
    finally:
        pdf.close()
    return pictures


def crop_below_content(image: Image.Image, margin: int) -> Image.Image:
    """The image cut just below its last non-white pixel (plus a margin)."""
    box = ImageOps.invert(image).getbbox()
    if box is None:
        return image
    return image.crop((0, 0, image.width, min(image.height, box[3] + margin)))


# ------------------------------------------------------------------------- report


class StoryWriter:
    """Lays the blocks of a report out as a reportlab story, deciding where pages break and turn."""

    def __init__(self, typography: Typography):
        self.typography = typography
        self.flowables: list[Flowable] = []
        self.orientation = "cover"
        self.page_has_body = False  # a paragraph or table is on the current page
        self.break_pending = False

    def cover(self, lines: Sequence[str]) -> None:
        """The report's name in large type; the imprint (date, contact) below it in small type."""
        title, imprint = split_cover(lines)
        _, height = frame_size("cover")
        self.flowables.append(Spacer(1, height * 0.26))
        for line in title:
            self.flowables.append(BoldParagraph(paragraph_markup(line), self.typography.cover))
        if imprint:
            self.flowables.append(Spacer(1, height * 0.3))
            for line in imprint:
                self.flowables.append(Paragraph(paragraph_markup(line), self.typography.imprint))
        self.break_pending = True

    def new_page(self, orientation: str = "portrait") -> None:
        self.flowables += [NextPageTemplate(orientation), PageBreak()]
        self.orientation = orientation
        self.page_has_body = False
        self.break_pending = False

    def ensure_page(self, orientation: str | None = None) -> None:
        """Break the page if one is pending or the content needs the page turned."""
        wanted = orientation or ("portrait" if self.orientation == "cover" else self.orientation)
        if self.break_pending or wanted != self.orientation:
            self.new_page(wanted)

    def heading(self, text: str, level: int) -> None:
        if level == 1 and self.page_has_body:
            self.break_pending = True
        self.ensure_page("portrait" if self.break_pending else None)
        heading = BoldParagraph(paragraph_markup(text), self.typography.heading(level))
        heading.keepWithNext = True
        self.flowables.append(heading)

    def paragraph(self, text: str) -> None:
        self.ensure_page("portrait" if self.break_pending else None)
        self.flowables.append(Paragraph(paragraph_markup(text), self.typography.body))
        self.page_has_body = True

    def table(self, block: dict) -> None:
        printer = TablePrinter(block, self.typography)
        orientation = printer.orientation
        if printer.is_standard and self.page_has_body:
            self.break_pending = True
        if orientation == "landscape" or self.break_pending:
            self.ensure_page(orientation)
        width, height = frame_size(self.orientation)
        if block.get("image"):
            self.flowables += printer.picture(width - 2, height - 2)
        else:
            self.flowables += printer.flowables(width)
        self.page_has_body = True

    def page_break(self) -> None:
        self.break_pending = True


def story_for(document: dict, typography: Typography) -> list[Flowable]:
    writer = StoryWriter(typography)
    writer.cover(document.get("cover") or [document["department"]])
    for block in document["blocks"]:
        kind = block["type"]
        if kind == "heading":
            writer.heading(block["text"], block.get("level", 1))
        elif kind == "paragraph":
            writer.paragraph(block["text"])
        elif kind == "table":
            writer.table(block)
        else:
            writer.page_break()
    return writer.flowables


def split_cover(lines: Sequence[str]) -> tuple[list[str], list[str]]:
    """Cover lines up to the one naming the report (…决算, …预算…), and the lines after it."""
    for index, line in enumerate(lines):
        if any(kind in line for kind in KINDS.values()):
            return list(lines[: index + 1]), list(lines[index + 1 :])
    return list(lines), []


def report_title(document: dict) -> str:
    title, _ = split_cover(document.get("cover") or [])
    if title:
        return "".join(title)
    scope = SCOPES.get(document.get("scope", "department"), "部门")
    return f"{document['department']}{document['fiscal_year']}年度{scope}{KINDS[document['kind']]}"


def render_pdf(document: dict) -> tuple[bytes, int]:
    """Print a validated data document; return the PDF bytes and its page count."""
    typography = Typography(register_cjk_font())
    output = io.BytesIO()
    template = BaseDocTemplate(
        output,
        pagesize=A4,
        invariant=1,
        title=report_title(document),
        author=document["department"],
        subject=f"{SCOPES.get(document.get('scope', 'department'), '部门')}{KINDS[document['kind']]}",
        creator=CREATOR,
    )
    template.addPageTemplates(
        [
            PageTemplate("cover", [frame_for("cover")], pagesize=PAGE_SIZES["cover"]),
            PageTemplate("portrait", [frame_for("portrait")], onPageEnd=draw_page_number, pagesize=A4),
            PageTemplate("landscape", [frame_for("landscape")], onPageEnd=draw_page_number, pagesize=landscape(A4)),
        ]
    )
    template.build(story_for(document, typography))
    return output.getvalue(), template.page


# --------------------------------------------------------------------------- CLI


def available_names(data_dir: Path = DATA_DIR) -> list[str]:
    return sorted(path.stem for path in data_dir.glob("*.json"))


def build_sample(name: str, *, data_dir: Path = DATA_DIR, out_dir: Path = PDF_DIR) -> tuple[Path, int]:
    """Build data_dir/<name>.json into out_dir/<name>.pdf; return the path and the page count."""
    document = load_document(data_dir / f"{name}.json")
    pdf, pages = render_pdf(document)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{name}.pdf"
    partial = target.with_suffix(".pdf.partial")
    partial.write_bytes(pdf)
    os.replace(partial, target)
    return target, pages


def main(argv: Iterable[str] | None = None) -> int:
    names = list(argv if argv is not None else sys.argv[1:]) or available_names()
    failed = 0
    for name in names:
        try:
            target, pages = build_sample(name)
        except FontNotFoundError as error:
            print(f"samples.build: {error}", file=sys.stderr)
            return 2
        except (OSError, json.JSONDecodeError, SampleDataError) as error:
            print(f"{name}: not built: {error}", file=sys.stderr)
            failed += 1
            continue
        print(f"{name}: {target.relative_to(SAMPLES_DIR.parent)} ({pages} pages)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
