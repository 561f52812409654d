"""§13, #12: a category goes live only with complete content and stock."""

import pytest

from shop.domain.live_categories import (
    CategoryContent,
    NotLiveReason,
    is_live,
    live_with_parents,
    not_live_reason,
    products_to_go_live,
)


def test_a_category_with_one_published_product_of_known_stock_is_live():
    content = CategoryContent(published=3, unpublished=2, with_stock=1)

    assert is_live(content)
    assert not_live_reason(content) is None
    assert products_to_go_live(content) == 0


def test_a_category_without_a_published_product_is_not_live_and_waits_for_its_unpublished():
    content = CategoryContent(published=0, unpublished=4, with_stock=0)

    assert not is_live(content)
    assert not_live_reason(content) is NotLiveReason.NO_PUBLISHED_PRODUCT
    assert products_to_go_live(content) == 4


def test_published_products_without_known_stock_keep_a_category_off_the_storefront():
    content = CategoryContent(published=2, unpublished=1, with_stock=0)

    assert not is_live(content)
    assert not_live_reason(content) is NotLiveReason.NO_STOCK_KNOWN
    assert products_to_go_live(content) == 2


def test_an_empty_category_is_not_live_and_no_product_would_change_that():
    content = CategoryContent(published=0, unpublished=0, with_stock=0)

    assert not_live_reason(content) is NotLiveReason.NO_PUBLISHED_PRODUCT
    assert products_to_go_live(content) == 0


PARENTS = {1: None, 2: 1, 3: 1, 4: None, 5: 4, 6: 5}


@pytest.mark.parametrize(
    ("own", "live"),
    [
        (set(), set()),
        ({2}, {1, 2}),
        ({2, 3}, {1, 2, 3}),
        ({6}, {4, 5, 6}),
        ({1}, {1}),
        ({3, 5}, {1, 3, 4, 5}),
    ],
)
def test_a_parent_is_live_when_any_child_is(own, live):
    assert live_with_parents(own, PARENTS) == live


def test_a_category_whose_parent_is_unknown_is_live_by_itself():
    assert live_with_parents([7], PARENTS) == {7}
