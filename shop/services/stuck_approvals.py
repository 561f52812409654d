"""Approvals stuck with the customer (§12): waiting too long, or nobody able to decide them.

Read only: the routing's explanation comes from approval_routing, as the customer center
shows it.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from shop.domain.orders import OrderStatus
from shop.extensions import db
from shop.models import Order
from shop.services.approval_routing import RoutedApprover, decider_ids_today, deciders_of

# The page lists at most this many, oldest first.
LIMIT = 200


@dataclass(frozen=True)
class StuckApproval:
    order: Order
    waiting: timedelta
    deciders: list[RoutedApprover]
    nobody_can_decide: bool


def stuck_approvals(now: datetime, days: int) -> list[StuckApproval]:
    """Orders waiting for approval for `days` or more, or that nobody can decide today."""
    today = now.date()
    limit = now - timedelta(days=days)
    orders = db.session.scalars(
        select(Order)
        .where(Order.status == OrderStatus.AWAITING_APPROVAL.value)
        .options(selectinload(Order.user))
        .order_by(Order.awaiting_since, Order.id)
    )
    found = []
    for order in orders:
        since = order.awaiting_since or order.created_at
        nobody = not decider_ids_today(order, today)
        if since > limit and not nobody:
            continue
        found.append(StuckApproval(order, now - since, deciders_of(order, today), nobody))
        if len(found) >= LIMIT:
            break
    return found
