"""Races of §5 and §6 with real commits, in threads with their own connections and app
contexts: two approvers deciding at once, a double-clicked approve, two orders of one user
against one monthly budget. SQLite queues the writers (BEGIN IMMEDIATE); on PostgreSQL
(TEST_DATABASE_URL) the guarded UPDATE on orders.version and the lock on the orderer's users
row settle them.
"""

from decimal import Decimal

from sqlalchemy import func, select

from shop.domain.orders import OrderStatus
from shop.domain.outbox import OutboxKind
from shop.extensions import db
from shop.models import Order, OutboxEntry, User
from shop.models.clock import utcnow
from shop.services import place_order as placing
from shop.services.cart import add_to_cart
from tests.clients import form_of, logged_in, text_of
from tests.concurrency import run_at_once
from tests.factories import (
    APPROVER,
    CHECKOUT_DETAILS,
    events_of,
    make_product,
    make_user,
    name_approver,
    order_by_number,
    order_over_budget,
    team,
)


def test_approve_and_reject_at_the_same_moment_make_exactly_one_decision(app, app_context):
    company, main, clara, anna = team()
    ben = make_user(company, roles=APPROVER, name="Ben Second")
    name_approver(company, ben, orderer=anna)
    order = order_over_budget(anna)
    path = f"/customer-center/approvals/{order.number}"
    clients = [logged_in(app, clara), logged_in(app, ben)]
    forms = [form_of(c, path)[1] for c in clients]
    actions = [("approve", ""), ("reject", "Not now.")]

    def act(index):
        decision, comment = actions[index]
        response = clients[index].post(
            f"{path}/{decision}", data={**forms[index], "comment": comment}
        )
        return response.status_code

    statuses = run_at_once(app, 2, act)

    assert statuses == [302, 302], statuses
    decisions = [e for e in events_of(order.number) if e in ("approve", "reject")]
    assert len(decisions) == 1
    final = order_by_number(order.number).status
    expected = OrderStatus.PLACED if decisions == ["approve"] else OrderStatus.REJECTED
    assert final == expected.value
    to_erp = db.session.scalar(
        select(func.count(OutboxEntry.id)).where(OutboxEntry.kind != OutboxKind.SEND_MAIL.value)
    )
    assert to_erp == (1 if decisions == ["approve"] else 0)
    mails = db.session.scalars(
        select(OutboxEntry.payload).where(OutboxEntry.kind == OutboxKind.SEND_MAIL.value)
    )
    told = [p["event"] for p in mails if p["event"] in ("order_approved", "order_rejected")]
    assert told == ["order_approved" if decisions == ["approve"] else "order_rejected"]
    loser = 1 if decisions == ["approve"] else 0
    page = text_of(clients[loser].get(path))
    winner = "Clara Schulz" if decisions == ["approve"] else "Ben Second"
    assert f"by {winner} at" in page


def test_a_double_clicked_approve_at_the_same_moment_sends_one_order_to_the_erp(app, app_context):
    company, main, clara, anna = team()
    order = order_over_budget(anna)
    path = f"/customer-center/approvals/{order.number}"
    approver = logged_in(app, clara)
    _, fields = form_of(approver, path)

    statuses = run_at_once(
        app, 2, lambda _i: approver.post(f"{path}/approve", data=fields).status_code
    )

    assert statuses == [302, 302], statuses
    assert events_of(order.number) == ["submit_for_approval", "approve"]
    # One order goes to the ERP (its receipt mail is an outbox entry of its own).
    erp_entries = select(func.count(OutboxEntry.id)).where(
        OutboxEntry.kind == OutboxKind.SUBMIT_ORDER.value
    )
    assert db.session.scalar(erp_entries) == 1


def test_two_simultaneous_orders_against_one_monthly_budget_place_only_the_one_that_fits(
    app, app_context, monkeypatch
):
    company, main, clara, anna = team(monthly_budget=Decimal("100.00"))
    add_to_cart(anna, make_product(list_price=Decimal("60.00")).sku, 1)
    anna_id = anna.id
    # The first order empties the cart; two open checkouts of one full cart isolate the race
    # on the monthly budget (each order alone fits, both together do not).
    monkeypatch.setattr(placing, "clear_cart", lambda user: None)

    def submit(index):
        user = db.session.get(User, anna_id)
        return placing.place_order(
            user, CHECKOUT_DETAILS, f"budget-race-{index}-xxxxxxxx", utcnow()
        ).status

    statuses = run_at_once(app, 2, submit)

    assert sorted(statuses) == [OrderStatus.AWAITING_APPROVAL.value, OrderStatus.PLACED.value], (
        statuses
    )
    assert db.session.scalar(select(func.count(Order.id))) == 2
    # One order goes to the ERP (its receipt mail is an outbox entry of its own).
    erp_entries = select(func.count(OutboxEntry.id)).where(
        OutboxEntry.kind == OutboxKind.SUBMIT_ORDER.value
    )
    assert db.session.scalar(erp_entries) == 1
