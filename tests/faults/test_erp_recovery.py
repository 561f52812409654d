"""After an outage the worker notices the ERP is back and sends the entries waiting on their
backoff at once, instead of up to an hour later (#9)."""

from datetime import timedelta

from sqlalchemy import select

from shop.domain.orders import OrderStatus
from shop.domain.outbox import RecoveryWatch
from shop.erp import erp_client
from shop.extensions import db
from shop.models import OutboxEntry
from shop.models.clock import utcnow
from shop.services.erp_worker import catch_up_after_recovery
from shop.services.outbox import deliver_due
from tests.factories import make_company, make_order, make_user, order_states
from tests.services import start_worker, stop_worker
from tests.waiting import wait_until


def entry() -> OutboxEntry:
    db.session.expire_all()
    return db.session.scalar(select(OutboxEntry).where(OutboxEntry.kind != "send_mail"))


def order_failed_in_an_outage(erp, failures: int = 6):
    """An order whose entry failed `failures` times while the ERP was down: its next attempt
    is hours away (the failures are dated into the future to get there quickly)."""
    order = make_order(make_user(make_company(customer_number="10001")))
    now = utcnow()
    erp.fail(failures)
    for hour in range(failures):
        deliver_due(erp_client(), "w", now + timedelta(hours=hour))
    assert entry().next_attempt_at > utcnow() + timedelta(hours=failures - 1)
    return order


def test_the_worker_sends_waiting_entries_as_soon_as_the_erp_answers_again(
    app, app_context, erp, monkeypatch
):
    order = order_failed_in_an_outage(erp)
    erp.fail(10_000)  # still down
    monkeypatch.setenv("OUTBOX_PROBE_SECONDS", "0.2")
    worker = start_worker(app, erp, "probing")
    try:
        wait_until(
            lambda: erp.control("status")["soapCallsByOperation"].get("Ping", 0) >= 2, timeout=60
        )
        still_waiting = order_states()[order.number]
        erp.fail(0)  # back
        wait_until(lambda: order_states()[order.number] == OrderStatus.TRANSMITTED.value, 60)
    finally:
        stop_worker(worker)

    assert still_waiting == OrderStatus.PLACED.value
    assert entry().attempts == 7 and entry().status == "delivered"
    assert erp.orders()[order.number]["received"] == 1


def test_a_recovered_erp_makes_only_entries_waiting_for_it_due(app_context, erp):
    order_failed_in_an_outage(erp, failures=2)
    watch = RecoveryWatch(interval=0)
    erp.fail(1)

    while_down = catch_up_after_recovery(erp_client(), watch)
    back = catch_up_after_recovery(erp_client(), watch)
    nothing_waits = catch_up_after_recovery(erp_client(), watch)

    assert (while_down, back, nothing_waits) == (0, 1, 0)
    assert entry().next_attempt_at <= utcnow() and entry().status == "pending"


def test_an_erp_answering_pings_while_orders_time_out_keeps_their_backoff(app_context, erp):
    order_failed_in_an_outage(erp, failures=2)
    watch = RecoveryWatch(interval=0, erp_down=False)

    made_due = catch_up_after_recovery(erp_client(), watch)

    assert made_due == 0 and entry().next_attempt_at > utcnow()


def test_entries_failed_for_another_reason_keep_their_backoff(app_context, erp):
    order = make_order(make_user(make_company(customer_number="10001")))
    order.comment = "A\x1bB"  # cannot be sent, whatever the ERP does
    db.session.commit()
    deliver_due(erp_client(), "w", utcnow() + timedelta(hours=1))

    made_due = catch_up_after_recovery(erp_client(), RecoveryWatch(interval=0))

    assert made_due == 0 and entry().next_attempt_at > utcnow()
