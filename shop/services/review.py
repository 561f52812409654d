"""The manual review queue (§8, §12): orders held for a person, as tickets.

`hold_for_review` is the one way an order goes on hold: it applies HOLD and opens the ticket,
in the caller's transaction (placement, approval, the outbox worker). `send_to_erp_or_hold`
is where a placed or approved order goes next: to the ERP through the outbox, or to the
queue when the placement rule (shop/domain/review.py) wants a person to look first.
Operators release a ticket (the order continues on its own) or cancel it (the customer reads
the note in the order's history and gets it by mail); each owns its unit of work and is audited.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import selectinload

from shop.domain.approvals import ActorKind, OrderEvent, apply_event
from shop.domain.orders import OrderStatus
from shop.domain.outbox import OutboxKind, OutboxStatus
from shop.domain.review import ReviewQueue, ReviewReason, TicketStatus, reason_to_hold
from shop.domain.staff import StaffAction
from shop.extensions import db
from shop.models import (
    Order,
    OrderEventRecord,
    OutboxEntry,
    Product,
    ReviewNote,
    ReviewTicket,
    StaffMember,
)
from shop.services.order_history import record_event
from shop.services.order_mails import ORDER_CANCELLED, queue_order_mail
from shop.services.outbox import check_sendable, enqueue
from shop.services.outbox_handlers import order_to_submit
from shop.services.staff import record_action
from shop.services.unit_of_work import unit_of_work

SYSTEM_AUTHOR = "system"


class TicketNotFound(Exception):
    """No such ticket."""


class TicketClosed(Exception):
    """Someone released or cancelled the ticket already (or its order moved on)."""

    def __init__(self, ticket: ReviewTicket) -> None:
        super().__init__("the ticket is no longer open")
        self.ticket = ticket


class AssigneeNotFound(Exception):
    """No active staff member with this id."""


class NoteRequired(Exception):
    """Cancelling needs a note: the customer reads it."""


class OrderAlreadyAtErp(Exception):
    """The ERP has the order already: cancelling only in the shop would leave it running there."""


def _outbox_key(order: Order) -> str:
    return f"order:{order.number}"


def hold_for_review(
    order: Order,
    reason: ReviewReason,
    note: str,
    now: datetime,
    changes: dict | None = None,
) -> ReviewTicket:
    """Put the order on hold for review and open its ticket, in the caller's transaction.

    An order already on hold keeps its open ticket (the note is added to it). InvalidTransition
    when the order is in a state that cannot be held (e.g. shipped).
    """
    note = note.strip()
    before = OrderStatus(order.status)
    if before == OrderStatus.ON_HOLD:
        ticket = _open_ticket_of(order.id)
        if ticket is not None:
            if note:
                ticket.notes.append(ReviewNote(author_label=SYSTEM_AUTHOR, text=note, at=now))
            return ticket
    else:
        after = apply_event(before, OrderEvent.HOLD, ActorKind.SYSTEM, note)
        order.status = after.value
        order.version += 1
        record_event(
            order, OrderEvent.HOLD, None, before, after, now, comment=note, changes=changes
        )
    # Tickets of earlier holds the order left without an operator are done.
    db.session.execute(
        update(ReviewTicket)
        .where(ReviewTicket.order_id == order.id, ReviewTicket.status == TicketStatus.OPEN.value)
        .values(status=TicketStatus.RESOLVED.value, closed_at=now)
    )
    ticket = ReviewTicket(order_id=order.id, reason=reason.value, created_at=now)
    if note:
        ticket.notes.append(ReviewNote(author_label=SYSTEM_AUTHOR, text=note, at=now))
    db.session.add(ticket)
    return ticket


def send_to_erp_or_hold(
    order: Order, now: datetime, products: Mapping[int, Product] | None = None
) -> ReviewTicket | None:
    """§8: a placed order goes to the ERP through the outbox, or to the review queue first
    when the placement rule says a person must look at it (in the caller's transaction).

    `products`: the order's products by id, when the caller holds them (placing the order
    from the cart): the bulky-goods and XML checks then read nothing again (#10).
    """
    key, payload = _outbox_key(order), {"order_number": order.number}
    reason = reason_to_hold(order.comment, _address_lines(order), _has_bulky_goods(order, products))
    sent = None
    if products is not None:
        sent = order_to_submit(order, {id_: product.unit for id_, product in products.items()})
    if reason is None:
        enqueue(OutboxKind.SUBMIT_ORDER, key, payload, sent)
        return None
    # Refused now, as if it were queued: a release could never send it (#9).
    check_sendable(OutboxKind.SUBMIT_ORDER, key, payload, sent)
    return hold_for_review(order, reason, "", now)


def _address_lines(order: Order) -> list[str]:
    return [order.delivery_name, order.delivery_street, order.delivery_city]


def _has_bulky_goods(order: Order, products: Mapping[int, Product] | None = None) -> bool:
    product_ids = [line.product_id for line in order.lines if line.product_id is not None]
    if products is not None:
        return any(products[id_].bulky for id_ in product_ids)
    if not product_ids:
        return False
    return bool(
        db.session.scalar(
            select(Product.id).where(Product.id.in_(product_ids), Product.bulky.is_(True)).limit(1)
        )
    )


def _open_ticket_of(order_id: int) -> ReviewTicket | None:
    return db.session.scalar(
        select(ReviewTicket).where(
            ReviewTicket.order_id == order_id, ReviewTicket.status == TicketStatus.OPEN.value
        )
    )


def _lock_ticket(ticket_id: int) -> ReviewTicket:
    query = select(ReviewTicket).where(ReviewTicket.id == ticket_id)
    if db.engine.dialect.name == "postgresql":
        # Two operators deciding one ticket at once: the second waits, then finds it closed.
        query = query.with_for_update()
    ticket = db.session.scalar(query.execution_options(populate_existing=True))
    if ticket is None:
        raise TicketNotFound()
    return ticket


def _open_and_held(ticket: ReviewTicket) -> Order:
    order = db.session.get(Order, ticket.order_id, populate_existing=True)
    if ticket.status != TicketStatus.OPEN or order.status != OrderStatus.ON_HOLD:
        raise TicketClosed(ticket)
    return order


def _held_from(order_id: int) -> OrderStatus | None:
    """The state the order was in before its latest hold."""
    from_status = db.session.scalar(
        select(OrderEventRecord.from_status)
        .where(
            OrderEventRecord.order_id == order_id,
            OrderEventRecord.event == OrderEvent.HOLD.value,
        )
        .order_by(OrderEventRecord.at.desc(), OrderEventRecord.id.desc())
        .limit(1)
    )
    return OrderStatus(from_status) if from_status else None


def _leave_hold(
    order: Order,
    event: OrderEvent,
    staff: StaffMember,
    now: datetime,
    comment: str = "",
    held_from: OrderStatus | None = None,
) -> tuple[OrderStatus, OrderEventRecord]:
    """An operator's RELEASE or CANCEL of a held order: its new state and history entry."""
    target = apply_event(
        OrderStatus.ON_HOLD, event, ActorKind.OPERATOR, comment, held_from=held_from
    )
    order.status = target.value
    order.version += 1
    record = record_event(order, event, None, OrderStatus.ON_HOLD, target, now, comment=comment)
    # A staff member is no user of the company: named in the history, never linked to one.
    record.actor_label = staff.name
    return target, record


def _note(staff: StaffMember, text: str, now: datetime) -> ReviewNote:
    return ReviewNote(staff_id=staff.id, author_label=staff.name, text=text, at=now)


def _close(
    ticket: ReviewTicket,
    order: Order,
    status: TicketStatus,
    action: StaffAction,
    staff: StaffMember,
    note: str,
    now: datetime,
) -> None:
    """Close the ticket with the operator's note (if any) and audit the decision."""
    if note:
        ticket.notes.append(_note(staff, note, now))
    ticket.status = status.value
    ticket.closed_at = now
    ticket.closed_by_id = staff.id
    record_action(staff, action, now, "order", order.number, note)


def _undelivered_entries(order: Order) -> list[OutboxEntry]:
    return list(
        db.session.scalars(
            select(OutboxEntry).where(
                OutboxEntry.key == _outbox_key(order),
                OutboxEntry.status.in_((OutboxStatus.PENDING.value, OutboxStatus.PARKED.value)),
            )
        )
    )


def release(ticket_id: int, staff: StaffMember, note: str, now: datetime) -> ReviewTicket:
    """The order goes back to where it was held and continues on its own: one that has not
    reached the ERP yet is sent through the outbox (a parked entry is due again)."""
    note = note.strip()
    with unit_of_work():
        ticket = _lock_ticket(ticket_id)
        order = _open_and_held(ticket)
        # The release note is the operators' own; the customer's history shows no comment.
        target, _ = _leave_hold(
            order, OrderEvent.RELEASE, staff, now, held_from=_held_from(order.id)
        )
        if target == OrderStatus.PLACED and order.erp_order_number is None:
            waiting = _undelivered_entries(order)
            if not waiting:
                enqueue(OutboxKind.SUBMIT_ORDER, _outbox_key(order), {"order_number": order.number})
            for entry in waiting:
                if entry.status == OutboxStatus.PARKED:
                    # As `flask erp retry` does: due now with fresh attempts.
                    entry.status = OutboxStatus.PENDING.value
                    entry.attempts = 0
                    entry.next_attempt_at = now
        _close(ticket, order, TicketStatus.RELEASED, StaffAction.RELEASE, staff, note, now)
    return ticket


def cancel(ticket_id: int, staff: StaffMember, note: str, now: datetime) -> ReviewTicket:
    """Cancel the held order with a note the customer reads in the order's history and in a
    mail queued in the same unit of work."""
    note = note.strip()
    if not note:
        raise NoteRequired()
    with unit_of_work():
        ticket = _lock_ticket(ticket_id)
        order = _open_and_held(ticket)
        if order.erp_order_number is not None:
            raise OrderAlreadyAtErp()
        _, record = _leave_hold(order, OrderEvent.CANCEL, staff, now, comment=note)
        db.session.flush()  # the mail names the history entry that holds the note
        queue_order_mail(ORDER_CANCELLED, order.user, order, event_id=record.id)
        for entry in _undelivered_entries(order):
            # Never sent now: a later "retry all" must not deliver a cancelled order.
            entry.status = OutboxStatus.CANCELLED.value
        _close(ticket, order, TicketStatus.CANCELLED, StaffAction.CANCEL, staff, note, now)
    return ticket


def add_note(ticket_id: int, staff: StaffMember, text: str, now: datetime) -> ReviewTicket:
    """An operator's note on the ticket (not shown to the customer)."""
    text = text.strip()
    if not text:
        raise NoteRequired()
    with unit_of_work():
        ticket = _lock_ticket(ticket_id)
        ticket.notes.append(_note(staff, text, now))
        record_action(staff, StaffAction.NOTE, now, "ticket", ticket.id, text)
    return ticket


@dataclass(frozen=True)
class Assignment:
    """To a staff member, to a team, or (both None) to nobody."""

    staff_id: int | None = None
    queue: ReviewQueue | None = None


def assign(ticket_id: int, staff: StaffMember, to: Assignment, now: datetime) -> ReviewTicket:
    """Give the ticket to a person or a team (or take it back to nobody)."""
    with unit_of_work():
        ticket = _lock_ticket(ticket_id)
        if ticket.status != TicketStatus.OPEN:
            raise TicketClosed(ticket)
        detail = f"queue:{to.queue.value}" if to.queue else ""
        if to.staff_id is not None:
            assignee = db.session.get(StaffMember, to.staff_id)
            if assignee is None or not assignee.active:
                raise AssigneeNotFound()
            detail = f"staff:{assignee.name}"
        ticket.assignee_id = to.staff_id
        ticket.queue = to.queue.value if to.queue else None
        record_action(staff, StaffAction.ASSIGN, now, "ticket", ticket.id, detail)
    return ticket


def open_tickets(assignee_id: int | None = None, queue: str | None = None) -> list[ReviewTicket]:
    """Tickets of orders still on hold, oldest first; optionally of one person or team."""
    query = (
        select(ReviewTicket)
        .join(Order, Order.id == ReviewTicket.order_id)
        .where(
            ReviewTicket.status == TicketStatus.OPEN.value,
            Order.status == OrderStatus.ON_HOLD.value,
        )
        .options(selectinload(ReviewTicket.order).selectinload(Order.user))
        .order_by(ReviewTicket.created_at, ReviewTicket.id)
    )
    if assignee_id is not None:
        query = query.where(ReviewTicket.assignee_id == assignee_id)
    if queue is not None:
        query = query.where(ReviewTicket.queue == queue)
    return list(db.session.scalars(query))


def ticket_or_none(ticket_id: int) -> ReviewTicket | None:
    return db.session.get(ReviewTicket, ticket_id)


def entries_of_order(order: Order) -> list[OutboxEntry]:
    """The order's outbox entries, for the ticket page (why the ERP did not take it)."""
    return list(
        db.session.scalars(
            select(OutboxEntry)
            .where(OutboxEntry.key == _outbox_key(order))
            .order_by(OutboxEntry.id)
        )
    )


def is_open(ticket: ReviewTicket) -> bool:
    """Whether an operator can still release or cancel the ticket."""
    return ticket.status == TicketStatus.OPEN and ticket.order.status == OrderStatus.ON_HOLD


def tickets_of_order(order_id: int) -> list[ReviewTicket]:
    return list(
        db.session.scalars(
            select(ReviewTicket).where(ReviewTicket.order_id == order_id).order_by(ReviewTicket.id)
        )
    )
