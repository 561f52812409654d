"""The outbox worker reads what SubmitOrder sends and records the delivery with plain
statements instead of ORM objects (#10): what goes to the ERP and what the order shows
afterwards must be what the ORM path gave."""

from datetime import date, timedelta

from sqlalchemy import select, update

from shop.domain.approvals import OrderEvent
from shop.domain.orders import OrderStatus
from shop.erp import erp_client
from shop.extensions import db
from shop.models import Order, OrderEventRecord, OrderLine
from shop.models.clock import utcnow
from shop.services.outbox import deliver_due
from shop.services.outbox_handlers import order_to_submit, order_to_submit_by_number
from shop.services.unit_of_work import end_reads
from tests.factories import make_company, make_order, make_product, make_user


def test_the_plain_read_sends_what_the_order_object_would(app_context):
    user = make_user(make_company())
    boxed, gone = make_product(unit="box"), make_product()
    order = make_order(
        user,
        lines=[(boxed, 3), (make_product(), 1), (gone, 2)],
        customer_reference="PO 4711 <&>",
        comment="Bitte an Tor 2 – danke",
    )
    order.requested_delivery_date = date(2027, 3, 4)
    db.session.commit()
    # A product deleted since the order was placed leaves its line without a product.
    db.session.execute(
        update(OrderLine).where(OrderLine.product_id == gone.id).values(product_id=None)
    )
    db.session.commit()
    db.session.expire_all()

    plain = order_to_submit_by_number(order.number)

    assert plain == order_to_submit(db.session.get(Order, order.id))
    assert [line.unit for line in plain.lines] == ["box", "piece", "piece"]


def test_a_delivered_order_is_transmitted_with_its_history_as_before(app_context, erp):
    user = make_user(make_company(customer_number="10001"))
    order = make_order(user)
    version = order.version
    end_reads()

    deliveries = deliver_due(erp_client(), "worker-1", utcnow(), timedelta(minutes=2))

    assert [d.outcome for d in deliveries] == ["delivered"]
    db.session.expire_all()
    order = db.session.get(Order, order.id)
    assert order.status == OrderStatus.TRANSMITTED
    assert order.erp_order_number and order.transmitted_at is not None
    assert order.version == version + 1
    latest = db.session.scalars(
        select(OrderEventRecord)
        .where(OrderEventRecord.order_id == order.id)
        .order_by(OrderEventRecord.id.desc())
    ).first()
    assert (latest.event, latest.from_status, latest.to_status) == (
        OrderEvent.TRANSMIT.value,
        OrderStatus.PLACED.value,
        OrderStatus.TRANSMITTED.value,
    )
    assert (latest.actor_id, latest.actor_label, latest.comment) == (None, "system", "")
