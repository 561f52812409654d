"""Orders written in bulk, past the checkout: thousands of them in seconds, for the
benchmarks and the SQL-bounds test.

Each order has one line (100 × 1.50 net, 19 % VAT). The first `waiting` orders await
approval, routed to one company approver; the `placed` ones after them are placed. The
newest order comes first: order i was created i minutes ago. Nothing is committed.
"""

from collections.abc import Sequence
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import insert

from shop.domain.orders import OrderStatus
from shop.extensions import db
from shop.models import Order, OrderApprover, OrderLine, Product
from shop.models.clock import utcnow
from shop.services.prices import shop_currency

BATCH = 2_000
# What a waiting order exceeded, as place_order stores it.
ORDER_VALUE_EXCEEDED = [
    {"limit": "order_value", "allowed": "100.00", "actual": "150.00", "excess": "50.00"}
]


def insert_orders(
    company_id: int,
    buyer_ids: Sequence[int],
    approver_id: int,
    *,
    waiting: int,
    placed: int,
    prefix: str,
    product: Product | None = None,
    exceeded: list[dict] | None = None,
) -> None:
    """`waiting` orders awaiting the approver's decision, then `placed` placed ones, of the
    buyers in turn; `prefix` makes their numbers and checkout tokens unique."""
    now = utcnow()
    total = waiting + placed
    for start in range(0, total, BATCH):
        indexes = range(start, min(start + BATCH, total))
        orders = [
            _order(company_id, buyer_ids[i % len(buyer_ids)], i, i < waiting, prefix, exceeded, now)
            for i in indexes
        ]
        ids = db.session.scalars(
            insert(Order).returning(Order.id, sort_by_parameter_order=True), orders
        ).all()
        db.session.execute(insert(OrderLine), [_line(order_id, product) for order_id in ids])
        routed = [
            {
                "order_id": order_id,
                "approver_id": approver_id,
                "reason": _company_approver(approver_id, order["user_id"]),
            }
            for order_id, order, index in zip(ids, orders, indexes, strict=True)
            if index < waiting
        ]
        if routed:
            db.session.execute(insert(OrderApprover), routed)


def _order(company_id, buyer_id, index, waiting, prefix, exceeded, now) -> dict:
    return {
        "number": f"{prefix}-{index:09d}",
        "company_id": company_id,
        "user_id": buyer_id,
        "status": (OrderStatus.AWAITING_APPROVAL if waiting else OrderStatus.PLACED).value,
        "currency": shop_currency(),
        "total_net": Decimal("150.00"),
        "total_vat": Decimal("28.50"),
        "total_gross": Decimal("178.50"),
        "delivery_name": "Werk 1",
        "delivery_street": "Werkstraße 1",
        "delivery_postal_code": "10115",
        "delivery_city": "Berlin",
        "delivery_country": "DE",
        "payment_method": "invoice",
        "delivery_method": "standard",
        "customer_reference": "",
        "comment": "",
        "checkout_token": f"{prefix}-{index}",
        "version": 1,
        "budget_exceedances": (exceeded or []) if waiting else [],
        "awaiting_since": now - timedelta(minutes=index) if waiting else None,
        "created_at": now - timedelta(minutes=index),
    }


def _line(order_id: int, product: Product | None) -> dict:
    return {
        "order_id": order_id,
        "position": 1,
        "product_id": product.id if product else None,
        "sku": product.sku if product else "BENCH-1",
        "name_en": product.name_en if product else "Bench bolt",
        "name_de": product.name_de if product else "Bench-Schraube",
        "quantity": 100,
        "unit_price": Decimal("1.50"),
        "vat_rate": Decimal("19.00"),
        "line_net": Decimal("150.00"),
    }


def _company_approver(approver_id: int, orderer_id: int) -> dict:
    """The routing reason as approval_routing stores it: the company's approver."""
    return {
        "kind": "company_approver",
        "approver_id": approver_id,
        "orderer_id": orderer_id,
        "deputy_for_id": None,
        "deputy_for_kind": None,
        "absent_until": None,
        "via_ids": [],
        "names": {},
    }
