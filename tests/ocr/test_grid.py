"""The grid finder: rulings from a page image, and boundaries from text alignment where there are none."""

import numpy as np

from budgetpdf.ocr import grid, image

from .drawing import ruled_table

SCALE = 200 / 72


def test_ruled_table_gives_one_ruling_per_printed_line():
    page = ruled_table(rows=3, columns=4)
    rulings = grid.find_rulings(image.binarise(page), SCALE)
    assert sum(r.orientation == "h" for r in rulings) == 4
    assert sum(r.orientation == "v" for r in rulings) == 5


def test_bold_stroke_outside_a_table_is_not_a_ruling():
    page = ruled_table(rows=2, columns=2)
    # a glyph-sized cross above the table: a bold 十
    page[10:50, 400:403] = 0
    page[28:31, 380:425] = 0
    rulings = grid.find_rulings(image.binarise(page), SCALE)
    assert all(r.top > 55 for r in rulings if r.orientation == "h")
    assert all(r.x0 < 380 or r.x0 > 425 for r in rulings if r.orientation == "v")


def test_a_line_of_bold_title_glyphs_as_wide_as_a_table_is_not_one():
    page = ruled_table(rows=2, columns=2, origin=(40, 120), size=(700, 300))
    # strokes of five bold 16 pt glyphs touching: two long horizontals crossed by glyph-high verticals
    page[40:43, 300:560] = 0
    page[70:73, 300:560] = 0
    for x in range(310, 560, 50):
        page[30:76, x : x + 3] = 0
    rulings = grid.find_rulings(image.binarise(page), SCALE)
    assert rulings and all(r.top > 110 for r in rulings)


def test_rulings_become_pdfplumber_edges_in_points():
    page = ruled_table(rows=1, columns=1, cell=(278, 139), origin=(139, 139))
    rulings = grid.find_rulings(image.binarise(page), SCALE)
    edges = grid.edges_from_rulings(rulings, SCALE, height_pt=page.shape[0] / SCALE)
    horizontal = sorted(e["top"] for e in edges if e["orientation"] == "h")
    assert [round(y) for y in horizontal] == [50, 100]
    assert all(e["x0"] <= 50 and e["x1"] >= 150 for e in edges if e["orientation"] == "h")


def test_unruled_table_gets_boundaries_between_its_aligned_columns_and_rows():
    boxes = []
    for row in range(4):
        top = 100 + row * 30
        boxes += [(50, top, 150, top + 20), (300, top, 360, top + 20), (500, top, 560, top + 20)]
    boxes.append((50, 20, 400, 40))  # a title line above, not part of the table
    rulings = grid.rulings_from_alignment(boxes)
    verticals = sorted(r.x0 for r in rulings if r.orientation == "v")
    horizontals = sorted(r.top for r in rulings if r.orientation == "h")
    assert len(verticals) == 4 and 150 < verticals[1] < 300 and 360 < verticals[2] < 500
    assert len(horizontals) == 5 and horizontals[0] > 40


def test_skewed_page_is_levelled_to_within_a_quarter_degree():
    page = ruled_table(rows=6, columns=4, size=(800, 500))
    skewed = image.rotate(page, 2.0)
    angle = image.skew_angle(image.binarise(skewed))
    assert abs(angle + 2.0) <= 0.25


def test_blank_and_photo_pages_are_told_from_documents():
    assert image.page_kind(np.full((600, 400), 250, dtype=np.uint8)) == "blank"
    rng = np.random.default_rng(1)
    photo = np.clip(rng.normal(120, 40, (600, 400)), 0, 255).astype(np.uint8)
    assert image.page_kind(photo) == "photo"
    assert image.page_kind(ruled_table(rows=3, columns=3)) == "document"
