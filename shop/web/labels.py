"""Translated display names for the domain's codes (order states, methods, units)."""

from flask_babel import lazy_gettext as _l

from shop.domain.orders import DeliveryMethod, OrderStatus, PaymentMethod

STATUS_LABELS = {
    OrderStatus.AWAITING_APPROVAL: _l("Awaiting approval"),
    OrderStatus.REJECTED: _l("Rejected"),
    OrderStatus.WITHDRAWN: _l("Withdrawn"),
    OrderStatus.PLACED: _l("Placed"),
    OrderStatus.TRANSMITTED: _l("Transmitted to our warehouse"),
    OrderStatus.CONFIRMED: _l("Confirmed"),
    OrderStatus.PAID: _l("Paid"),
    OrderStatus.SHIPPED: _l("Shipped"),
    OrderStatus.INVOICED: _l("Invoiced"),
    OrderStatus.DELIVERED: _l("Delivered"),
    OrderStatus.ON_HOLD: _l("On hold for review"),
}
PAYMENT_LABELS = {
    PaymentMethod.INVOICE: _l("On account (invoice)"),
    PaymentMethod.PREPAYMENT: _l("Prepayment"),
    PaymentMethod.DIRECT_DEBIT: _l("Direct debit"),
}
DELIVERY_LABELS = {
    DeliveryMethod.STANDARD: _l("Standard delivery (2–3 working days)"),
    DeliveryMethod.EXPRESS: _l("Express delivery (next working day)"),
    DeliveryMethod.PICKUP: _l("Pick-up at our warehouse"),
}
UNIT_LABELS = {
    "piece": _l("piece"),
    "pack": _l("pack"),
    "box": _l("box"),
    "metre": _l("metre"),
    "pair": _l("pair"),
    "litre": _l("litre"),
}


def _label(table: dict, code: str) -> str:
    return str(table.get(code, code))


def status_label(code: str) -> str:
    return _label(STATUS_LABELS, code)


def payment_label(code: str) -> str:
    return _label(PAYMENT_LABELS, code)


def delivery_label(code: str) -> str:
    return _label(DELIVERY_LABELS, code)


def unit_label(code: str) -> str:
    return _label(UNIT_LABELS, code)
