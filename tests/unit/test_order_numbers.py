import pytest

from shop.domain.order_numbers import format_order_number, is_order_number


def test_order_number_is_year_and_six_digit_sequence():
    assert format_order_number(2026, 42) == "2026-000042"


def test_order_number_grows_past_six_digits_without_breaking():
    assert format_order_number(2026, 1_234_567) == "2026-1234567"
    assert is_order_number("2026-1234567")


def test_order_sequence_starts_at_one():
    with pytest.raises(ValueError):
        format_order_number(2026, 0)


@pytest.mark.parametrize("text", ["", "2026-42", "26-000042", "2026-00004a", "../etc"])
def test_malformed_order_numbers_are_recognised(text):
    assert not is_order_number(text)
