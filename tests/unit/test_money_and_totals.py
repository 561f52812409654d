from decimal import Decimal

import pytest

from shop.domain.money import Money, round_money
from shop.domain.pricing import PricedLine, compute_totals, gross_price


def eur(amount: str) -> Money:
    return Money(Decimal(amount), "EUR")


def test_money_rounds_half_up_to_cents():
    assert round_money(Decimal("0.005")) == Decimal("0.01")
    assert round_money(Decimal("2.344")) == Decimal("2.34")


def test_money_refuses_float_amounts():
    with pytest.raises(TypeError):
        Money(1.5, "EUR")  # type: ignore[arg-type]


def test_money_refuses_to_mix_currencies():
    with pytest.raises(ValueError):
        eur("1.00") + Money(Decimal("1.00"), "CHF")


def test_line_net_is_unit_price_times_quantity_rounded():
    line = PricedLine("A", 3, eur("0.333"), Decimal("19.00"))

    assert line.net == eur("1.00")


def test_cart_totals_sum_net_and_compute_vat_per_rate_on_the_net_sum():
    lines = [
        PricedLine("A", 10, eur("1.15"), Decimal("19.00")),
        PricedLine("B", 1, eur("0.99"), Decimal("19.00")),
        PricedLine("C", 2, eur("4.50"), Decimal("7.00")),
    ]

    totals = compute_totals(lines, "EUR")

    assert totals.net == eur("21.49")
    assert totals.vat_by_rate == {Decimal("7.00"): eur("0.63"), Decimal("19.00"): eur("2.37")}
    assert totals.vat == eur("3.00")
    assert totals.gross == eur("24.49")
    assert totals.quantity == 13


def test_totals_of_an_empty_cart_are_zero():
    totals = compute_totals([], "EUR")

    assert totals.gross == Money.zero("EUR")
    assert totals.quantity == 0


def test_gross_price_adds_vat_to_one_unit():
    assert gross_price(eur("10.00"), Decimal("19.00")) == eur("11.90")
