"""Settling the page number of a list (#13): within 1 … last page, whatever was asked."""

import pytest

from shop.services.pagination import last_page, paginate_counted


def read_from(entries):
    return lambda limit, offset: entries[offset : offset + limit]


@pytest.mark.parametrize(
    ("asked", "shown", "items"),
    [
        (1, 1, [0, 1, 2]),
        (2, 2, [3, 4, 5]),
        (3, 3, [6]),
        (4, 3, [6]),
        (10**30, 3, [6]),
        (0, 1, [0, 1, 2]),
        (-1, 1, [0, 1, 2]),
    ],
)
def test_the_page_number_is_kept_within_the_list(asked, shown, items):
    page = paginate_counted(7, asked, 3, read_from(list(range(7))))

    assert (page.page, page.items, page.pages) == (shown, items, 3)
    assert page.has_prev == (shown > 1)
    assert page.has_next == (shown < 3)


def test_an_empty_list_has_one_empty_page():
    page = paginate_counted(0, 5, 3, read_from([]))

    assert (page.page, page.items, page.pages, page.has_next) == (1, [], 1, False)
    assert last_page(0, 3) == 1
