"""Recognised words into cells and glyphs, and the number shapes OCR produces."""

from decimal import Decimal

from budgetpdf.model import Row, Table
from budgetpdf.ocr.confidence import Readings, ValueReading, confirm_or_correct, is_ocr_slip
from budgetpdf.ocr.grid import Ruling
from budgetpdf.ocr.shapes import normalise_number
from budgetpdf.ocr.words import Word, chars_from_words, split_at_rulings, words_to_cells


def test_each_word_goes_to_the_cell_holding_its_centre():
    cells = [[(0, 0, 100, 30), (100, 0, 200, 30)], [(0, 30, 100, 60), (100, 30, 200, 60)]]
    words = [
        Word("201", 0.99, 5, 35, 40, 55),
        Word("1,294.48", 0.99, 120, 35, 190, 55),
        Word("项目", 0.99, 10, 5, 60, 25),
    ]
    assert words_to_cells(words, cells) == {(0, 0): "项目", (1, 0): "201", (1, 1): "1,294.48"}


def test_word_run_across_a_ruling_is_cut_where_the_recogniser_placed_its_glyphs():
    glyphs = tuple((c, 10 + 12 * i, 20 + 12 * i, 0.99) for i, c in enumerate("2010350")) + tuple(
        (c, 110 + 22 * i, 130 + 22 * i, 0.98) for i, c in enumerate("事业运行")
    )
    word = Word("2010350事业运行", 0.98, 10, 0, 196, 30, raw="2010350事业运行", glyphs=glyphs)
    pieces = split_at_rulings([word], [Ruling("v", 100, -10, 100, 40)])
    assert [p.text for p in pieces] == ["2010350", "事业运行"]
    assert pieces[0].x1 < 100 < pieces[1].x0


def test_glyph_boxed_twice_by_the_detector_is_read_once():
    code = Word("2101102", 0.99, 100, 0, 170, 30)
    stray = Word("2事业单位医疗", 0.95, 162, 0, 260, 30)
    pieces = split_at_rulings([code, stray], [Ruling("v", 175, -10, 175, 40)])
    assert [p.text for p in pieces] == ["2101102", "事业单位医疗"]


def test_word_without_glyph_places_is_cut_at_the_space_nearest_the_ruling():
    word = Word("1,184.75 1,184.75", 0.99, 0, 0, 170, 20, raw="1,184.75 1,184.75")
    pieces = split_at_rulings([word], [Ruling("v", 86, -5, 86, 25)])
    assert [p.text for p in pieces] == ["1,184.75", "1,184.75"]


def test_glyphs_carry_their_own_confidence_and_the_raw_reading():
    glyphs = (("2", 0, 10, 0.99), ("O", 10, 20, 0.6), ("1", 20, 30, 0.99))
    chars = chars_from_words([Word("2O1", 0.86, 0, 0, 30, 20, raw="2O1", glyphs=glyphs)], scale=2.0, height_pt=100)
    assert "".join(c["text"] for c in chars) == "201"
    assert [c["confidence"] for c in chars] == [0.91, 0.6, 0.91]
    assert chars[1]["raw"] == "2O1" and chars[1]["x0"] == 5.0


def test_a_decimal_point_boxed_at_the_end_of_one_word_and_the_start_of_the_next_is_printed_once():
    left = Word("1,124.", 0.97, 0, 0, 60, 20, raw="1,124.")
    right = Word(".34", 0.9, 58, 0, 80, 20, raw=".34")
    elsewhere = Word(".5", 0.9, 300, 0, 320, 20, raw=".5")

    chars = chars_from_words([left, right, elsewhere], scale=1.0, height_pt=100)

    assert "".join(c["text"] for c in chars) == "1,124.34.5"
    assert [c["raw"] for c in chars if c["text"] == "3"] == [".34"]


def test_number_shapes_are_undone_without_changing_a_digit():
    assert normalise_number("１，２９４．４８") == "1,294.48"
    assert normalise_number("2O1") == "201"
    assert normalise_number("l,l84.75") == "1,184.75"
    assert normalise_number("1,294..48") == "1,294.48"
    assert normalise_number("1, 294. 48") == "1,294.48"
    assert normalise_number("〇.5") == "0.5"
    assert normalise_number("1.571.31") == "1,571.31"
    assert normalise_number("1,571,31") == "1,571.31"
    assert normalise_number("12.5") == "12.5"
    assert normalise_number("事业运行") == "事业运行"


def test_ocr_slips_are_a_dropped_or_moved_decimal_point_never_another_digit():
    assert is_ocr_slip("12948", Decimal("129.48"))
    assert is_ocr_slip("129.4.8", Decimal("129.48"))
    assert not is_ocr_slip("2,743.11", Decimal("2743.10"))
    assert not is_ocr_slip("139.43", Decimal("129.48"))
    assert not is_ocr_slip("29.48", Decimal("1029.48"))


def _reading(row: Row, column: str, raw: str, confidence: float) -> ValueReading:
    return ValueReading("income", 1, row.code, column, row.values[column], raw, confidence)


def test_identity_proves_a_dropped_decimal_point_and_keeps_the_raw_reading():
    parent = Row("一般公共服务支出", {"total": Decimal("1184.75")}, 1, code="201")
    first = Row("事业运行", {"total": Decimal("24704")}, 1, code="20103")
    second = Row("其他", {"total": Decimal("937.71")}, 1, code="20104")
    Table("income", "收入决算表", [1], rows=[parent, first, second])
    readings = Readings()
    for row, raw, confidence in ((parent, "1,184.75", 0.99), (first, "24704", 0.7), (second, "937.71", 0.99)):
        readings.by_cell[(id(row), "total")] = _reading(row, "total", raw, confidence)
    confirm_or_correct(readings, (parent, "total"), [(first, "total"), (second, "total")])
    corrected = readings.of(first, "total")
    assert first.values["total"] == Decimal("247.04")
    assert corrected.corrected_from == "24704" and corrected.confirmed and not corrected.flagged


def test_unconfident_value_in_a_failing_identity_with_no_slip_stays_flagged():
    parent = Row("一般公共服务支出", {"total": Decimal("1184.75")}, 1, code="201")
    first = Row("事业运行", {"total": Decimal("300.00")}, 1, code="20103")
    second = Row("其他", {"total": Decimal("937.71")}, 1, code="20104")
    readings = Readings()
    for row, confidence in ((parent, 0.99), (first, 0.7), (second, 0.99)):
        readings.by_cell[(id(row), "total")] = _reading(row, "total", str(row.values["total"]), confidence)
    confirm_or_correct(readings, (parent, "total"), [(first, "total"), (second, "total")])
    assert first.values["total"] == Decimal("300.00")
    assert readings.of(first, "total").flagged
    assert not readings.of(parent, "total").flagged
