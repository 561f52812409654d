"""Read GetOrderUpdates and apply each update to its order (§8), exactly once, in order.

The worker polls with the cursor kept in `erp_update_cursor`. Each update is applied in its
own unit of work that first locks the cursor row: workers polling at once take turns, and the
unique update id of `erp_update_receipts` makes an update read twice (a replayed page, a
second worker) change nothing and record nothing. The ERP call itself runs outside any
transaction.

apply_order_update returns what happened (UpdateResult); the customer's mail about an update
(confirmed, shipped, invoiced) is queued in the outbox in the update's own unit of work.
"""

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import exists, select
from sqlalchemy.exc import (
    DisconnectionError,
    IntegrityError,
    InterfaceError,
    OperationalError,
    StatementError,
)
from sqlalchemy.orm import selectinload

from erp_bridge import ErpClient, OrderUpdate
from shop.domain.approvals import ActorKind, OrderEvent, apply_event
from shop.domain.order_life import (
    EVENT_OF_KIND,
    ParkReason,
    UpdateKind,
    UpdateOutcome,
    can_hold,
    needs_release,
    plan_update,
)
from shop.domain.orders import OrderStatus
from shop.domain.outbox import OutboxKind, excerpt
from shop.domain.review import ReviewReason
from shop.domain.staff import StaffAction
from shop.extensions import db
from shop.models import (
    ErpUpdateCursor,
    ErpUpdateProblem,
    ErpUpdateReceipt,
    Invoice,
    Order,
    Payment,
    Shipment,
    ShipmentLine,
    StaffMember,
)
from shop.services.order_history import record_event
from shop.services.order_mails import (
    ORDER_CONFIRMED,
    ORDER_INVOICED,
    ORDER_SHIPPED,
    queue_order_mail,
)
from shop.services.outbox import enqueue
from shop.services.review import hold_for_review
from shop.services.staff import record_action
from shop.services.unit_of_work import end_reads, unit_of_work

CURSOR_ID = 1
PAGE_SIZE = 100
# One poll reads at most this many pages; the next poll goes on where it stopped.
MAX_PAGES_PER_POLL = 20


@dataclass(frozen=True)
class StateChange:
    event: OrderEvent
    from_status: OrderStatus
    to_status: OrderStatus


@dataclass(frozen=True)
class UpdateResult:
    """What one update did: the order's transitions (empty for a record-only update)."""

    update_id: str
    order_number: str
    kind: str
    outcome: UpdateOutcome
    changes: tuple[StateChange, ...] = field(default_factory=tuple)
    park_reason: ParkReason | None = None


def read_cursor() -> str | None:
    """The id of the last update handled (None: read from the first)."""
    return db.session.scalar(
        select(ErpUpdateCursor.after_update_id).where(ErpUpdateCursor.id == CURSOR_ID)
    )


def poll_order_updates(
    client: ErpClient, now: datetime, page_size: int = PAGE_SIZE
) -> list[UpdateResult]:
    """Read the updates after the cursor, page by page, and apply each; ErpUnavailable and
    ErpRejected (e.g. a cursor the ERP no longer knows) reach the caller."""
    results: list[UpdateResult] = []
    _ensure_cursor(now)
    for _ in range(MAX_PAGES_PER_POLL):
        after = read_cursor()
        end_reads()  # no transaction stays open during the ERP call
        page = client.get_order_updates(after, limit=page_size)
        for update in page.updates:
            results.append(apply_order_update(update, now))
        if not page.has_more or not page.updates:
            break
    return results


def apply_order_update(update: OrderUpdate, now: datetime) -> UpdateResult:
    """Apply one update in its own unit of work; an update handled before changes nothing.

    An update whose data the shop cannot store (a bug, or data breaking a unique key such as
    an invoice number the ERP reused) is parked instead, so it does not stop the updates
    after it; a database that cannot be reached is not the update's fault and stops the poll.
    """
    try:
        with unit_of_work():
            cursor = _locked_cursor()
            if _received(update.update_id):
                return _duplicate(update)
            result = _apply(update, now)
            _advance(cursor, update, now)
            return result
    except (OperationalError, InterfaceError, DisconnectionError):
        raise
    except (StatementError, ValueError, ArithmeticError) as error:
        if _received(update.update_id):
            # The unique update id: another worker recorded it first.
            return _duplicate(update)
        return _park_unprocessable(update, now, error)


def _park_unprocessable(update: OrderUpdate, now: datetime, error: Exception) -> UpdateResult:
    with unit_of_work():
        cursor = _locked_cursor()
        if _received(update.update_id):
            return _duplicate(update)
        order = db.session.scalar(
            select(Order).where(Order.number == update.order_number).with_for_update()
        )
        detail = excerpt(f"{type(error).__name__}: {error}")
        result = _park(update, order, ParkReason.UNPROCESSABLE, now, detail=detail)
        _advance(cursor, update, now)
        return result


def _locked_cursor() -> ErpUpdateCursor | None:
    # Workers take turns here: the second one sees the first one's receipt once it commits.
    return db.session.get(ErpUpdateCursor, CURSOR_ID, with_for_update=True)


def _advance(cursor: ErpUpdateCursor | None, update: OrderUpdate, now: datetime) -> None:
    if cursor is not None:
        cursor.after_update_id = update.update_id
        cursor.updated_at = now


def reset_cursor(now: datetime) -> None:
    """Read from the ERP's first update again (the ERP refused our cursor, e.g. after it was
    restored from a backup); the receipts keep updates handled before from changing anything."""
    _ensure_cursor(now)
    with unit_of_work():
        cursor = _locked_cursor()
        cursor.after_update_id = None
        cursor.updated_at = now


def _ensure_cursor(now: datetime) -> None:
    if db.session.get(ErpUpdateCursor, CURSOR_ID) is not None:
        return
    try:
        with unit_of_work():
            db.session.add(ErpUpdateCursor(id=CURSOR_ID, after_update_id=None, updated_at=now))
    except IntegrityError:
        pass  # another worker created it at the same moment


def _received(update_id: str) -> bool:
    return bool(db.session.scalar(select(exists().where(ErpUpdateReceipt.update_id == update_id))))


def _duplicate(update: OrderUpdate) -> UpdateResult:
    return UpdateResult(update.update_id, update.order_number, update.kind, UpdateOutcome.DUPLICATE)


def _apply(update: OrderUpdate, now: datetime) -> UpdateResult:
    order = db.session.scalar(
        select(Order).where(Order.number == update.order_number).with_for_update()
    )
    state = OrderStatus(order.status) if order is not None else None
    plan = plan_update(
        update.kind,
        state,
        order.payment_method if order is not None else "",
        earlier_update_parked=order is not None and _has_open_problem(order.id),
    )
    if plan.park is not None:
        return _park(update, order, plan.park, now)

    changes = []
    for event in plan.events:
        changes.append(_move(order, event, update, now))
    if not plan.events:
        # Recorded without a transition (a second parcel, a payment after the invoice):
        # the history still shows it.
        current = OrderStatus(order.status)
        record_event(order, _event_of(update.kind), None, current, current, now)
    recorded = _record_data(order, update)
    _queue_mail(order, changes, recorded)
    db.session.add(
        ErpUpdateReceipt(
            update_id=update.update_id,
            order_id=order.id,
            kind=update.kind,
            outcome=UpdateOutcome.APPLIED.value,
            received_at=now,
        )
    )
    if any(needs_release(order.payment_method, change.event) for change in changes):
        # §8: paid in advance, so the ERP may ship it now; sent after commit by the outbox.
        enqueue(OutboxKind.RELEASE_ORDER, f"order:{order.number}", {"order_number": order.number})
    return UpdateResult(
        update.update_id, order.number, update.kind, UpdateOutcome.APPLIED, tuple(changes)
    )


def _event_of(kind: str) -> OrderEvent:
    return EVENT_OF_KIND[UpdateKind(kind)]


def _move(order: Order, event: OrderEvent, update: OrderUpdate, now: datetime) -> StateChange:
    before = OrderStatus(order.status)
    if event == OrderEvent.HOLD:
        # The ERP rejected the order: a person decides what happens to it (§8).
        hold_for_review(order, ReviewReason.ERP_REJECTION, update.message, now)
        return StateChange(event, before, OrderStatus(order.status))
    comment = update.message if event == OrderEvent.HOLD else ""
    after = apply_event(before, event, ActorKind.SYSTEM, comment)
    order.status = after.value
    order.version += 1
    if event == OrderEvent.TRANSMIT:
        order.transmitted_at = order.transmitted_at or now
    if update.erp_order_number and not order.erp_order_number:
        order.erp_order_number = update.erp_order_number
    record_event(order, event, None, before, after, now, comment=comment)
    return StateChange(event, before, after)


def _queue_mail(
    order: Order, changes: list[StateChange], recorded: Shipment | Invoice | Payment | None
) -> None:
    """The customer's mail about this update, in its unit of work: an update applied once
    mails once, and a replayed one (applying nothing) mails nothing (§8)."""
    if any(change.event == OrderEvent.CONFIRM for change in changes):
        queue_order_mail(ORDER_CONFIRMED, order.user, order)
    elif isinstance(recorded, Shipment | Invoice):
        db.session.flush()  # the mail names the shipment or invoice by its id
        if isinstance(recorded, Shipment):
            queue_order_mail(ORDER_SHIPPED, order.user, order, shipment_id=recorded.id)
        else:
            queue_order_mail(ORDER_INVOICED, order.user, order, invoice_id=recorded.id)


def _record_data(order: Order, update: OrderUpdate) -> Shipment | Invoice | Payment | None:
    """Keep what the update carried: a shipment, an invoice or a payment (returned)."""
    recorded: Shipment | Invoice | Payment | None = None
    if update.kind == UpdateKind.SHIPPED:
        recorded = Shipment(
            order_id=order.id,
            update_id=update.update_id,
            carrier=update.carrier,
            tracking_number=update.tracking_number,
            tracking_url=update.tracking_url,
            shipped_at=update.occurred_at.replace(tzinfo=None),
            lines=[
                ShipmentLine(line_number=line.line_number, sku=line.sku, quantity=line.quantity)
                for line in update.shipped_lines
            ],
        )
    elif update.kind == UpdateKind.INVOICED and not _has_invoice(order.id, update.invoice_number):
        recorded = Invoice(
            order_id=order.id,
            update_id=update.update_id,
            number=update.invoice_number or update.update_id,
            invoice_date=update.invoice_date or update.occurred_at.date(),
            due_date=update.due_date,
            currency=update.currency or order.currency,
            net_amount=update.net_amount,
            vat_amount=update.vat_amount,
            gross_amount=update.gross_amount,
        )
    elif update.kind == UpdateKind.PAID:
        recorded = Payment(
            order_id=order.id,
            update_id=update.update_id,
            received_at=update.occurred_at.replace(tzinfo=None),
            currency=update.currency or order.currency,
            amount=update.paid_amount,
        )
    if recorded is not None:
        db.session.add(recorded)
    return recorded


def _has_invoice(order_id: int, number: str) -> bool:
    """The ERP sent this order's invoice again (a new update id): keep it once."""
    return bool(
        number
        and db.session.scalar(
            select(exists().where(Invoice.order_id == order_id, Invoice.number == number))
        )
    )


def _has_open_problem(order_id: int) -> bool:
    return bool(
        db.session.scalar(
            select(
                exists().where(
                    ErpUpdateProblem.order_id == order_id, ErpUpdateProblem.resolved_at.is_(None)
                )
            )
        )
    )


def _park(
    update: OrderUpdate,
    order: Order | None,
    reason: ParkReason,
    now: datetime,
    detail: str | None = None,
) -> UpdateResult:
    """Keep the update for an operator; hold the order where its state allows (§8)."""
    db.session.add(
        ErpUpdateProblem(
            update_id=update.update_id,
            order_id=order.id if order is not None else None,
            order_number=update.order_number,
            erp_order_number=update.erp_order_number,
            kind=update.kind,
            reason=reason.value,
            detail=update.message if detail is None else detail,
            payload=_payload(update),
            parked_at=now,
        )
    )
    db.session.add(
        ErpUpdateReceipt(
            update_id=update.update_id,
            order_id=order.id if order is not None else None,
            kind=update.kind,
            outcome=UpdateOutcome.PARKED.value,
            received_at=now,
        )
    )
    changes: tuple[StateChange, ...] = ()
    if order is not None and can_hold(OrderStatus(order.status)):
        # §8/§12: a person looks at it, through a ticket in the back office's review queue.
        before = OrderStatus(order.status)
        hold_for_review(
            order,
            ReviewReason.ERP_UPDATE_PROBLEM,
            update.message,
            now,
            changes={"parked_update": {"kind": update.kind, "reason": reason.value}},
        )
        changes = (StateChange(OrderEvent.HOLD, before, OrderStatus(order.status)),)
    return UpdateResult(
        update.update_id,
        update.order_number,
        update.kind,
        UpdateOutcome.PARKED,
        changes,
        park_reason=reason,
    )


def _payload(update: OrderUpdate) -> dict:
    """The update as JSON, without the PDF (the shop renders its own invoices)."""
    return {
        "update_id": update.update_id,
        "order_number": update.order_number,
        "erp_order_number": update.erp_order_number,
        "kind": update.kind,
        "occurred_at": update.occurred_at.isoformat(),
        "tracking_number": update.tracking_number,
        "tracking_url": update.tracking_url,
        "carrier": update.carrier,
        "shipped_lines": [
            {"line_number": line.line_number, "sku": line.sku, "quantity": line.quantity}
            for line in update.shipped_lines
        ],
        "invoice_number": update.invoice_number,
        "invoice_date": update.invoice_date.isoformat() if update.invoice_date else None,
        "due_date": update.due_date.isoformat() if update.due_date else None,
        "currency": update.currency,
        "net_amount": _text(update.net_amount),
        "vat_amount": _text(update.vat_amount),
        "gross_amount": _text(update.gross_amount),
        "paid_amount": _text(update.paid_amount),
        "message": update.message,
    }


def _text(value) -> str | None:
    return None if value is None else str(value)


def open_problems() -> list[ErpUpdateProblem]:
    """Parked updates no operator has resolved yet, oldest first."""
    return list(
        db.session.scalars(
            select(ErpUpdateProblem)
            .where(ErpUpdateProblem.resolved_at.is_(None))
            .order_by(ErpUpdateProblem.id)
        )
    )


class ProblemNotFound(Exception):
    """No parked update with this id."""


class ProblemHandledAlready(Exception):
    """Somebody marked the parked update handled (or a replay resolved it) already."""


def problems_for_operators(limit: int = 500) -> list[ErpUpdateProblem]:
    """Parked updates for the back office: open ones first, then the latest handled."""
    return list(
        db.session.scalars(
            select(ErpUpdateProblem)
            .options(selectinload(ErpUpdateProblem.resolved_by))
            .order_by(
                ErpUpdateProblem.resolved_at.is_not(None),
                ErpUpdateProblem.resolved_at.desc(),
                ErpUpdateProblem.id,
            )
            .limit(limit)
        )
    )


def mark_problem_handled(
    problem_id: int, staff: StaffMember, note: str, now: datetime
) -> ErpUpdateProblem:
    """An operator dealt with a parked update (by hand, in the ERP or the shop): it counts as
    resolved from now on, with who and why; audited."""
    query = select(ErpUpdateProblem).where(ErpUpdateProblem.id == problem_id)
    if db.engine.dialect.name == "postgresql":
        # Two operators at once: the second waits, then finds it handled.
        query = query.with_for_update()
    with unit_of_work():
        problem = db.session.scalar(query.execution_options(populate_existing=True))
        if problem is None:
            raise ProblemNotFound()
        if problem.resolved_at is not None:
            raise ProblemHandledAlready()
        problem.resolved_at = now
        problem.resolved_by_id = staff.id
        problem.resolution_note = note.strip()
        record_action(
            staff, StaffAction.ERP_UPDATE_HANDLED, now, "erp_update", problem.id, note.strip()
        )
    return problem
