"""The order's history and budget facts worded for pages and mails, in the reader's language.

The labels of states, events, methods and limits come from shop.web.labels; this module
composes them into sentences.

Templates get ready sentences from here (events, diffs, exceeded limits, refusals), so they
show decisions and never compute them.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from flask_babel import format_decimal, get_locale
from flask_babel import gettext as _

from shop.domain.approvals import TRANSITIONS, ActorKind, InvalidTransition, OrderEvent
from shop.domain.budgets import Exceedance, Limit
from shop.models import OrderEventRecord
from shop.services.prices import shop_currency
from shop.web import date_formats
from shop.web.labels import (
    delivery_label,
    event_label,
    limit_label,
    park_reason_label,
    payment_label,
    status_label,
    update_kind_label,
)
from shop.web.labels.routing import describe_reroute
from shop.web.number_formats import format_money


def _money(amount: Decimal | str, currency: str) -> str:
    return format_money(Decimal(str(amount)), currency)


def _name(data: Mapping) -> str:
    language = get_locale().language if get_locale() else "en"
    return data.get(f"name_{language}") or data.get("name_en") or data.get("sku", "")


def change_lines(changes: Mapping) -> list[str]:
    """One sentence per change: line quantity, removed line, address, methods, total; or why
    the order was routed again."""
    if "reroute" in changes:
        return [describe_reroute(changes["reroute"])]
    if "parked_update" in changes:
        parked = changes["parked_update"]
        return [
            _(
                "The warehouse reported %(update)s that could not be applied: %(reason)s.",
                update=update_kind_label(parked["kind"]),
                reason=park_reason_label(parked["reason"]),
            )
        ]
    lines = [
        _(
            "%(product)s (%(sku)s): quantity %(old)s → %(new)s",
            product=_name(c),
            sku=c["sku"],
            old=format_decimal(c["old"]),
            new=format_decimal(c["new"]),
        )
        for c in changes.get("lines", ())
    ]
    lines += [
        _(
            "%(product)s (%(sku)s): removed (was %(quantity)s)",
            product=_name(c),
            sku=c["sku"],
            quantity=format_decimal(c["quantity"]),
        )
        for c in changes.get("removed", ())
    ]
    if "address" in changes:
        lines.append(
            _(
                "Delivery address: %(old)s → %(new)s",
                old=changes["address"]["old"],
                new=changes["address"]["new"],
            )
        )
    if "payment_method" in changes:
        lines.append(
            _(
                "Payment method: %(old)s → %(new)s",
                old=payment_label(changes["payment_method"]["old"]),
                new=payment_label(changes["payment_method"]["new"]),
            )
        )
    if "delivery_method" in changes:
        lines.append(
            _(
                "Delivery method: %(old)s → %(new)s",
                old=delivery_label(changes["delivery_method"]["old"]),
                new=delivery_label(changes["delivery_method"]["new"]),
            )
        )
    if "total_net" in changes:
        total = changes["total_net"]
        currency = total.get("currency") or shop_currency()
        lines.append(
            _(
                "Net total: %(old)s → %(new)s",
                old=_money(total["old"], currency),
                new=_money(total["new"], currency),
            )
        )
    return lines


@dataclass(frozen=True)
class ConversationEntry:
    at: datetime
    actor: str
    event: str
    label: str
    status_change: str  # "" when the state stayed
    comment: str
    changes: list[str]


# §12: made by the back office's staff, who are no users of the customer's company.
_STAFF_EVENTS = {OrderEvent.RELEASE.value, OrderEvent.CANCEL.value}


def _actor_of(record: OrderEventRecord) -> str:
    if record.actor_id is not None:
        return record.actor_label
    if record.event in _STAFF_EVENTS:
        return _("Customer service")
    return _("Automatic order processing")


def conversation(history: Iterable[OrderEventRecord]) -> list[ConversationEntry]:
    """The order's history, oldest first, as the order pages show it."""
    entries = []
    for record in history:
        status_change = ""
        if record.from_status and record.from_status != record.to_status:
            status_change = f"{status_label(record.from_status)} → {status_label(record.to_status)}"
        elif not record.from_status:
            status_change = status_label(record.to_status)
        entries.append(
            ConversationEntry(
                at=record.at,
                actor=_actor_of(record),
                event=record.event,
                label=event_label(record.event),
                status_change=status_change,
                comment=record.comment,
                changes=change_lines(record.changes or {}),
            )
        )
    return entries


@dataclass(frozen=True)
class ExceedanceRow:
    limit: str
    allowed: str
    actual: str
    excess: str


def exceedance_rows(
    exceedances: Iterable[Exceedance | Mapping], currency: str
) -> list[ExceedanceRow]:
    """Exceeded limits (domain objects or their stored JSON) with formatted amounts."""
    rows = []
    for e in exceedances:
        if isinstance(e, Mapping):
            limit, allowed, actual, excess = e["limit"], e["allowed"], e["actual"], e["excess"]
        else:
            limit, allowed, actual, excess = e.limit, e.allowed, e.actual, e.excess
        limit = Limit(limit)
        if limit == Limit.QUANTITY_PER_ORDER:
            values = [format_decimal(int(v)) for v in (allowed, actual, excess)]
        else:
            values = [_money(v, currency) for v in (allowed, actual, excess)]
        rows.append(ExceedanceRow(limit_label(limit), *values))
    return rows


def refusal_message(error: InvalidTransition) -> str:
    """Why an action on an order is refused, in plain words for the user."""
    transition = TRANSITIONS.get((error.state, error.event))
    if transition is None:
        if error.state is None:
            return _("This is not possible for this order.")
        return _(
            "This is not possible any more: the order is now “%(status)s”.",
            status=status_label(error.state),
        )
    if error.actor not in transition.actors:
        if error.actor == ActorKind.ORDERER and error.event in (
            OrderEvent.APPROVE,
            OrderEvent.REJECT,
            OrderEvent.CHANGE,
        ):
            return _("Nobody can approve, reject or change their own order.")
        if ActorKind.ORDERER in transition.actors:
            return _("Only the person who placed the order can do this.")
        return _("Only an approver this order is routed to can do this.")
    if transition.requires_comment:
        return _("Please write a comment: the orderer needs to know why.")
    return _("This is not possible for this order.")


def stale_message(record: OrderEventRecord | None) -> str:
    """Someone acted on the order first: who, what and when (§6)."""
    if record is None:
        return _("The order was changed in the meantime. Please check it and try again.")
    values = {
        "name": record.actor_label
        if record.actor_id is not None
        else _("Automatic order processing"),
        "time": date_formats.format_datetime(record.at),
    }
    messages = {
        OrderEvent.APPROVE.value: _("This order was already approved by %(name)s at %(time)s."),
        OrderEvent.REJECT.value: _("This order was already rejected by %(name)s at %(time)s."),
        OrderEvent.WITHDRAW.value: _("This order was withdrawn by %(name)s at %(time)s."),
        OrderEvent.CHANGE.value: _(
            "This order was changed by %(name)s at %(time)s. Please check the changes and "
            "try again."
        ),
        OrderEvent.RESUBMIT.value: _(
            "This order was sent back for approval by %(name)s at %(time)s. Please check it "
            "and try again."
        ),
    }
    default = _(
        "The order was changed by %(name)s at %(time)s. Please check it and try again.", **values
    )
    message = messages.get(record.event)
    return message % values if message else default
