"""Order vocabulary: states, payment and delivery methods."""

from collections.abc import Iterable
from enum import StrEnum


class OrderStatus(StrEnum):
    # §6: the approval part of the life cycle is built out in the approval issue.
    AWAITING_APPROVAL = "awaiting_approval"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    PLACED = "placed"
    TRANSMITTED = "transmitted"
    CONFIRMED = "confirmed"
    PAID = "paid"
    SHIPPED = "shipped"
    INVOICED = "invoiced"
    DELIVERED = "delivered"
    ON_HOLD = "on_hold"
    # §12: the back office cancelled an order held for review.
    CANCELLED = "cancelled"


class PaymentMethod(StrEnum):
    INVOICE = "invoice"
    PREPAYMENT = "prepayment"
    DIRECT_DEBIT = "direct_debit"


class DeliveryMethod(StrEnum):
    STANDARD = "standard"
    EXPRESS = "express"
    PICKUP = "pickup"


def payment_methods_offered(
    allowed_by_erp: Iterable[str] | None, kept: str | None = None
) -> frozenset[str]:
    """The payment methods an order may use: those the ERP allows the customer (on account
    when it names none, §9), plus `kept`, the one the order has already (an approver who
    changes the order may keep it even if the ERP no longer offers it)."""
    offered = set(allowed_by_erp or ()) or {PaymentMethod.INVOICE.value}
    if kept is not None:
        offered.add(kept)
    return frozenset(offered)
