"""ERP order updates when things go wrong: the ERP down mid-poll, an update the shop cannot
store. Nothing is lost, nothing is applied twice, and one bad update does not stop the
others (#16)."""

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from erp_bridge import ErpUnavailable
from shop.domain.orders import OrderStatus
from shop.erp import erp_client
from shop.extensions import db
from shop.models import ErpUpdateProblem, Invoice
from shop.models.clock import utcnow
from shop.services.order_updates import poll_order_updates, read_cursor
from shop.services.outbox import deliver_due
from tests.factories import make_company, make_order, make_product, make_user, order_states


def transmitted_orders(count: int) -> list[str]:
    user = make_user(make_company(customer_number="10001"))
    product = make_product(list_price=Decimal("10.00"))
    numbers = [make_order(user, lines=[(product, 1)]).number for _ in range(count)]
    deliver_due(erp_client(), "worker-1", utcnow())
    return numbers


def test_an_erp_failure_during_a_poll_changes_nothing_and_the_next_poll_catches_up(
    app_context, erp
):
    numbers = transmitted_orders(3)
    poll_order_updates(erp_client(), utcnow(), page_size=1)
    for number in numbers:
        erp.add_order_event(number, "shipped")
    erp.fail(1)

    with pytest.raises(ErpUnavailable):
        poll_order_updates(erp_client(), utcnow(), page_size=1)
    states_after_failure = set(order_states().values())
    cursor_after_failure = read_cursor()
    poll_order_updates(erp_client(), utcnow(), page_size=1)

    updates = erp.control("updates")["updates"]
    assert states_after_failure == {OrderStatus.CONFIRMED.value}
    assert cursor_after_failure == updates[2]["updateId"]
    assert read_cursor() == updates[-1]["updateId"]
    assert set(order_states().values()) == {OrderStatus.SHIPPED.value}


def test_an_update_the_shop_cannot_store_is_parked_and_the_others_go_on(app_context, erp):
    first, second = transmitted_orders(2)
    for number in (first, second):
        erp.add_order_event(number, "shipped")
    # The ERP reuses an invoice number for another order: the shop's unique key refuses it.
    erp.add_order_event(first, "invoiced", invoiceNumber="RE-2026-10001-55")
    erp.add_order_event(second, "invoiced", invoiceNumber="RE-2026-10001-55")
    erp.add_order_event(first, "delivered")

    results = poll_order_updates(erp_client(), utcnow())

    assert [r.outcome for r in results][-3:] == ["applied", "parked", "applied"]
    problem = db.session.scalar(select(ErpUpdateProblem))
    assert (problem.order_number, problem.kind, problem.reason) == (
        second,
        "invoiced",
        "unprocessable",
    )
    assert db.session.scalar(select(func.count(Invoice.id))) == 1
    assert order_states() == {first: "delivered", second: "shipped"}
    assert read_cursor() == erp.control("updates")["updates"][-1]["updateId"]


def test_an_invoice_the_erp_sends_again_with_a_new_update_id_is_kept_once(app_context, erp):
    (number,) = transmitted_orders(1)
    erp.add_order_event(number, "shipped")
    erp.add_order_event(number, "invoiced", invoiceNumber="RE-2026-10001-56")
    erp.add_order_event(number, "invoiced", invoiceNumber="RE-2026-10001-56")

    results = poll_order_updates(erp_client(), utcnow())

    assert [r.outcome for r in results] == ["applied"] * 4
    assert db.session.scalar(select(func.count(Invoice.id))) == 1
    assert order_states() == {number: "invoiced"}
