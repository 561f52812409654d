"""Fast number and money formatting writes exactly what Babel writes (#10)."""

from decimal import Decimal

import pytest
from babel import Locale, numbers
from hypothesis import given
from hypothesis import strategies as st

from shop.web.number_formats import format_money, format_number

EN, DE = Locale.parse("en"), Locale.parse("de")
NBSP = "\xa0"

amounts = st.decimals(
    min_value=Decimal("-1e15"), max_value=Decimal("1e15"), allow_nan=False, places=6
) | st.integers(min_value=-(10**15), max_value=10**15)


@pytest.mark.parametrize(
    ("amount", "locale", "expected"),
    [
        (Decimal("1234.5"), EN, "€1,234.50"),
        (Decimal("1234.5"), DE, f"1.234,50{NBSP}€"),
        (Decimal("0"), EN, "€0.00"),
        (Decimal("0"), DE, f"0,00{NBSP}€"),
        (Decimal("-0.5"), EN, "-€0.50"),
        (Decimal("-1234567.891"), DE, f"-1.234.567,89{NBSP}€"),
        (Decimal("9876543210123.455"), EN, "€9,876,543,210,123.46"),
        (Decimal("0.125"), EN, "€0.12"),  # half to even, as Babel rounds
        (7, DE, f"7,00{NBSP}€"),
    ],
)
def test_money_is_written_as_babel_writes_it(amount, locale, expected):
    written = format_money(amount, "EUR", locale)

    assert written == expected
    assert written == numbers.format_currency(amount, "EUR", locale=locale)


@given(amount=amounts, locale=st.sampled_from(["en", "de", "en_GB", "de_AT", "fr", "en_IN"]))
def test_money_matches_babel_for_any_amount_locale_and_currency(amount, locale):
    locale = Locale.parse(locale)
    for currency in ("EUR", "USD", "CHF", "JPY"):
        assert format_money(amount, currency, locale) == numbers.format_currency(
            amount, currency, locale=locale
        )


@given(amount=amounts, locale=st.sampled_from(["en", "de", "fr", "en_IN"]))
def test_numbers_match_babel_for_the_default_and_our_patterns(amount, locale):
    locale = Locale.parse(locale)
    for pattern in (None, "#,##0.##", "0.00"):
        assert format_number(amount, pattern, locale) == numbers.format_decimal(
            amount, pattern, locale=locale
        )


@pytest.mark.parametrize(
    ("value", "pattern", "locale", "expected"),
    [
        (12345, None, DE, "12.345"),
        (Decimal("19.00"), "#,##0.##", DE, "19"),
        (Decimal("7.5"), "#,##0.##", DE, "7,5"),
        (Decimal("-1234.5678"), None, EN, "-1,234.568"),
        (0, None, EN, "0"),
    ],
)
def test_numbers_are_written_as_babel_writes_them(value, pattern, locale, expected):
    assert format_number(value, pattern, locale) == expected


@pytest.mark.parametrize(
    "value", [Decimal("Infinity"), Decimal("-Infinity"), Decimal("1234567.5"), Decimal("-2.5")]
)
def test_what_the_shortcut_leaves_out_is_left_to_babel(value):
    # Swiss German groups with a quote, which Babel's own output mangles; scientific and
    # percent patterns, infinities: Babel's code writes them.
    swiss = Locale.parse("de_CH")

    assert format_money(value, "CHF", swiss) == numbers.format_currency(value, "CHF", locale=swiss)
    assert format_number(value, "#E0", EN) == numbers.format_decimal(value, "#E0", locale=EN)
    assert format_number(value, "#,##0%", DE) == numbers.format_decimal(value, "#,##0%", locale=DE)
