"""Mails of the approval workflow (§6), each in its recipient's language, with a direct link.

Mails go out after the decision is committed: a mail server that is down is logged and never
undoes or loses a decision. Reminders to approvers are noted in the order's history, so each
is sent once per APPROVAL_REMINDER_HOURS even when two runs of the command overlap.
"""

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, select

from shop.domain.orders import OrderStatus
from shop.extensions import db
from shop.mail import MailNotSent, send_mail
from shop.models import Order, OrderEventRecord, User
from shop.services.order_history import HistoryNote, record_event
from shop.services.unit_of_work import unit_of_work

log = logging.getLogger(__name__)


def _link(path: str) -> str:
    return current_app.config["PUBLIC_URL"].rstrip("/") + path


def approval_link(order: Order) -> str:
    return _link(f"/customer-center/approvals/{order.number}")


def order_link(order: Order) -> str:
    return _link(f"/orders/{order.number}")


def _send(user: User, event: str, **context) -> bool:
    # The mails word reasons and limits with the template globals (shop.web.templating).
    try:
        send_mail(user.email, event, user.locale, user=user, **context)
    except MailNotSent as error:
        # The decision is committed already; the order page still shows everything.
        log.error("mail %s to user %s not sent: %s", event, user.id, error)
        return False
    return True


def _approvers(approvers: Iterable) -> list[tuple[User, dict]]:
    approvers = list(approvers)
    users = {
        u.id: u
        for u in db.session.scalars(select(User).where(User.id.in_([a.id for a in approvers])))
    }
    return [(users[a.id], a.reason) for a in approvers if a.id in users]


def _approval_requested(order: Order, approvers: Iterable, resubmitted: bool = False) -> None:
    for approver, reason in _approvers(approvers):
        _send(
            approver,
            "approval_requested",
            order=order,
            orderer=order.user,
            reason=reason,
            resubmitted=resubmitted,
            link=approval_link(order),
        )


def orders_rerouted(rerouted: Iterable) -> None:
    """Tell the approvers who got waiting orders by re-routing (#14), as at submission."""
    for entry in rerouted:
        if entry.new_approvers:
            _approval_requested(db.session.get(Order, entry.order_id), entry.new_approvers)


def order_submitted(order: Order, approvers: list, resubmitted: bool = False) -> None:
    """Tell the approvers an order waits for them, and the orderer by whom (§6)."""
    _approval_requested(order, approvers, resubmitted)
    _send(
        order.user,
        "order_awaiting_approval",
        order=order,
        approvers=approvers,
        resubmitted=resubmitted,
        link=order_link(order),
    )


def order_approved(order: Order, approver: User, comment: str) -> None:
    _decision(order, approver, comment, "order_approved")


def order_rejected(order: Order, approver: User, comment: str) -> None:
    _decision(order, approver, comment, "order_rejected")


def _decision(order: Order, approver: User, comment: str, event: str) -> None:
    """Tell the orderer what the approver decided, with the comment and a link."""
    _send(
        order.user, event, order=order, approver=approver, comment=comment, link=order_link(order)
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
            # Noted first, in this transaction: an overlapping run finds it and skips the order.
            record_event(order, HistoryNote.REMINDER, None, order.status, order.status, now)
        numbers = [order.number for order in orders]
    for number in numbers:
        order = db.session.scalar(select(Order).where(Order.number == number))
        for approver, reason in _approvers(deciders_of(order, now.date())):
            _send(
                approver,
                "approval_reminder",
                order=order,
                orderer=order.user,
                reason=reason,
                link=approval_link(order),
            )
    return len(numbers)
