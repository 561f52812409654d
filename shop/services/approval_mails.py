"""Mails of the approval workflow (§6), each in its recipient's language, with a direct link.

They are queued through the outbox in the unit of work of the decision, submission or
re-routing they announce (shop/services/mail_outbox.py), under the order's key so that an
order's mails go out in the order of their causes: a rolled-back decision mails nothing, and
a mail server that is down never undoes or loses a decision. Reminders to approvers are noted
in the order's history, so each is sent once per APPROVAL_REMINDER_HOURS even when two runs of
the command overlap.
"""

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from email.message import EmailMessage

from sqlalchemy import func, select

from shop.domain.approvals import OrderEvent
from shop.domain.orders import OrderStatus
from shop.extensions import db
from shop.mail import compose_mail
from shop.models import Order, OrderEventRecord, User
from shop.services.mail_outbox import MailObsolete, queue_mail
from shop.services.order_history import HistoryNote, record_event
from shop.services.order_mails import approval_link, order_link, order_mail_key, queued_order
from shop.services.unit_of_work import unit_of_work

APPROVAL_REQUESTED = "approval_requested"
ORDER_AWAITING_APPROVAL = "order_awaiting_approval"
ORDER_APPROVED = "order_approved"
ORDER_REJECTED = "order_rejected"
APPROVAL_REMINDER = "approval_reminder"


def _queue(event: str, recipient: User, order: Order, **data) -> None:
    queue_mail(event, recipient, order_mail_key(order), order_number=order.number, **data)


def _approvers(approvers: Iterable) -> list[tuple[User, dict]]:
    approvers = list(approvers)
    users = {
        u.id: u
        for u in db.session.scalars(select(User).where(User.id.in_([a.id for a in approvers])))
    }
    return [(users[a.id], a.reason) for a in approvers if a.id in users]


def _approval_requested(order: Order, approvers: Iterable, resubmitted: bool = False) -> None:
    for approver, reason in _approvers(approvers):
        _queue(APPROVAL_REQUESTED, approver, order, reason=reason, resubmitted=resubmitted)


def orders_rerouted(rerouted: Iterable) -> None:
    """Tell the approvers who got waiting orders by re-routing (#14), as at submission (in the
    caller's unit of work)."""
    for entry in rerouted:
        if entry.new_approvers:
            _approval_requested(db.session.get(Order, entry.order_id), entry.new_approvers)


def order_submitted(order: Order, approvers: list, resubmitted: bool = False) -> None:
    """Tell the approvers an order waits for them, and the orderer by whom (§6), in the
    caller's unit of work."""
    _approval_requested(order, approvers, resubmitted)
    # The names and reasons as routed now: the orderer is told whom it was sent to.
    routed = [{"id": a.id, "name": a.name, "reason": a.reason} for a in approvers]
    _queue(ORDER_AWAITING_APPROVAL, order.user, order, approvers=routed, resubmitted=resubmitted)


def decision_made(order: Order, record: OrderEventRecord) -> None:
    """Tell the orderer what the approver decided (the history entry `record`), with the
    comment and a link, in the caller's unit of work."""
    event = {OrderEvent.APPROVE: ORDER_APPROVED, OrderEvent.REJECT: ORDER_REJECTED}[
        OrderEvent(record.event)
    ]
    db.session.flush()  # the record's id names it in the mail's entry
    _queue(event, order.user, order, event_id=record.id)


def compose_approval_mail(payload: Mapping, recipient: User) -> EmailMessage:
    """An approval mail from today's order; MailObsolete when the order or decision is gone."""
    event = payload["event"]
    order = queued_order(payload)
    context: dict = {"order": order, "user": recipient}
    if event in (APPROVAL_REQUESTED, APPROVAL_REMINDER):
        context.update(orderer=order.user, reason=payload["reason"], link=approval_link(order))
        if event == APPROVAL_REQUESTED:
            context["resubmitted"] = payload["resubmitted"]
    elif event == ORDER_AWAITING_APPROVAL:
        context.update(
            approvers=payload["approvers"],
            resubmitted=payload["resubmitted"],
            link=order_link(order),
        )
    else:
        record = db.session.get(OrderEventRecord, payload["event_id"])
        approver = None if record is None else db.session.get(User, record.actor_id)
        if approver is None:
            raise MailObsolete(f"decision {payload['event_id']} or its approver no longer exists")
        context.update(approver=approver, comment=record.comment, link=order_link(order))
    # The mails word reasons and limits with the template globals (shop.web.templating).
    return compose_mail(payload["to"], event, payload["locale"], **context)


COMPOSERS = dict.fromkeys(
    (
        APPROVAL_REQUESTED,
        ORDER_AWAITING_APPROVAL,
        ORDER_APPROVED,
        ORDER_REJECTED,
        APPROVAL_REMINDER,
    ),
    compose_approval_mail,
)


def send_reminders(now: datetime, hours: float) -> int:
    """Remind the approvers of orders waiting longer than `hours` since the last mail."""
    from shop.services.approval_routing import deciders_of

    due_before = now - timedelta(hours=hours)
    last_reminder = (
        select(func.max(OrderEventRecord.at))
        .where(
            OrderEventRecord.order_id == Order.id, OrderEventRecord.event == HistoryNote.REMINDER
        )
        .scalar_subquery()
    )
    query = select(Order).where(
        Order.status == OrderStatus.AWAITING_APPROVAL.value,
        Order.awaiting_since <= due_before,
        func.coalesce(last_reminder, Order.awaiting_since) <= due_before,
    )
    if db.engine.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True, of=Order)
    with unit_of_work():
        orders = db.session.scalars(query.order_by(Order.awaiting_since, Order.id)).all()
        for order in orders:
            # Noted in the transaction that queues the mails: an overlapping run finds the note
            # and skips the order.
            record_event(order, HistoryNote.REMINDER, None, order.status, order.status, now)
            for approver, reason in _approvers(deciders_of(order, now.date())):
                _queue(APPROVAL_REMINDER, approver, order, reason=reason)
    return len(orders)
