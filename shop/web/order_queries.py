"""Order reads, always scoped to the logged-in user's company: others' orders are a 404."""

from datetime import date

from flask_login import current_user
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from shop.domain.orders import OrderStatus
from shop.domain.rights import Right
from shop.extensions import db
from shop.models import Order, User
from shop.models.clock import utcnow
from shop.services.approval_routing import routed_to_condition
from shop.services.pagination import Page, paginate


def _today() -> date:
    return utcnow().date()


def _visible():
    """Company orders for controllers and main contacts, else the user's own and, for
    approvers, those routed to them (§6: an approver sees the orders they decide on)."""
    if current_user.can(Right.SEE_COMPANY_ORDERS):
        return (Order.company_id == current_user.company_id,)
    own = Order.user_id == current_user.id
    if current_user.can(Right.DECIDE_APPROVALS):
        own = or_(own, routed_to_condition(current_user.id, _today()))
    return (Order.company_id == current_user.company_id, own)


def own_order(number: str) -> Order | None:
    return db.session.scalar(
        select(Order).where(Order.number == number, *_visible()).options(selectinload(Order.lines))
    )


def company_order(number: str) -> Order | None:
    """An order of the user's company, whoever may see it; the approval pages let in only
    those who may open it (customer_center.approvals.approvable_order_or_404)."""
    return db.session.scalar(
        select(Order)
        .where(Order.number == number, Order.company_id == current_user.company_id)
        .options(selectinload(Order.lines))
    )


def orders_page(page: int, page_size: int) -> Page:
    return paginate(
        select(Order).where(*_visible()).order_by(Order.created_at.desc(), Order.id.desc()),
        page,
        page_size,
        count=select(func.count(Order.id)).where(*_visible()),
    )


def approval_inbox(page: int, page_size: int) -> Page:
    """Orders waiting for the current user's decision (or their absent colleagues'), oldest
    first; items are (order, orderer name)."""
    conditions = (
        Order.company_id == current_user.company_id,
        Order.status == OrderStatus.AWAITING_APPROVAL.value,
        routed_to_condition(current_user.id, _today()),
    )
    # Page the narrow (id, age) rows first, then load the page's orders: a late page sorts
    # 10,000 ids in memory instead of 10,000 whole orders (bench/approvals.py).
    ids = paginate(
        select(Order.id).where(*conditions).order_by(Order.awaiting_since, Order.id),
        page,
        page_size,
        count=select(func.count(Order.id)).where(*conditions),
    )
    items = db.session.execute(
        select(Order, User.name)
        .join(User, User.id == Order.user_id)
        .where(Order.id.in_(ids.items))
        .order_by(Order.awaiting_since, Order.id)
    ).all()
    return ids.with_items(tuple(row) for row in items)
