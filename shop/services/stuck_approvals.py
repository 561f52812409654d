"""Approvals stuck with the customer (§12): waiting too long, or nobody able to decide them.

Read only: the routing's explanation comes from approval_routing, as the customer center
shows it.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from shop.domain.orders import OrderStatus
from shop.domain.routing import deciders_today
from shop.extensions import db
from shop.models import Order, User
from shop.services.approval_routing import (
    RoutedApprover,
    RoutingSnapshot,
    deciders_of,
    routing_snapshot,
)

# The page explains at most this many, oldest first (each explanation reads the routing).
LIMIT = 50


@dataclass(frozen=True)
class StuckApproval:
    order: Order
    waiting: timedelta
    deciders: list[RoutedApprover]
    nobody_can_decide: bool


@dataclass(frozen=True)
class StuckApprovals:
    shown: list[StuckApproval]
    total: int


def stuck_approvals(now: datetime, days: int, limit: int = LIMIT) -> StuckApprovals:
    """Orders waiting for approval for `days` or more, or that nobody can decide today; the
    oldest `limit` of them with who can decide and why."""
    today = now.date()
    oldest_allowed = now - timedelta(days=days)
    # Plain rows, not ORM objects: a company may have thousands of orders waiting.
    rows = db.session.execute(
        select(Order.id, Order.company_id, Order.user_id, Order.awaiting_since, Order.created_at)
        .where(Order.status == OrderStatus.AWAITING_APPROVAL.value)
        .order_by(Order.awaiting_since, Order.id)
    ).all()
    # Who may decide depends on the company and the orderer only: read each company's
    # routing once (as the customer center's overview does) and route each orderer once.
    snapshots: dict[int, RoutingSnapshot] = {}
    deciders_by_orderer: dict[tuple[int, int], frozenset[int]] = {}
    stuck: list[tuple[int, datetime, bool]] = []
    for order_id, company_id, user_id, awaiting_since, created_at in rows:
        since = awaiting_since or created_at
        pair = (company_id, user_id)
        if pair not in deciders_by_orderer:
            if company_id not in snapshots:
                snapshots[company_id] = routing_snapshot(company_id, today)
            inputs = snapshots[company_id].inputs_for(user_id)
            deciders_by_orderer[pair] = deciders_today(**inputs.as_kwargs())
        nobody = not deciders_by_orderer[pair]
        if since <= oldest_allowed or nobody:
            stuck.append((order_id, since, nobody))
    shown = stuck[:limit]
    orders = {
        order.id: order
        for order in db.session.scalars(
            select(Order)
            .where(Order.id.in_([order_id for order_id, _, _ in shown]))
            .options(selectinload(Order.user).selectinload(User.company))
        )
    }
    return StuckApprovals(
        [
            StuckApproval(
                orders[order_id], now - since, deciders_of(orders[order_id], today), nobody
            )
            for order_id, since, nobody in shown
        ],
        len(stuck),
    )
