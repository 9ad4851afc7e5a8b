"""The number and code parsers: each printed form read exactly or refused, checked on examples and on
generated amounts (hypothesis)."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from budgetpdf.codes import function_class_code, strip_enumeration
from budgetpdf.model import code_level
from budgetpdf.numbers import first_number, is_amount, parse_amount


@pytest.mark.parametrize(
    ("printed", "value"),
    [
        ("−12.30", Decimal("-12.30")),
        ("－12.30", Decimal("-12.30")),
        ("-12.30", Decimal("-12.30")),
        ("(1,234.56)", Decimal("-1234.56")),
        ("（1,234.56）", Decimal("-1234.56")),
        (".5", Decimal("0.5")),
        ("1, 294. 48", Decimal("1294.48")),
        ("2,743.11", Decimal("2743.11")),
        ("0.123456", Decimal("0.123456")),
    ],
)
def test_each_printed_form_of_an_amount_is_read_exactly(printed, value):
    assert parse_amount(printed) == value
    assert str(parse_amount(printed)) == str(value)


@pytest.mark.parametrize("printed", ["100 200", "90，95", "90,95", "1,2345", "12.3.4", "(12", "--5", "1e5", "NaN"])
def test_an_ambiguous_or_malformed_amount_is_refused(printed):
    assert parse_amount(printed) is None
    assert not is_amount(printed)


@pytest.mark.parametrize("printed", ["", "-", "—", "－", "−", "/", None])
def test_blanks_and_dashes_are_no_value_never_zero(printed):
    assert parse_amount(printed) is None


@pytest.mark.parametrize(
    ("text", "value"),
    [("≥90%", Decimal("90")), ("5590个", Decimal("5590")), (".5天", Decimal("0.5")), ("−3%", Decimal("-3"))],
)
def test_the_first_number_in_a_text_is_read_exactly(text, value):
    assert first_number(text) == value


@pytest.mark.parametrize("text", ["90，95", "100 200", "无"])
def test_the_first_number_of_an_ambiguous_text_is_refused(text):
    assert first_number(text) is None


amounts = st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=2, allow_nan=False)


def grouped(value: Decimal) -> str:
    return f"{value:,.2f}"


@settings(max_examples=300, deadline=None)
@given(amounts)
def test_any_amount_printed_plain_or_grouped_reads_back_exactly(value):
    assert parse_amount(f"{value:.2f}") == value
    assert parse_amount(grouped(value)) == value


@settings(max_examples=300, deadline=None)
@given(amounts, st.sampled_from(["−", "－", "-"]))
def test_any_negative_amount_with_any_minus_sign_or_in_parentheses_reads_back_negative(value, minus):
    magnitude = abs(value)
    assert parse_amount(minus + grouped(magnitude)) == -magnitude
    assert parse_amount(f"({grouped(magnitude)})") == -magnitude


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=1, max_value=999_999), st.integers(min_value=0, max_value=999_999))
def test_two_numbers_separated_by_a_space_are_never_joined(first, second):
    assert parse_amount(f"{first} {second}") is None


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=20))
def test_any_text_is_read_as_an_exact_decimal_or_refused_without_an_error(text):
    value = parse_amount(text)
    assert value is None or (isinstance(value, Decimal) and value.is_finite())
    number = first_number(text)
    assert number is None or number.is_finite()


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789", min_size=0, max_size=9))
def test_a_code_level_follows_its_length_and_only_digits_have_one(code):
    assert code_level(code) == {3: 1, 5: 2, 7: 3}.get(len(code), 0)
    assert code_level(code + "a") == 0


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30))
def test_a_class_code_is_three_digits_or_empty_for_any_name(name):
    code = function_class_code(name)
    assert code == "" or (len(code) == 3 and code.isdigit())
    assert isinstance(strip_enumeration(name), str)


def test_a_class_code_reads_through_its_enumeration():
    assert function_class_code("六、科学技术支出") == "206"
