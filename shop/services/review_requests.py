"""Review requests (§8): some days after delivery, the orderer is thanked and asked for a
review, once per order, unless their company opted out.

`queue_review_requests` runs in the worker; it marks each order it queues a mail for
(orders.review_requested_at), so a second run, or a second worker, sends none again.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, select

from shop.domain.orders import OrderStatus
from shop.extensions import db
from shop.models import Company, Order, OrderEventRecord, Product, User
from shop.services.unit_of_work import unit_of_work


@dataclass(frozen=True)
class ReviewLink:
    """Where to review: one product (named) or the shop in general (name empty)."""

    name: str
    url: str


def review_links(order: Order, general_url: str, locale: str = "en") -> list[ReviewLink]:
    """The products' own review links (named in `locale`), or else the general one (empty:
    nothing to link)."""
    product_ids = [line.product_id for line in order.lines if line.product_id is not None]
    products = (
        db.session.scalars(
            select(Product)
            .where(Product.id.in_(product_ids), Product.review_url.is_not(None))
            .order_by(Product.id)
        )
        if product_ids
        else []
    )
    links = [
        ReviewLink(p.name_de if locale == "de" else p.name_en, p.review_url)
        for p in products
        if p.review_url.strip()
    ]
    if links:
        return links
    return [ReviewLink("", general_url)] if general_url.strip() else []


def _due_orders(delivered_before: datetime) -> list[Order]:
    delivered_at = (
        select(func.max(OrderEventRecord.at))
        .where(
            OrderEventRecord.order_id == Order.id,
            OrderEventRecord.to_status == OrderStatus.DELIVERED.value,
        )
        .scalar_subquery()
    )
    return list(
        db.session.scalars(
            select(Order)
            .join(User, User.id == Order.user_id)
            .join(Company, Company.id == User.company_id)
            .where(
                Order.status == OrderStatus.DELIVERED.value,
                Order.review_requested_at.is_(None),
                Company.review_requests_opt_out.is_(False),
                delivered_at <= delivered_before,
            )
            .order_by(Order.id)
            .with_for_update(skip_locked=True, of=Order)
        )
    )


def queue_review_requests(now: datetime) -> int:
    """Queue the review request of every order delivered at least REVIEW_REQUEST_DAYS ago
    that has none yet; returns how many were queued."""
    # Imported here: order_mails renders the links with this module.
    from shop.services.order_mails import REVIEW_REQUEST, queue_order_mail

    config = current_app.config
    delivered_before = now - timedelta(days=config["REVIEW_REQUEST_DAYS"])
    queued = 0
    with unit_of_work():
        for order in _due_orders(delivered_before):
            # Marked even without a link: a link configured later must not mail old orders.
            order.review_requested_at = now
            if review_links(order, config["REVIEW_URL"]):
                queue_order_mail(REVIEW_REQUEST, order.user, order)
                queued += 1
    return queued
