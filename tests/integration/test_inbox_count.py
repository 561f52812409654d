"""The approval inbox counts its waiting orders only as far as a page needs (#10), and says
so honestly: "More than N orders wait", "Page 2 of more than 2", always a next page while
there are more; pages past the count and beyond the last are still the right ones."""

import re

import pytest
from sqlalchemy import select

from bench.bulk_orders import insert_orders
from shop.domain.orders import OrderStatus
from shop.extensions import db
from shop.models import Order
from shop.web import order_queries
from tests.clients import logged_in, text_of
from tests.factories import team

WAITING = 7
INBOX = "/customer-center/approvals"


@pytest.fixture
def inbox(app, app_context, monkeypatch):
    """Clara's inbox of 7 waiting orders, 2 a page, counted up to 3 at least."""
    company, _main, clara, anna = team()
    insert_orders(company.id, [anna.id], clara.id, waiting=WAITING, placed=2, prefix="CAP")
    db.session.commit()
    monkeypatch.setitem(app.config, "PAGE_SIZE", 2)
    monkeypatch.setattr(order_queries, "INBOX_COUNT_CAP", 3, raising=False)
    numbers = db.session.scalars(
        select(Order.number)
        .where(Order.status == OrderStatus.AWAITING_APPROVAL.value)
        .order_by(Order.awaiting_since, Order.id)
    ).all()
    return logged_in(app, clara), numbers


def shown(client, path: str, language: str = "en") -> tuple[str, list[str], str, bool]:
    """The inbox's hint, its order numbers, the pager's words, and whether it links a next page."""
    page = text_of(client.get(path, headers={"Accept-Language": language}))
    hint = re.search(r'<p class="hint">(.*?)</p>', page)[1]
    numbers = re.findall(r'name="order" value="([^"]+)"', page)
    pager = re.search(r'<nav class="pagination"[^>]*>.*?<span>(.*?)</span>', page, re.S)
    return hint, numbers, pager[1] if pager else "", 'rel="next"' in page


def test_the_first_page_counts_only_up_to_the_cap_and_says_there_are_more(inbox):
    client, numbers = inbox

    hint, listed, pager, has_next = shown(client, INBOX)

    assert hint == "More than 3 orders wait for a decision, oldest first."
    assert listed == numbers[:2]
    assert pager == "Page 1 of more than 1"
    assert has_next


def test_a_later_page_counts_one_past_itself(inbox):
    client, numbers = inbox

    hint, listed, pager, has_next = shown(client, f"{INBOX}?page=2")

    assert hint == "More than 4 orders wait for a decision, oldest first."
    assert listed == numbers[2:4]
    assert pager == "Page 2 of more than 2"
    assert has_next


def test_the_last_page_knows_the_exact_count(inbox):
    client, numbers = inbox

    hint, listed, pager, has_next = shown(client, f"{INBOX}?page=4")

    assert hint == "7 orders wait for a decision, oldest first."
    assert listed == numbers[6:]
    assert pager == "Page 4 of 4"
    assert not has_next


def test_a_page_beyond_the_last_shows_the_last(inbox):
    client, numbers = inbox

    assert shown(client, f"{INBOX}?page=99")[1:] == (numbers[6:], "Page 4 of 4", False)


def test_under_the_cap_the_count_is_exact(inbox, monkeypatch):
    client, numbers = inbox
    monkeypatch.setattr(order_queries, "INBOX_COUNT_CAP", WAITING, raising=False)

    hint, listed, pager, has_next = shown(client, INBOX)

    assert hint == "7 orders wait for a decision, oldest first."
    assert (listed, pager, has_next) == (numbers[:2], "Page 1 of 4", True)


def test_the_capped_count_in_german(inbox):
    client, _numbers = inbox

    hint, _listed, pager, _has_next = shown(client, f"{INBOX}?page=2", "de")

    assert hint == "Mehr als 4 Bestellungen warten auf eine Entscheidung, die älteste zuerst."
    assert pager == "Seite 2 von mehr als 2"
