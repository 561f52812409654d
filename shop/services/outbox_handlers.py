"""What each kind of outbox entry sends to the ERP, and what the shop records afterwards.

prepare() reads what an entry sends, in the transaction that counts its attempt; send()
runs outside any transaction; on_delivered() and on_parked() run inside the
unit of work that records the outcome (shop/services/outbox.py), so the outcome and the
shop's reaction are written together or not at all.
"""

from collections.abc import Iterable, Mapping
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import bindparam, func, select, update

from erp_bridge import (
    Contact,
    CustomerChange,
    ErpAddress,
    ErpClient,
    OrderLineToSubmit,
    OrderToSubmit,
)
from shop.domain.approvals import ActorKind, InvalidTransition, OrderEvent, apply_event
from shop.domain.customer_changes import ADDRESS_KINDS, ChangeKind, ChangeRequestStatus
from shop.domain.orders import OrderStatus
from shop.domain.outbox import OutboxKind
from shop.domain.review import ReviewReason
from shop.extensions import db
from shop.models import (
    Company,
    CustomerChangeRequest,
    Order,
    OrderEventRecord,
    OrderLine,
    Product,
    User,
)
from shop.services.order_history import actor_label, insert_event


class Handler(Protocol):
    def prepare(self, payload: dict) -> Any:
        """What send() needs, read from the database (or the payload itself)."""

    def send(self, client: ErpClient, request: Any) -> Any:
        """Send what prepare() read; no database access here."""

    def on_delivered(self, payload: dict, result: Any, now: datetime) -> None: ...

    def on_parked(self, payload: dict, now: datetime, note: str = "") -> None:
        """The entry was given up on (ERP rejection, last attempt, poison data).

        `note` is the ERP's own word on a rejection, fit for the order's history; other
        reasons are technical and stay in the outbox for the operator."""


def _order(number: str) -> Order:
    return db.session.scalar(select(Order).where(Order.number == number))


_ORDERS = Order.__table__
_LINES = OrderLine.__table__
_EVENTS = OrderEventRecord.__table__
# What SubmitOrder sends, read as plain rows with prebuilt statements: loading ORM objects
# cost more CPU than the statements in the worker's hot loop (#10). The columns keep the
# ORM attributes' names, so one builder (_submission) serves rows and objects alike.
_ORDER_TO_SEND = (
    select(
        _ORDERS.c.id,
        _ORDERS.c.number,
        _ORDERS.c.created_at,
        _ORDERS.c.currency,
        _ORDERS.c.total_net,
        _ORDERS.c.payment_method,
        _ORDERS.c.delivery_method,
        _ORDERS.c.delivery_name,
        _ORDERS.c.delivery_street,
        _ORDERS.c.delivery_postal_code,
        _ORDERS.c.delivery_city,
        _ORDERS.c.delivery_country,
        _ORDERS.c.customer_reference,
        _ORDERS.c.comment,
        _ORDERS.c.requested_delivery_date,
        Company.__table__.c.customer_number,
        User.__table__.c.email,
    )
    .join(User.__table__, User.__table__.c.id == _ORDERS.c.user_id)
    .join(Company.__table__, Company.__table__.c.id == User.__table__.c.company_id)
    .where(_ORDERS.c.number == bindparam("number"))
)
_LINES_TO_SEND = (
    select(
        _LINES.c.sku,
        _LINES.c.quantity,
        # A product deleted since the order was placed is counted in pieces.
        func.coalesce(Product.__table__.c.unit, "piece").label("unit"),
        _LINES.c.unit_price,
        _LINES.c.vat_rate,
    )
    .outerjoin(Product.__table__, Product.__table__.c.id == _LINES.c.product_id)
    .where(_LINES.c.order_id == bindparam("order_id"))
    .order_by(_LINES.c.position, _LINES.c.id)
)


# The delivery's writes, prebuilt as well.
_TRANSMITTED = (
    update(_ORDERS)
    .where(_ORDERS.c.number == bindparam("order_number"))
    .values(erp_order_number=bindparam("erp_number"), transmitted_at=bindparam("at"))
    .returning(_ORDERS.c.id, _ORDERS.c.status)
)
_MOVE = (
    update(_ORDERS)
    .where(_ORDERS.c.id == bindparam("order_id"), _ORDERS.c.status == bindparam("before"))
    .values(status=bindparam("after"), version=_ORDERS.c.version + 1)
)


class OrderGone(LookupError):
    """The order an outbox entry names no longer exists."""


def _units(order: Order) -> dict[int, str]:
    product_ids = {line.product_id for line in order.lines if line.product_id is not None}
    if not product_ids:
        return {}
    return dict(
        db.session.execute(
            select(Product.id, Product.unit).where(Product.id.in_(product_ids))
        ).all()
    )


def order_to_submit(order: Order, units: Mapping[int, str] | None = None) -> OrderToSubmit:
    """What SubmitOrder sends of the order; `units` (per product id) when the caller has the
    products at hand (placing the order), else read."""
    if units is None:
        units = _units(order)
    lines = [
        (
            line.sku,
            line.quantity,
            # A product deleted since the order was placed is counted in pieces.
            units.get(line.product_id, "piece"),
            line.unit_price,
            line.vat_rate,
        )
        for line in order.lines
    ]
    return _submission(order, order.user.company.customer_number, order.user.email, lines)


def order_to_submit_by_number(number: str) -> OrderToSubmit:
    """What SubmitOrder sends for this order, read in two plain statements; OrderGone when
    there is no such order."""
    connection = db.session.connection()
    order = connection.execute(_ORDER_TO_SEND, {"number": number}).one_or_none()
    if order is None:
        raise OrderGone(f"order {number} does not exist")
    lines = connection.execute(_LINES_TO_SEND, {"order_id": order.id}).all()
    return _submission(order, order.customer_number, order.email, lines)


def _submission(
    order: Any, customer_number: str, email: str, lines: Iterable[tuple]
) -> OrderToSubmit:
    """The order as the ERP receives it, from an Order or a row with the same names; each
    line is (sku, quantity, unit, unit price, VAT rate)."""
    return OrderToSubmit(
        order_number=order.number,
        customer_number=customer_number,
        ordered_at=order.created_at,
        currency=order.currency,
        total_net=order.total_net,
        payment_method=order.payment_method,
        delivery_method=order.delivery_method,
        delivery_address=ErpAddress(
            kind="delivery",
            name=order.delivery_name,
            street=order.delivery_street,
            postal_code=order.delivery_postal_code,
            city=order.delivery_city,
            country=order.delivery_country,
        ),
        customer_reference=order.customer_reference,
        comment=order.comment,
        orderer_email=email,
        lines=tuple(
            OrderLineToSubmit(
                line_number=number,
                sku=sku,
                quantity=quantity,
                unit=unit,
                unit_price=unit_price,
                vat_rate=vat_rate,
            )
            for number, (sku, quantity, unit, unit_price, vat_rate) in enumerate(lines, start=1)
        ),
        requested_delivery_date=order.requested_delivery_date,
    )


def _held_by_the_system(order_id: int, status: str) -> bool:
    """Is the order on hold, and was the hold its latest event, made by the system?"""
    if status != OrderStatus.ON_HOLD:
        return False
    latest = db.session.execute(
        select(_EVENTS.c.event, _EVENTS.c.actor_id, _EVENTS.c.actor_label)
        .where(_EVENTS.c.order_id == order_id)
        .order_by(_EVENTS.c.at.desc(), _EVENTS.c.id.desc())
        .limit(1)
    ).one_or_none()
    return (
        latest is not None
        and latest.event == OrderEvent.HOLD.value
        and latest.actor_id is None
        and latest.actor_label == actor_label(None)
    )


def _move(order_id: int, status: str, event: OrderEvent, now: datetime, comment: str = "") -> None:
    """Apply a system event to the order and record it; an event not allowed is skipped.

    Plain statements (#10); the state guard in the UPDATE keeps a concurrent change from
    being overwritten."""
    before = OrderStatus(status)
    try:
        after = apply_event(before, event, ActorKind.SYSTEM, comment)
    except InvalidTransition:
        return
    moved = db.session.connection().execute(
        _MOVE, {"order_id": order_id, "before": before.value, "after": after.value}
    )
    if moved.rowcount == 1:
        insert_event(order_id, event, None, before, after, now, comment=comment)


@dataclass(frozen=True)
class SubmitOrder:
    def prepare(self, payload: dict) -> OrderToSubmit:
        return order_to_submit_by_number(payload["order_number"])

    def send(self, client: ErpClient, request: OrderToSubmit) -> str:
        return client.submit_order(request)

    def on_delivered(self, payload: dict, erp_order_number: str, now: datetime) -> None:
        number = payload["order_number"]
        order = (
            db.session.connection()
            .execute(
                _TRANSMITTED, {"order_number": number, "erp_number": erp_order_number, "at": now}
            )
            .one_or_none()
        )
        if order is None:
            raise OrderGone(f"order {number} does not exist")
        # A redelivery (after a lost lease) finds the order further along: nothing to move.
        # One the outbox put on hold when it gave up continues now; a person's hold stays.
        if order.status == OrderStatus.PLACED or _held_by_the_system(order.id, order.status):
            _move(order.id, order.status, OrderEvent.TRANSMIT, now)

    def on_parked(self, payload: dict, now: datetime, note: str = "") -> None:
        # §8: an order that cannot reach the ERP goes to manual review; nothing is lost.
        # Imported here: the review service queues orders through the outbox, which uses us.
        from shop.services.review import hold_for_review

        order = _order(payload["order_number"])
        if order is None:
            return
        reason = ReviewReason.ERP_REJECTION if note else ReviewReason.OTHER
        # An order further along already (e.g. released meanwhile) is left as it is.
        with suppress(InvalidTransition):
            hold_for_review(order, reason, note, now)


@dataclass(frozen=True)
class UpsertContact:
    def prepare(self, payload: dict) -> dict:
        return payload

    def send(self, client: ErpClient, payload: dict) -> Contact:
        contact = Contact(
            contact_id=payload.get("contact_id"),
            name=payload["name"],
            email=payload["email"],
            phone=payload.get("phone", ""),
        )
        return client.upsert_contact(payload["customer_number"], contact)

    def on_delivered(self, payload: dict, contact: Contact, now: datetime) -> None:
        user = db.session.get(User, payload["user_id"])
        if user is not None and contact.contact_id:
            user.erp_contact_id = contact.contact_id

    def on_parked(self, payload: dict, now: datetime, note: str = "") -> None:
        """Nothing to undo in the shop: the parked entry shows the operator what failed."""


@dataclass(frozen=True)
class ReleaseOrder:
    """§8: tell the ERP that a prepayment order is paid and may ship (idempotent there)."""

    def prepare(self, payload: dict) -> dict:
        return payload

    def send(self, client: ErpClient, payload: dict) -> None:
        client.release_order(payload["order_number"])

    def on_delivered(self, payload: dict, result: None, now: datetime) -> None:
        """Nothing to record: the ERP reports the shipment as an update."""

    def on_parked(self, payload: dict, now: datetime, note: str = "") -> None:
        # The paid order would never ship: a person has to look at it.
        order = db.session.execute(
            select(_ORDERS.c.id, _ORDERS.c.status).where(
                _ORDERS.c.number == payload["order_number"]
            )
        ).one_or_none()
        if order is not None:
            _move(order.id, order.status, OrderEvent.HOLD, now, comment=note)


@dataclass(frozen=True)
class RequestCustomerChange:
    """#15: a change of the company's master data the main contact asked for. The shop's copy
    of the company is left alone: the customer sync brings the ERP's data once it changed."""

    def prepare(self, payload: dict) -> tuple[str, CustomerChange]:
        request = db.session.get(CustomerChangeRequest, payload["request_id"])
        company = db.session.get(Company, request.company_id)
        details = request.details
        address = None
        if ChangeKind(request.kind) in ADDRESS_KINDS:
            address = ErpAddress(
                kind="billing" if request.kind == ChangeKind.BILLING_ADDRESS else "delivery",
                name=details["name"],
                street=details["street"],
                postal_code=details["postal_code"],
                city=details["city"],
                country=details["country"],
            )
        change = CustomerChange(
            request_id=f"shop-change-{request.id}",
            kind=request.kind,
            requested_by=request.requested_by_label,
            vat_id=details.get("vat_id", ""),
            address=address,
        )
        return company.customer_number, change

    def send(self, client: ErpClient, request: tuple[str, CustomerChange]) -> str:
        customer_number, change = request
        return client.request_customer_change(customer_number, change)

    def on_delivered(self, payload: dict, reference: str, now: datetime) -> None:
        request = db.session.get(CustomerChangeRequest, payload["request_id"])
        if request is not None and request.status == ChangeRequestStatus.PENDING:
            request.status = ChangeRequestStatus.SENT.value
            request.erp_reference = reference or ""
            request.answered_at = now

    def on_parked(self, payload: dict, now: datetime, note: str = "") -> None:
        # §12: refused by the ERP, or given up on: an operator takes it from here.
        request = db.session.get(CustomerChangeRequest, payload["request_id"])
        if request is not None and request.status == ChangeRequestStatus.PENDING:
            request.status = ChangeRequestStatus.REFUSED.value
            request.erp_message = note or "The ERP could not be reached."
            request.answered_at = now


HANDLERS: dict[OutboxKind, Handler] = {
    OutboxKind.SUBMIT_ORDER: SubmitOrder(),
    OutboxKind.UPSERT_CONTACT: UpsertContact(),
    OutboxKind.RELEASE_ORDER: ReleaseOrder(),
    OutboxKind.REQUEST_CUSTOMER_CHANGE: RequestCustomerChange(),
}
