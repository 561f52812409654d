"""A worker that dies after the ERP took an order but before it recorded that (#10): the
entry is sent again once its lease has run out, also after the ERP restarted in between,
and the ERP answers with the ERP order number it gave the first time."""

from datetime import timedelta

from shop.domain.outbox import OutboxKind
from shop.erp import erp_client
from shop.extensions import db
from shop.models.clock import utcnow
from shop.services import outbox_handlers
from shop.services.outbox import claim_next, deliver_due
from tests.factories import make_company, make_order, make_user


def test_an_order_sent_but_not_recorded_is_sent_again_and_keeps_its_erp_order_number(
    app_context, erp
):
    order = make_order(make_user(make_company(customer_number="10001")))
    lease = timedelta(minutes=2)
    now = utcnow()
    entry = claim_next("doomed", now, lease)
    handler = outbox_handlers.HANDLERS[OutboxKind(entry.kind)]
    first_answer = handler.send(erp_client(), handler.prepare(dict(entry.payload)))
    # The worker dies here; the ERP restarts before another worker takes the entry over.
    erp.stop()
    erp.start()

    deliveries = deliver_due(erp_client(), "next", now + lease + timedelta(seconds=1), lease)

    assert [d.outcome for d in deliveries] == ["delivered"]
    db.session.refresh(order)
    assert order.erp_order_number == first_answer
    received = erp.orders()[order.number]
    assert received["erpOrderNumber"] == first_answer
    assert received["received"] == 2
