"""What an ERP order update means for the order (§8), as plain rules.

An update of a kind moves the order through the one state machine (approvals.py) as the
system. A few updates change no state but are still recorded: a second parcel of a shipped
order, a payment of an invoiced on-account order, a second invoice. Anything else the
table does not allow is parked for an operator, never dropped.

Prepayment (§8): an order paid in advance does not ship before the ERP reports the payment;
once it has, the shop releases it to the ERP for shipment.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from urllib.parse import quote, urlsplit

from shop.domain.approvals import ActorKind, OrderEvent, can_apply
from shop.domain.orders import OrderStatus, PaymentMethod


class UpdateKind(StrEnum):
    """The kinds of GetOrderUpdates (the contract's UpdateKind)."""

    CONFIRMED = "confirmed"
    PAID = "paid"
    SHIPPED = "shipped"
    INVOICED = "invoiced"
    DELIVERED = "delivered"
    REJECTED = "rejected"


class UpdateOutcome(StrEnum):
    APPLIED = "applied"  # the order moved on, or the update's data was recorded
    PARKED = "parked"  # kept for an operator
    DUPLICATE = "duplicate"  # handled before: nothing changed, nothing recorded


class ParkReason(StrEnum):
    UNKNOWN_ORDER = "unknown_order"  # no order with that number in the shop
    NOT_ALLOWED = "not_allowed"  # the state machine does not allow it now
    NOT_PAID = "not_paid"  # shipped before the payment of a prepayment order
    UNKNOWN_KIND = "unknown_kind"  # a kind this shop does not know (newer contract)
    BEHIND_PARKED = "behind_parked"  # an earlier update of this order waits for an operator
    UNPROCESSABLE = "unprocessable"  # its data cannot be stored (e.g. an invoice number reused)


EVENT_OF_KIND: Mapping[UpdateKind, OrderEvent] = {
    UpdateKind.CONFIRMED: OrderEvent.CONFIRM,
    UpdateKind.PAID: OrderEvent.PAY,
    UpdateKind.SHIPPED: OrderEvent.SHIP,
    UpdateKind.INVOICED: OrderEvent.INVOICE,
    UpdateKind.DELIVERED: OrderEvent.DELIVER,
    # §8: an ERP rejection goes to manual review.
    UpdateKind.REJECTED: OrderEvent.HOLD,
}

# States in which an update is recorded without a transition: further parcels, partial or
# late payments (on-account orders are paid after the invoice), further invoices.
RECORD_ONLY_STATES: Mapping[UpdateKind, frozenset[OrderStatus]] = {
    UpdateKind.PAID: frozenset(
        {OrderStatus.PAID, OrderStatus.SHIPPED, OrderStatus.INVOICED, OrderStatus.DELIVERED}
    ),
    UpdateKind.SHIPPED: frozenset({OrderStatus.SHIPPED, OrderStatus.INVOICED}),
    UpdateKind.INVOICED: frozenset({OrderStatus.INVOICED, OrderStatus.DELIVERED}),
}


@dataclass(frozen=True)
class UpdatePlan:
    """What to do with one update: the events to apply in turn (none: record only), or park."""

    events: tuple[OrderEvent, ...] = ()
    park: ParkReason | None = None

    @property
    def parks(self) -> bool:
        return self.park is not None


def waits_for_payment(payment_method: str, state: OrderStatus) -> bool:
    """§8: a prepayment order not paid yet does not ship."""
    return payment_method == PaymentMethod.PREPAYMENT and state in (
        OrderStatus.PLACED,
        OrderStatus.TRANSMITTED,
        OrderStatus.CONFIRMED,
    )


def plan_update(
    kind: str,
    state: OrderStatus | None,
    payment_method: str,
    *,
    earlier_update_parked: bool = False,
) -> UpdatePlan:
    """What an update of `kind` does to an order in `state` (None: no such order)."""
    if state is None:
        return UpdatePlan(park=ParkReason.UNKNOWN_ORDER)
    try:
        update_kind = UpdateKind(kind)
    except ValueError:
        return UpdatePlan(park=ParkReason.UNKNOWN_KIND)
    if earlier_update_parked:
        # In order per order: applying a later update past a parked one would reorder them.
        return UpdatePlan(park=ParkReason.BEHIND_PARKED)
    if state in RECORD_ONLY_STATES.get(update_kind, ()):
        return UpdatePlan()
    event = EVENT_OF_KIND[update_kind]
    events: tuple[OrderEvent, ...] = (event,)
    if state == OrderStatus.PLACED and event != OrderEvent.HOLD:
        # An update from the ERP proves it has the order, even if the worker that sent it
        # has not recorded the answer yet (another worker's SubmitOrder still running).
        events = (OrderEvent.TRANSMIT, event)
        state = OrderStatus.TRANSMITTED
    if event == OrderEvent.SHIP and waits_for_payment(payment_method, state):
        return UpdatePlan(park=ParkReason.NOT_PAID)
    if not can_apply(state, event, ActorKind.SYSTEM):
        return UpdatePlan(park=ParkReason.NOT_ALLOWED)
    return UpdatePlan(events=events)


def can_hold(state: OrderStatus | None) -> bool:
    """Whether a parked update can put the order on hold in this state (some states, e.g.
    shipped, cannot be held: the goods are on their way)."""
    return state is not None and can_apply(state, OrderEvent.HOLD, ActorKind.SYSTEM)


def needs_release(payment_method: str, event: OrderEvent) -> bool:
    """§8: the payment of a prepayment order releases it to the ERP for shipment."""
    return payment_method == PaymentMethod.PREPAYMENT and event == OrderEvent.PAY


# -- payment status and tracking links, for the order pages ----------------------------------


class PaymentStatus(StrEnum):
    PAID = "paid"
    AWAITING_PREPAYMENT = "awaiting_prepayment"  # shipment waits for it
    INVOICE_DUE = "invoice_due"  # invoiced, not reported paid yet
    ON_ACCOUNT = "on_account"  # to be paid once invoiced


def payment_status(
    payment_method: str, state: OrderStatus, paid: bool, invoiced: bool
) -> PaymentStatus:
    """Where the order's payment stands."""
    if paid or state == OrderStatus.PAID:
        return PaymentStatus.PAID
    if payment_method == PaymentMethod.PREPAYMENT:
        return PaymentStatus.AWAITING_PREPAYMENT
    if invoiced:
        return PaymentStatus.INVOICE_DUE
    return PaymentStatus.ON_ACCOUNT


def is_overdue(due_date: date | None, today: date, paid: bool) -> bool:
    return due_date is not None and not paid and today > due_date


def parse_tracking_templates(text: str) -> dict[str, str]:
    """ "DHL=https://…{tracking}…;UPS=https://…" → {"dhl": "https://…{tracking}…", …}.

    Carriers compare without regard to case; entries without "=" or without {tracking}, and
    addresses that are not http(s), are left out rather than producing broken links.
    """
    templates = {}
    for entry in text.split(";"):
        carrier, separator, template = entry.partition("=")
        carrier, template = carrier.strip().lower(), template.strip()
        if separator and carrier and "{tracking}" in template and _is_web_address(template):
            templates[carrier] = template
    return templates


def tracking_link(
    carrier: str, tracking_number: str, erp_url: str, templates: Mapping[str, str]
) -> str:
    """The link to follow a parcel: the configured one for the carrier, else the ERP's.

    Empty when there is none fit for a link (an ERP URL that is not http(s), e.g.
    javascript:, is never offered).
    """
    template = templates.get(carrier.strip().lower())
    if template and tracking_number:
        return template.replace("{tracking}", quote(tracking_number, safe=""))
    return erp_url if _is_web_address(erp_url) else ""


def _is_web_address(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)
