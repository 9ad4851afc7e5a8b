"""One table of a report as a download (CSV, XLSX) and the line that cites it.

Amounts are written as the report printed them, without thousands separators: no rounding, no padding.
"""

import csv
import io
from datetime import date
from decimal import Decimal, InvalidOperation

from openpyxl import Workbook

from .csv_safety import csv_row
from .formatting import side_label

HEADER = ["栏", "科目编码", "级次", "科目名称"]


def _plain(printed: str | None) -> str:
    if printed is None:
        return ""
    text = printed.replace(",", "").replace(" ", "")
    try:
        Decimal(text)
    except InvalidOperation:
        return printed
    return text


def table_matrix(table) -> list[list[str]]:
    """A header and a row per printed line; a two-sided table's lines say which side (收入, 支出) they are on."""
    columns = list(dict.fromkeys(label for block in table.blocks for _key, label in block.columns))
    rows = [HEADER + columns]
    for block in table.blocks:
        positions = [columns.index(label) for _key, label in block.columns]
        side = side_label(block.side) if table.side_by_side else ""
        for line in block.rows:
            cells = [""] * len(columns)
            for position, printed in zip(positions, line.cells, strict=False):
                cells[position] = _plain(printed)
            rows.append([side, line.code, str(line.level), line.name, *cells])
    return rows


def table_csv(table, cite: str) -> str:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerows(csv_row(row) for row in table_matrix(table))
    writer.writerow([])
    writer.writerow(csv_row([cite]))
    return out.getvalue()


def _number(text: str) -> tuple[Decimal, str] | None:
    """A printed amount as a number with the format showing the decimals printed, "12.50" -> 12.50 as 0.00."""
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    places = len(text.split(".", 1)[1]) if "." in text else 0
    return value, "#,##0" + ("." + "0" * places if places else "")


def table_xlsx(table, cite: str) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "表"
    for r, row in enumerate(table_matrix(table), start=1):
        for c, text in enumerate(row, start=1):
            number = _number(text) if r > 1 and c > len(HEADER) and text else None
            cell = sheet.cell(row=r, column=c, value=number[0] if number else text)
            if number:
                cell.number_format = number[1]
            elif isinstance(text, str) and text.startswith("="):
                cell.data_type = "s"  # a name printed as "=…" is text, never a formula
    source = book.create_sheet("来源")
    source.cell(row=1, column=1, value=cite)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def cite_line(report, table, url: str, retrieved: date) -> str:
    """Department, year and kind, the table as printed with its pages, where it is online and when it was read."""
    number = f"{table.printed_number} " if table.printed_number else ""
    pages = "、".join(str(p) for p in table.pages or [])
    where = f"，原文第{pages}页" if pages else ""
    return (
        f"{report.department.name}《{report.fiscal_year.year}年{report.get_kind_display()}》{number}{table.title}"
        f"{where}。{url}，{retrieved:%Y-%m-%d}访问。"
    )


def figure_cite_line(report, figure, url: str, retrieved: date) -> str:
    """Department, year and kind, the figure with what it is a figure of, its page, where it is online and when read."""
    subject = f"（{figure.subject}）" if getattr(figure, "subject", "") else ""
    where = f"，原文第{figure.page}页" if figure.page else ""
    return (
        f"{report.department.name}《{report.fiscal_year.year}年{report.get_kind_display()}》关键数字 "
        f"{figure.label}{subject}：{figure.display} {figure.unit}{where}。{url}，{retrieved:%Y-%m-%d}访问。"
    )
