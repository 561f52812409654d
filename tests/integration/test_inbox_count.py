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


def test_pages_count_only_up_to_the_cap_or_one_past_themselves_and_say_there_are_more(inbox):
    client, numbers = inbox

    first = shown(client, INBOX)
    second = shown(client, f"{INBOX}?page=2")
    last = shown(client, f"{INBOX}?page=4")
    beyond = shown(client, f"{INBOX}?page=99")
    german = shown(client, f"{INBOX}?page=2", "de")

    assert first == (
        "More than 3 orders wait for a decision, oldest first.",
        numbers[:2],
        "Page 1 of more than 1",
        True,
    )
    assert second == (
        "More than 4 orders wait for a decision, oldest first.",
        numbers[2:4],
        "Page 2 of more than 2",
        True,
    )
    # The last page, and a page beyond it, count every order: the exact total again.
    assert last == (
        "7 orders wait for a decision, oldest first.",
        numbers[6:],
        "Page 4 of 4",
        False,
    )
    assert beyond == last
    assert german[0] == "Mehr als 4 Bestellungen warten auf eine Entscheidung, die älteste zuerst."
    assert german[2] == "Seite 2 von mehr als 2"


def test_under_the_cap_the_count_is_exact(inbox, monkeypatch):
    client, numbers = inbox
    monkeypatch.setattr(order_queries, "INBOX_COUNT_CAP", WAITING, raising=False)

    hint, listed, pager, has_next = shown(client, INBOX)

    assert hint == "7 orders wait for a decision, oldest first."
    assert (listed, pager, has_next) == (numbers[:2], "Page 1 of 4", True)


def test_the_inbox_builds_no_statement_per_request(inbox, monkeypatch):
    from shop.services import approval_routing

    client, numbers = inbox
    built = []
    condition = approval_routing.routed_to_condition

    def counted(*args):
        built.append(args)
        return condition(*args)

    monkeypatch.setattr(order_queries, "routed_to_condition", counted)

    _hint, shown_numbers, _pager, _next = shown(client, INBOX)

    # Its statements were built anew for each request, their routing condition included (#10).
    assert built == []
    assert shown_numbers == numbers[:2]
