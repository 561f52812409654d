"""Order reads, always scoped to the logged-in user's company: others' orders are a 404."""

from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from shop.catalog.queries import Page
from shop.domain.rights import Right
from shop.extensions import db
from shop.models import Order


def _visible():
    """Company orders for controllers and main contacts, else the user's own (§6)."""
    if current_user.can(Right.SEE_COMPANY_ORDERS):
        return (Order.company_id == current_user.company_id,)
    return (Order.company_id == current_user.company_id, Order.user_id == current_user.id)


def own_order(number: str) -> Order | None:
    return db.session.scalar(
        select(Order).where(Order.number == number, *_visible()).options(selectinload(Order.lines))
    )


def orders_page(page: int, page_size: int) -> Page:
    total = db.session.scalar(select(func.count(Order.id)).where(*_visible()))
    items = db.session.scalars(
        select(Order)
        .where(*_visible())
        .order_by(Order.created_at.desc(), Order.id.desc())
        .limit(page_size)
        .offset((page - 1) * page_size)
    ).all()
    return Page(list(items), total, page, page_size)
