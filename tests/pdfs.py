"""PDFs the tests build: small reports and every kind of unusable file."""

import io

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

EXPENDITURE_ROWS = [
    ("合计", "", "2,743.11", "248.79", "2,494.33"),
    ("206", "科学技术支出", "2,660.02", "165.79", "2,494.23"),
    ("20605", "科技条件与服务", "2,660.02", "165.79", "2,494.23"),
    ("2060501", "机构运行", "165.79", "165.79", ""),
    ("2060503", "科技条件专项", "2,494.23", "", "2,494.23"),
    ("208", "社会保障和就业支出", "36.38", "36.38", ""),
    ("20805", "行政事业单位养老支出", "36.38", "36.38", ""),
    ("221", "住房保障支出", "46.71", "46.71", ""),
]


def small_report(
    *,
    department: str = "武汉市江岸区大数据中心",
    year: int = 2023,
    encrypt: str | None = None,
    rows: list[tuple[str, ...]] = EXPENDITURE_ROWS,
) -> bytes:
    """A two-page 决算 with a narrative and one ruled 支出决算表 (its rows may be given)."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1, encrypt=encrypt)
    pdf.setFont(FONT, 16)
    pdf.drawString(100, 760, f"{department}{year}年度部门决算")
    pdf.setFont(FONT, 11)
    pdf.drawString(72, 700, f"{year}年度收、支总计2,743.11万元。在职实有人数15人。")
    pdf.drawString(72, 680, "支出合计2,743.11万元，其中：基本支出248.79万元，项目支出2,494.33万元。")
    pdf.showPage()
    _expenditure_table(pdf, department, year, rows)
    pdf.save()
    return buffer.getvalue()


def _expenditure_table(pdf, department: str, year: int, table_rows: list[tuple[str, ...]]) -> None:
    pdf.setFont(FONT, 14)
    pdf.drawString(200, 790, f"{year}年度支出决算表")
    pdf.setFont(FONT, 9)
    pdf.drawString(480, 790, "公开03表")
    pdf.drawString(60, 770, f"部门：{department}")
    pdf.drawString(460, 770, "金额单位：万元")
    xs = [60, 120, 260, 360, 450, 540]
    top, height = 760, 20
    header = ["功能分类科目编码", "科目名称", "本年支出合计", "基本支出", "项目支出"]
    rows = [header, *table_rows]
    bottom = top - height * len(rows)
    for i in range(len(rows) + 1):
        pdf.line(xs[0], top - i * height, xs[-1], top - i * height)
    for x in xs:
        pdf.line(x, top, x, bottom)
    for r, row in enumerate(rows):
        y = top - (r + 1) * height + 6
        for c, text in enumerate(row):
            if c >= 2 and r > 0:
                pdf.drawRightString(xs[c + 1] - 4, y, text)
            else:
                pdf.drawString(xs[c] + 3, y, text[:9] if c == 0 else text)
    pdf.showPage()


def image_only() -> bytes:
    """A page with a picture and no text layer, like a scan."""
    from PIL import Image

    image = Image.new("RGB", (400, 300), "white")
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    from reportlab.lib.utils import ImageReader

    pdf.drawImage(ImageReader(image), 72, 400, 400, 300)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def zero_pages() -> bytes:
    """A syntactically valid PDF whose page tree is empty."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [] /Count 0 >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def truncated() -> bytes:
    data = small_report()
    return data[: len(data) // 3]


def not_a_pdf() -> bytes:
    return "部门决算\n这不是PDF文件。\n".encode() * 20
