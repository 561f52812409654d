"""Order vocabulary: states, payment and delivery methods."""

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
