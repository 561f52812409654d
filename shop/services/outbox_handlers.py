"""What each kind of outbox entry sends to the ERP, and what the shop records afterwards.

prepare() reads what an entry sends, in the transaction that counts its attempt; send()
runs outside any transaction; on_delivered() and on_parked() run inside the
unit of work that records the outcome (shop/services/outbox.py), so the outcome and the
shop's reaction are written together or not at all.
"""

from collections.abc import Mapping
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

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
from shop.models import Company, CustomerChangeRequest, Order, OrderEventRecord, Product, User
from shop.services.order_history import actor_label, record_event


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


def _order_to_send(number: str) -> Order:
    # What order_to_submit reads, in two statements instead of one per relationship (#10).
    return db.session.scalar(
        select(Order)
        .where(Order.number == number)
        .options(selectinload(Order.lines), joinedload(Order.user).joinedload(User.company))
    )


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
    return OrderToSubmit(
        order_number=order.number,
        customer_number=order.user.company.customer_number,
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
        orderer_email=order.user.email,
        lines=tuple(
            OrderLineToSubmit(
                line_number=number,
                sku=line.sku,
                quantity=line.quantity,
                # A product deleted since the order was placed is counted in pieces.
                unit=units.get(line.product_id, "piece"),
                unit_price=line.unit_price,
                vat_rate=line.vat_rate,
            )
            for number, line in enumerate(order.lines, start=1)
        ),
        requested_delivery_date=order.requested_delivery_date,
    )


def _held_by_the_system(order: Order) -> bool:
    """Is the order on hold, and was the hold its latest event, made by the system?"""
    if order.status != OrderStatus.ON_HOLD:
        return False
    latest = db.session.scalar(
        select(OrderEventRecord)
        .where(OrderEventRecord.order_id == order.id)
        .order_by(OrderEventRecord.at.desc(), OrderEventRecord.id.desc())
        .limit(1)
    )
    return (
        latest is not None
        and latest.event == OrderEvent.HOLD.value
        and latest.actor_id is None
        and latest.actor_label == actor_label(None)
    )


def _move(order: Order, event: OrderEvent, now: datetime, comment: str = "") -> None:
    """Apply a system event to the order and record it; an event not allowed is skipped."""
    before = OrderStatus(order.status)
    try:
        after = apply_event(before, event, ActorKind.SYSTEM, comment)
    except InvalidTransition:
        return
    order.status = after.value
    order.version += 1
    record_event(order, event, None, before, after, now, comment=comment)


@dataclass(frozen=True)
class SubmitOrder:
    def prepare(self, payload: dict) -> OrderToSubmit:
        return order_to_submit(_order_to_send(payload["order_number"]))

    def send(self, client: ErpClient, request: OrderToSubmit) -> str:
        return client.submit_order(request)

    def on_delivered(self, payload: dict, erp_order_number: str, now: datetime) -> None:
        order = _order(payload["order_number"])
        order.erp_order_number = erp_order_number
        order.transmitted_at = now
        # A redelivery (after a lost lease) finds the order further along: nothing to move.
        # One the outbox put on hold when it gave up continues now; a person's hold stays.
        if order.status == OrderStatus.PLACED or _held_by_the_system(order):
            _move(order, OrderEvent.TRANSMIT, now)

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
        order = _order(payload["order_number"])
        if order is not None:
            _move(order, OrderEvent.HOLD, now, comment=note)


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
