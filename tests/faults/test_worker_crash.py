"""A worker SIGKILLed while it holds an entry has used up an attempt (#9), and the entry is
delivered exactly once by another worker."""

import os
import signal
from datetime import timedelta

from sqlalchemy import select, update

from shop.domain.orders import OrderStatus
from shop.domain.outbox import MAX_ATTEMPTS
from shop.extensions import db
from shop.models import Order, OutboxEntry
from shop.models.clock import utcnow
from shop.services.outbox import claim_next
from tests.factories import make_company, make_order, make_user, order_states
from tests.services import start_worker, stop_worker
from tests.waiting import wait_until


def entries() -> list[OutboxEntry]:
    db.session.expire_all()
    # The entries for the ERP (the orders' mails have entries of their own).
    return list(
        db.session.scalars(
            select(OutboxEntry).where(OutboxEntry.kind != "send_mail").order_by(OutboxEntry.id)
        )
    )


def test_a_worker_killed_holding_an_entry_has_used_an_attempt_and_another_delivers_it_once(
    app, app_context, erp
):
    user = make_user(make_company(customer_number="10001"))
    numbers = [make_order(user).number for _ in range(3)]
    erp.delay(2)
    first = start_worker(app, erp, "first")
    try:
        wait_until(lambda: erp.control("status")["soapCallsInProgress"] >= 1, timeout=30)
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
    finally:
        stop_worker(first)
    leased = [entry for entry in entries() if entry.claimed_by is not None]
    # The worker leased its batch and counted an attempt only for the entry it was sending.
    held = [(entry.id, entry.attempts) for entry in leased if entry.attempts > 0]
    erp.delay(0)
    second = start_worker(app, erp, "second")
    try:
        # Sent: the ERP confirms what it receives, and the worker may read that already.
        sent = {OrderStatus.TRANSMITTED.value, OrderStatus.CONFIRMED.value}
        wait_until(lambda: set(order_states().values()) <= sent, timeout=180)
    finally:
        stop_worker(second)

    assert len(held) == 1 and held[0][1] == 1
    after = entries()
    assert {entry.id: entry.attempts for entry in after} == {
        entry.id: 2 if entry.id == held[0][0] else 1 for entry in after
    }
    assert {entry.status for entry in after} == {"delivered"}
    received = erp.orders()
    assert sorted(received) == sorted(numbers)
    recorded = dict(db.session.execute(select(Order.number, Order.erp_order_number)).all())
    assert recorded == {number: received[number]["erpOrderNumber"] for number in numbers}
    assert len(set(recorded.values())) == 3


def test_a_worker_dying_during_the_last_attempt_leaves_the_entry_parked_and_the_order_held(
    app_context, erp
):
    order = make_order(make_user(make_company(customer_number="10001")))
    lease = timedelta(minutes=2)
    now = utcnow()
    db.session.execute(
        update(OutboxEntry).where(OutboxEntry.kind != "send_mail").values(attempts=MAX_ATTEMPTS - 1)
    )
    db.session.commit()

    last = claim_next("doomed", now, lease)
    after_lease = claim_next("next", now + lease + timedelta(seconds=1), lease)

    assert last is not None and after_lease is None
    entry = entries()[0]
    assert (entry.status, entry.attempts) == ("parked", MAX_ATTEMPTS)
    assert "worker doomed stopped" in entry.last_error and entry.claimed_by is None
    db.session.refresh(order)
    assert order.status == OrderStatus.ON_HOLD.value
