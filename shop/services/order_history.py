"""An order's history and conversation (§6): one record per transition, with what changed.

The diff between two snapshots of an order is pure (no database): lines whose quantity
changed (old → new), removed lines, address and methods (old → new), and the net total.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import insert, select

from shop.domain.approvals import OrderEvent
from shop.domain.orders import OrderStatus
from shop.extensions import db
from shop.models import Order, OrderEventRecord, User


class HistoryNote(StrEnum):
    """History entries that are no transition of the state machine."""

    REMINDER = "reminder"  # the reminder mails to approvers
    REROUTE = "reroute"  # routed to other approvers after a change (#14)


@dataclass(frozen=True)
class LineSnapshot:
    sku: str
    name_en: str
    name_de: str
    quantity: int


@dataclass(frozen=True)
class OrderSnapshot:
    """What an approver or orderer can change on an order, at one moment."""

    lines: Mapping[int, LineSnapshot]  # by line id
    address: str
    payment_method: str
    delivery_method: str
    total_net: Decimal
    currency: str


def snapshot(order: Order) -> OrderSnapshot:
    return OrderSnapshot(
        lines={
            line.id: LineSnapshot(line.sku, line.name_en, line.name_de, line.quantity)
            for line in order.lines
        },
        address=address_line(order),
        payment_method=order.payment_method,
        delivery_method=order.delivery_method,
        total_net=order.total_net,
        currency=order.currency,
    )


def address_line(order: Order) -> str:
    return (
        f"{order.delivery_name}, {order.delivery_street}, "
        f"{order.delivery_postal_code} {order.delivery_city}, {order.delivery_country}"
    )


def diff(before: OrderSnapshot, after: OrderSnapshot) -> dict:
    """What changed between two snapshots, as JSON-ready data; empty when nothing did."""
    changes: dict = {}
    lines = []
    removed = []
    for line_id, old in before.lines.items():
        new = after.lines.get(line_id)
        entry = {"sku": old.sku, "name_en": old.name_en, "name_de": old.name_de}
        if new is None:
            removed.append({**entry, "quantity": old.quantity})
        elif new.quantity != old.quantity:
            lines.append({**entry, "old": old.quantity, "new": new.quantity})
    if lines:
        changes["lines"] = lines
    if removed:
        changes["removed"] = removed
    for field in ("address", "payment_method", "delivery_method"):
        old_value, new_value = getattr(before, field), getattr(after, field)
        if old_value != new_value:
            changes[field] = {"old": old_value, "new": new_value}
    if before.total_net != after.total_net:
        changes["total_net"] = {
            "old": str(before.total_net),
            "new": str(after.total_net),
            "currency": after.currency,
        }
    return changes


def actor_label(actor: User | None) -> str:
    return actor.name if actor is not None else "system"


_INSERT_EVENT = insert(OrderEventRecord.__table__)


def record_event(
    order: Order,
    event: OrderEvent | HistoryNote,
    actor: User | None,
    from_status: OrderStatus | str | None,
    to_status: OrderStatus | str,
    now: datetime,
    comment: str = "",
    changes: dict | None = None,
) -> OrderEventRecord:
    """Add one history entry to the caller's transaction (the caller commits)."""
    record = OrderEventRecord(
        **_event_values(order.id, event, actor, from_status, to_status, now, comment, changes)
    )
    db.session.add(record)
    return record


def insert_event(
    order_id: int,
    event: OrderEvent | HistoryNote,
    actor: User | None,
    from_status: OrderStatus | str | None,
    to_status: OrderStatus | str,
    now: datetime,
    comment: str = "",
    changes: dict | None = None,
) -> None:
    """record_event as one INSERT on the caller's transaction, for hot loops that read no
    ORM objects (the outbox worker, #10)."""
    db.session.connection().execute(
        _INSERT_EVENT,
        _event_values(order_id, event, actor, from_status, to_status, now, comment, changes),
    )


def _event_values(
    order_id: int,
    event: OrderEvent | HistoryNote,
    actor: User | None,
    from_status: OrderStatus | str | None,
    to_status: OrderStatus | str,
    now: datetime,
    comment: str,
    changes: dict | None,
) -> dict:
    return {
        "order_id": order_id,
        "at": now,
        "actor_id": actor.id if actor is not None else None,
        "actor_label": actor_label(actor),
        "event": str(event),
        "from_status": str(from_status) if from_status is not None else None,
        "to_status": str(to_status),
        "comment": comment,
        "changes": changes or {},
    }


def history_of(order_id: int) -> list[OrderEventRecord]:
    """The order's whole history and conversation, oldest first."""
    return list(
        db.session.scalars(
            select(OrderEventRecord)
            .where(OrderEventRecord.order_id == order_id)
            .order_by(OrderEventRecord.at, OrderEventRecord.id)
        )
    )


def last_decision(order_id: int) -> OrderEventRecord | None:
    """The newest entry made by a person (not the system), for "already decided by ..."."""
    # The worker's later entries (transmitted, confirmed ...) and notes that are no decision
    # (reminders, re-routing) must not hide who decided (#14).
    return db.session.scalar(
        select(OrderEventRecord)
        .where(
            OrderEventRecord.order_id == order_id,
            OrderEventRecord.actor_id.is_not(None),
            OrderEventRecord.event.not_in(tuple(HistoryNote)),
        )
        .order_by(OrderEventRecord.at.desc(), OrderEventRecord.id.desc())
        .limit(1)
    )
