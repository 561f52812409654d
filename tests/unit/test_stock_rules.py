import pytest

from shop.domain.stock import (
    LOW_STOCK,
    UNKNOWN,
    Availability,
    InsufficientStock,
    Shortage,
    StockState,
    check_change,
    check_quantity,
    shortages_of,
    stock_state,
)


@pytest.mark.parametrize(
    "quantity, fits", [(9, True), (10, True), (11, False)], ids=["under", "at", "over"]
)
def test_a_quantity_fits_up_to_and_including_the_stock(quantity, fits):
    shortage = check_quantity("A", Availability(10), quantity)

    assert (shortage is None) is fits
    if not fits:
        assert shortage == Shortage("A", quantity, 10)


def test_the_quantity_already_in_the_cart_counts():
    assert check_quantity("A", Availability(10), 4, in_cart=6) is None
    assert check_quantity("A", Availability(10), 5, in_cart=6) == Shortage("A", 11, 10, 6)


@pytest.mark.parametrize("level", [0, -3])
def test_a_sold_out_product_cannot_be_ordered(level):
    availability = Availability(level)

    assert availability.is_sold_out
    assert not availability.is_orderable
    assert check_quantity("A", availability, 1) == Shortage("A", 1, 0)


def test_a_product_on_backorder_can_be_ordered_beyond_its_stock():
    availability = Availability(0, allows_backorder=True)

    assert availability.is_sold_out
    assert availability.is_orderable
    assert availability.limit is None
    assert check_quantity("A", availability, 50_000) is None


def test_a_level_never_known_does_not_block_the_order():
    assert UNKNOWN.is_orderable
    assert not UNKNOWN.is_sold_out
    assert check_quantity("A", UNKNOWN, 50_000) is None


def test_an_outdated_level_still_applies():
    assert check_quantity("A", Availability(3, outdated=True), 4) == Shortage("A", 4, 3)


def test_shortages_of_lines_name_each_line_over_its_stock():
    availability = {"A": Availability(10), "B": Availability(0), "C": Availability(5)}

    found = shortages_of([("A", 50), ("B", 1), ("C", 5), ("D", 7)], availability)

    assert found == [Shortage("A", 50, 10), Shortage("B", 1, 0)]


@pytest.mark.parametrize(
    "old, new, short",
    [(5, 3, False), (5, 5, False), (5, 10, False), (5, 11, True), (20, 15, False)],
    ids=["lowered", "unchanged", "raised-to-stock", "raised-over-stock", "lowered-over-stock"],
)
def test_an_order_line_may_be_raised_only_within_the_stock(old, new, short):
    assert (check_change("A", Availability(10), old, new) is not None) is short


def test_insufficient_stock_carries_every_shortage():
    error = InsufficientStock([Shortage("A", 5, 2), Shortage("B", 1, 0)])

    assert [s.sku for s in error.shortages] == ["A", "B"]


@pytest.mark.parametrize(
    ("availability", "state"),
    [
        (Availability(None), StockState.UNKNOWN),
        (Availability(0), StockState.SOLD_OUT),
        (Availability(-3), StockState.SOLD_OUT),
        (Availability(0, allows_backorder=True), StockState.BACKORDER),
        (Availability(1), StockState.LOW),
        (Availability(LOW_STOCK), StockState.LOW),
        (Availability(LOW_STOCK + 1), StockState.IN_STOCK),
        (Availability(5000, outdated=True), StockState.IN_STOCK),
    ],
)
def test_a_cards_stock_state_follows_the_last_known_level(availability, state):
    assert stock_state(availability) == state
