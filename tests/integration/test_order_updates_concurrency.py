"""Several workers read the same ERP updates at once: each update is applied exactly once.

Real commits in threads with their own connections, over SOAP to the simulator. SQLite
queues the writers (BEGIN IMMEDIATE); PostgreSQL settles it with the row lock on the cursor
and the unique update id (run with TEST_DATABASE_URL=postgresql+psycopg://…).
"""

from collections import Counter
from decimal import Decimal

from sqlalchemy import func, select

from shop.erp import erp_client
from shop.extensions import db
from shop.models import ErpUpdateReceipt, OrderEventRecord, Shipment
from shop.models.clock import utcnow
from shop.services.order_updates import apply_order_update, poll_order_updates
from shop.services.outbox import deliver_due
from tests.concurrency import run_at_once
from tests.factories import make_company, make_order, make_product, make_user, order_states


def transmitted_orders(count: int) -> list[str]:
    user = make_user(make_company(customer_number="10001"))
    product = make_product(list_price=Decimal("5.00"))
    numbers = [make_order(user, lines=[(product, 1)]).number for _ in range(count)]
    deliver_due(erp_client(), "worker-1", utcnow())
    return numbers


def test_workers_polling_at_once_apply_every_update_once(app, app_context, erp):
    numbers = transmitted_orders(6)
    for number in numbers:
        erp.add_order_event(number, "shipped")
        erp.add_order_event(number, "invoiced")
    updates = len(erp.control("updates")["updates"])  # 6 × confirmed, shipped, invoiced

    results = run_at_once(
        app, 3, lambda _index: poll_order_updates(erp_client(), utcnow(), page_size=4)
    )

    assert not [r for r in results if isinstance(r, Exception)], results
    outcomes = Counter(result.outcome for worker in results for result in worker)
    assert outcomes["applied"] == updates and outcomes["parked"] == 0
    assert db.session.scalar(select(func.count(ErpUpdateReceipt.id))) == updates
    assert db.session.scalar(select(func.count(Shipment.id))) == 6
    assert set(order_states().values()) == {"invoiced"}
    events = Counter(db.session.scalars(select(OrderEventRecord.event)))
    assert (events["confirm"], events["ship"], events["invoice"]) == (6, 6, 6)


def test_one_update_applied_by_two_workers_at_the_same_moment_counts_once(app, app_context, erp):
    (number,) = transmitted_orders(1)
    erp.add_order_event(number, "shipped")
    page = erp_client().get_order_updates(None, limit=10)
    apply_order_update(page.updates[0], utcnow())  # confirmed
    shipped = page.updates[1]

    results = run_at_once(app, 2, lambda _index: apply_order_update(shipped, utcnow()).outcome)

    assert sorted(results) == ["applied", "duplicate"], results
    assert db.session.scalar(select(func.count(Shipment.id))) == 1
    events = list(db.session.scalars(select(OrderEventRecord.event)))
    assert events.count("ship") == 1
