"""An order's life after checkout, driven by the ERP simulator over SOAP (§8, #16)."""

import urllib.error
from dataclasses import replace
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from shop.domain.orders import OrderStatus
from shop.erp import erp_client
from shop.extensions import db
from shop.models import (
    ErpUpdateProblem,
    ErpUpdateReceipt,
    Invoice,
    OrderEventRecord,
    OutboxEntry,
    Payment,
    ReviewTicket,
    Shipment,
)
from shop.models.clock import utcnow
from shop.services.order_updates import apply_order_update, poll_order_updates, read_cursor
from shop.services.outbox import deliver_due
from shop.services.outbox_handlers import order_to_submit
from tests.factories import events_of, make_company, make_order, make_product, make_user
from tests.factories import order_by_number as reread


def transmitted_order(erp, **details):
    """An order of ERP customer 10001, placed and delivered to the simulator by the outbox."""
    user = make_user(make_company(customer_number="10001"))
    product = make_product(list_price=Decimal("10.00"))
    order = make_order(user, lines=[(product, 3)], **details)
    assert [d.outcome for d in deliver_due(erp_client(), "worker-1", utcnow())] == ["delivered"]
    return reread(order.number)


def poll():
    return poll_order_updates(erp_client(), utcnow())


def review_reasons_of(order) -> list[str]:
    tickets = db.session.scalars(
        select(ReviewTicket).where(ReviewTicket.order_id == order.id, ReviewTicket.status == "open")
    )
    return [ticket.reason for ticket in tickets]


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_an_order_lives_from_placed_to_delivered_through_the_erp_updates(app_context, erp):
    order = transmitted_order(erp)

    poll()
    confirmed = reread(order.number).status
    erp.add_order_event(order.number, "paid")
    erp.add_order_event(order.number, "shipped", carrier="UPS", trackingNumber="1Z999")
    erp.add_order_event(order.number, "invoiced", invoiceNumber="RE-2026-10001-90")
    erp.add_order_event(order.number, "delivered")
    results = poll()

    assert confirmed == OrderStatus.CONFIRMED.value
    assert [r.outcome for r in results] == ["applied"] * 4
    order = reread(order.number)
    assert order.status == OrderStatus.DELIVERED.value
    assert order.erp_order_number == erp.orders()[order.number]["erpOrderNumber"]
    assert events_of(order.number) == [
        "place_within_budget",
        "transmit",
        "confirm",
        "pay",
        "ship",
        "invoice",
        "deliver",
    ]
    shipment = db.session.scalar(select(Shipment))
    assert (shipment.carrier, shipment.tracking_number) == ("UPS", "1Z999")
    assert [(line.line_number, line.quantity) for line in shipment.lines] == [(1, 3)]
    invoice = db.session.scalar(select(Invoice))
    assert invoice.number == "RE-2026-10001-90"
    assert (invoice.net_amount, invoice.vat_amount, invoice.gross_amount) == (
        Decimal("30.00"),
        Decimal("5.70"),
        Decimal("35.70"),
    )
    assert invoice.due_date is not None and invoice.due_date > invoice.invoice_date
    assert db.session.scalar(select(Payment.amount)) == Decimal("35.70")
    assert read_cursor() == erp.control("updates")["updates"][-1]["updateId"]


def test_a_replayed_page_changes_nothing_and_records_nothing(app_context, erp):
    order = transmitted_order(erp)
    erp.add_order_event(order.number, "shipped")
    client = erp_client()
    page = client.get_order_updates(None, limit=100)
    first = [apply_order_update(update, utcnow()) for update in page.updates]
    counts = [count(m) for m in (OrderEventRecord, ErpUpdateReceipt, Shipment)]

    replay = [apply_order_update(update, utcnow()) for update in page.updates]
    poll()

    assert [r.outcome for r in first] == ["applied", "applied"]
    assert [r.outcome for r in replay] == ["duplicate", "duplicate"]
    assert [count(m) for m in (OrderEventRecord, ErpUpdateReceipt, Shipment)] == counts
    assert reread(order.number).status == OrderStatus.SHIPPED.value


def test_an_update_for_an_order_the_shop_does_not_know_is_parked_and_the_cursor_moves_on(
    app_context, erp
):
    order = transmitted_order(erp)
    page = erp_client().get_order_updates(None, limit=100)
    confirmed = page.updates[0]
    stranger = replace(confirmed, update_id="X-1", order_number="B2B-9999-999999")

    result = apply_order_update(stranger, utcnow())
    poll()

    assert result.outcome == "parked" and result.park_reason == "unknown_order"
    problem = db.session.scalar(select(ErpUpdateProblem))
    assert (problem.order_number, problem.reason, problem.order_id) == (
        "B2B-9999-999999",
        "unknown_order",
        None,
    )
    assert problem.payload["kind"] == "confirmed"
    assert reread(order.number).status == OrderStatus.CONFIRMED.value


def test_an_impossible_transition_is_parked_and_puts_the_order_on_hold(app_context, erp):
    order = transmitted_order(erp)
    erp.add_order_event(order.number, "delivered", message="Delivered without shipment?")

    results = poll()

    assert [r.outcome for r in results] == ["applied", "parked"]
    order = reread(order.number)
    assert order.status == OrderStatus.ON_HOLD.value
    problem = db.session.scalar(select(ErpUpdateProblem))
    assert (problem.kind, problem.reason, problem.order_id) == (
        "delivered",
        "not_allowed",
        order.id,
    )
    hold = db.session.scalars(
        select(OrderEventRecord)
        .where(OrderEventRecord.order_id == order.id)
        .order_by(OrderEventRecord.id)
    ).all()[-1]
    assert hold.event == "hold" and hold.actor_id is None
    assert hold.changes == {"parked_update": {"kind": "delivered", "reason": "not_allowed"}}
    assert read_cursor() == results[-1].update_id
    # §12: a person gets it as a ticket in the back office's review queue.
    assert review_reasons_of(order) == ["erp_update_problem"]


def test_later_updates_of_an_order_wait_behind_a_parked_one(app_context, erp):
    order = transmitted_order(erp)
    erp.add_order_event(order.number, "invoiced")  # before the shipment: not allowed
    erp.add_order_event(order.number, "shipped")

    results = poll()

    assert [(r.kind, r.outcome) for r in results] == [
        ("confirmed", "applied"),
        ("invoiced", "parked"),
        ("shipped", "parked"),
    ]
    assert results[-1].park_reason == "behind_parked"
    assert reread(order.number).status == OrderStatus.ON_HOLD.value
    assert count(Shipment) == 0 and count(Invoice) == 0


def test_an_erp_rejection_holds_the_order_with_the_erps_reason(app_context, erp):
    order = transmitted_order(erp)
    erp.add_order_event(order.number, "rejected", message="Customer blocked for credit")

    poll()

    assert reread(order.number).status == OrderStatus.ON_HOLD.value
    hold = db.session.scalars(
        select(OrderEventRecord)
        .where(OrderEventRecord.order_id == order.id)
        .order_by(OrderEventRecord.id)
    ).all()[-1]
    assert (hold.event, hold.comment) == ("hold", "Customer blocked for credit")
    assert review_reasons_of(order) == ["erp_rejection"]


def test_an_update_that_arrives_before_the_submit_answer_is_recorded_transmits_the_order(
    app_context, erp
):
    user = make_user(make_company(customer_number="10001"))
    order = make_order(user)
    # Another worker's SubmitOrder reached the ERP; its answer is not recorded yet.
    erp_order_number = erp_client().submit_order(order_to_submit(order))

    poll()
    deliveries = deliver_due(erp_client(), "worker-1", utcnow())

    order = reread(order.number)
    assert order.status == OrderStatus.CONFIRMED.value
    assert order.erp_order_number == erp_order_number
    assert [d.outcome for d in deliveries] == ["delivered"]
    assert events_of(order.number) == ["place_within_budget", "transmit", "confirm"]


def test_a_second_parcel_and_a_payment_after_the_invoice_are_recorded_without_a_transition(
    app_context, erp
):
    order = transmitted_order(erp)
    erp.add_order_event(order.number, "shipped", shippedLines=[{"lineNumber": 1, "quantity": 1}])
    erp.add_order_event(order.number, "shipped", shippedLines=[{"lineNumber": 1, "quantity": 2}])
    erp.add_order_event(order.number, "invoiced", dueDate="2027-01-15")
    erp.add_order_event(order.number, "paid", paidAmount="35.70")

    results = poll()

    assert {r.outcome for r in results} == {"applied"}
    assert reread(order.number).status == OrderStatus.INVOICED.value
    assert sorted(s.lines[0].quantity for s in db.session.scalars(select(Shipment))) == [1, 2]
    assert db.session.scalar(select(Invoice.due_date)) == date(2027, 1, 15)
    assert db.session.scalar(select(Payment.amount)) == Decimal("35.70")
    assert events_of(order.number)[-4:] == ["ship", "ship", "invoice", "pay"]


def test_a_prepayment_order_waits_for_the_payment_then_is_released_to_the_erp(app_context, erp):
    order = transmitted_order(erp, payment_method="prepayment")
    poll()

    refused = _ship_refused(erp, order.number)
    erp.add_order_event(order.number, "paid")
    poll()
    release = db.session.scalar(select(OutboxEntry).where(OutboxEntry.kind == "release_order"))
    deliveries = deliver_due(erp_client(), "worker-1", utcnow())
    erp.add_order_event(order.number, "shipped")
    poll()

    assert refused
    assert release is not None and release.payload == {"order_number": order.number}
    assert [d.outcome for d in deliveries] == ["delivered"]
    assert reread(order.number).status == OrderStatus.SHIPPED.value


def test_a_shipment_of_an_unpaid_prepayment_order_is_parked(app_context, erp):
    order = transmitted_order(erp, payment_method="prepayment")
    page = erp_client().get_order_updates(None, limit=100)
    confirmed = page.updates[0]
    shipped = replace(confirmed, update_id="X-2", kind="shipped")

    apply_order_update(confirmed, utcnow())
    result = apply_order_update(shipped, utcnow())

    assert (result.outcome, result.park_reason) == ("parked", "not_paid")
    assert reread(order.number).status == OrderStatus.ON_HOLD.value


def _ship_refused(erp, order_number: str) -> bool:
    try:
        erp.add_order_event(order_number, "shipped")
    except urllib.error.HTTPError as error:
        return error.code == 409
    return False


def test_a_release_the_erp_refuses_puts_the_paid_order_on_hold(app_context, erp):
    order = transmitted_order(erp, payment_method="prepayment")
    erp.add_order_event(order.number, "paid")
    poll()
    erp.reset()  # the ERP lost the order: ReleaseOrder is refused with Client.UnknownOrder

    deliveries = deliver_due(erp_client(), "worker-1", utcnow())

    assert [d.outcome for d in deliveries] == ["parked"]
    assert reread(order.number).status == OrderStatus.ON_HOLD.value
    assert events_of(order.number)[-2:] == ["pay", "hold"]
