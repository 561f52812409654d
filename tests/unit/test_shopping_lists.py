"""Shopping list rules (#15): who sees and who changes a list, and whether a line fits the cart."""

import pytest

from shop.domain.shopping_lists import (
    LineProblem,
    ListFacts,
    Reader,
    is_valid_quantity,
    judge_line,
    may_change,
    may_see,
    merged_quantity,
)
from shop.domain.stock import Availability, Shortage

COMPANY, OTHER_COMPANY = 1, 2
OWNER, COLLEAGUE, MAIN = 10, 11, 12

owner = Reader(OWNER, COMPANY)
colleague = Reader(COLLEAGUE, COMPANY)
main_contact = Reader(MAIN, COMPANY, manages_company=True)
stranger = Reader(20, OTHER_COMPANY, manages_company=True)
personal = ListFacts(COMPANY, OWNER, shared=False)
shared = ListFacts(COMPANY, OWNER, shared=True)


@pytest.mark.parametrize(
    ("shopping_list", "reader", "sees", "changes"),
    [
        (personal, owner, True, True),
        (personal, colleague, False, False),
        (personal, main_contact, False, False),
        (personal, stranger, False, False),
        (shared, owner, True, True),
        (shared, colleague, True, False),
        (shared, main_contact, True, True),
        (shared, stranger, False, False),
    ],
    ids=[
        "personal-owner",
        "personal-colleague",
        "personal-main-contact",
        "personal-other-company",
        "shared-owner",
        "shared-colleague",
        "shared-main-contact",
        "shared-other-company",
    ],
)
def test_who_sees_and_who_changes_a_list(shopping_list, reader, sees, changes):
    assert may_see(shopping_list, reader) is sees
    assert may_change(shopping_list, reader) is changes


def test_an_owner_id_of_another_company_never_opens_a_list():
    # Ids are unique across companies, but the company is checked all the same.
    assert not may_see(personal, Reader(OWNER, OTHER_COMPANY))


@pytest.mark.parametrize(
    ("quantity", "valid"), [(0, False), (1, True), (99_999, True), (100_000, False), (-1, False)]
)
def test_a_list_quantity_is_between_one_and_the_maximum(quantity, valid):
    assert is_valid_quantity(quantity) is valid


def test_adding_a_product_twice_adds_up_to_the_maximum():
    assert merged_quantity(3, 4) == 7
    assert merged_quantity(99_990, 20) == 99_999


IN_STOCK = Availability(50)


def test_a_line_in_stock_goes_into_the_cart():
    assert judge_line("A", True, IN_STOCK, 10, 0).is_addable


def test_an_unpublished_product_is_no_longer_available():
    assert judge_line("A", False, IN_STOCK, 1, 0).problem is LineProblem.UNAVAILABLE


def test_a_sold_out_product_is_sold_out_unless_it_may_be_backordered():
    assert judge_line("A", True, Availability(0), 1, 0).problem is LineProblem.SOLD_OUT
    assert judge_line("A", True, Availability(0, allows_backorder=True), 1, 0).is_addable


@pytest.mark.parametrize(
    ("quantity", "in_cart", "addable"),
    [(50, 0, True), (51, 0, False), (40, 10, True), (41, 10, False)],
    ids=["at-stock", "over-stock", "at-stock-with-cart", "over-stock-with-cart"],
)
def test_a_line_fits_the_stock_together_with_what_the_cart_holds(quantity, in_cart, addable):
    verdict = judge_line("A", True, IN_STOCK, quantity, in_cart)

    assert verdict.is_addable is addable
    if not addable:
        assert verdict.problem is LineProblem.STOCK
        assert verdict.shortage == Shortage("A", quantity + in_cart, 50, in_cart)


def test_an_unknown_stock_level_does_not_hold_a_line_back():
    assert judge_line("A", True, Availability(None), 500, 0).is_addable


def test_a_line_that_would_push_the_cart_past_the_maximum_is_refused():
    verdict = judge_line("A", True, Availability(None), 10, 99_995)

    assert verdict.problem is LineProblem.QUANTITY
