"""Printed amounts become exact Decimals; function classes and code levels come from names and digits."""

from decimal import Decimal

import pytest

from budgetpdf import codes, numbers
from budgetpdf.model import code_level


def test_a_printed_amount_with_thousands_separators_is_an_exact_decimal():
    assert numbers.parse_amount("2,743.11") == Decimal("2743.11")
    assert numbers.parse_amount("2,743.10") == Decimal("2743.10")


def test_spaces_that_wrapping_put_inside_a_number_are_removed():
    assert numbers.parse_amount("1, 294. 48") == Decimal("1294.48")


@pytest.mark.parametrize("blank", ["", "-", "—", "--", None])
def test_a_blank_or_a_dash_is_no_value_never_zero(blank):
    assert numbers.parse_amount(blank) is None


def test_text_is_not_an_amount():
    assert not numbers.is_amount("科学技术支出")
    assert numbers.parse_amount("合计") is None


def test_an_enumerated_class_name_gives_its_function_class_code():
    assert codes.function_class_code("六、科学技术支出") == "206"
    assert codes.function_class_code("住房保障支出（类）") == "221"


def test_a_name_that_is_not_a_class_gives_no_code():
    assert codes.function_class_code("机构运行") == ""


@pytest.mark.parametrize(("code", "level"), [("206", 1), ("20605", 2), ("2060501", 3), ("", 0), ("20a", 0)])
def test_a_code_level_follows_its_number_of_digits(code, level):
    assert code_level(code) == level
