"""Deciding on orders over budget (§6): approve, reject, change; resubmit or withdraw.

Each use case owns one transaction. The order's state changes only through
approvals.apply_event, and only by a guarded UPDATE on the version the user's form was
rendered with (optimistic locking): of two approvers deciding at once, or of a double-click,
exactly one UPDATE matches; the other finds the newer version and is told who acted. On
approval the order goes to the outbox in the same transaction (exactly once to the ERP).
Mails go out after the commit and never undo a decision.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select, update

from shop.domain.approvals import ActorKind, OrderEvent, actor_kind, apply_event
from shop.domain.budgets import BudgetVerdict, check_budget, consumes_budget
from shop.domain.money import Money
from shop.domain.orders import OrderStatus
from shop.domain.pricing import PricedLine, compute_totals
from shop.domain.quick_order import MAX_QUANTITY
from shop.domain.routing import NoApproverAvailable
from shop.domain.stock import UNKNOWN, Availability, InsufficientStock, check_change
from shop.extensions import db
from shop.models import Order, OrderEventRecord, OrderLine, Product, User
from shop.services import approval_mails
from shop.services.approval_routing import (
    decider_ids_today,
    lock_routing,
    route_for,
    routed_approvers,
    store_routing,
)
from shop.services.budget_admin import user_budget
from shop.services.order_history import diff, last_decision, record_event, snapshot
from shop.services.place_order import DeliveryAddress, exceedances_as_json
from shop.services.prices import PriceMode
from shop.services.review import send_to_erp_or_hold
from shop.services.spend import month_spend_of
from shop.services.stock import stock_for
from shop.services.transactions import begin_write

__all__ = ["InsufficientStock", "NoApproverAvailable"]


class OrderNotFound(Exception):
    """No such order in the user's company."""


class StaleOrder(Exception):
    """Someone acted on the order since this form was shown; `record` says who and what."""

    def __init__(self, record: OrderEventRecord | None) -> None:
        super().__init__("the order was changed in the meantime")
        self.record = record


class InvalidChange(Exception):
    """A change that cannot be made: unknown line, quantity out of range, no line left."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # "no_lines" | "quantity" | "unknown_line" | "nothing_changed"


@dataclass(frozen=True)
class OrderChanges:
    """What an approver (or the orderer before resubmitting) changes; None keeps the value."""

    quantities: Mapping[int, int]  # line id -> new quantity; 0 removes the line
    address: DeliveryAddress | None = None
    payment_method: str | None = None
    delivery_method: str | None = None


NO_CHANGES = OrderChanges({})


@dataclass(frozen=True)
class Outcome:
    order: Order
    # True when this very action had already been done by the same user (a double-click).
    repeated: bool = False


def _actor(order: Order, user: User, now: datetime) -> ActorKind:
    # #14: who may decide is read again now, inside the deciding transaction, from today's
    # approvers, absences, users and rights; never from a routing frozen at submission.
    lock_routing(order.company_id, to_change=False)
    return actor_kind(user.id, order.user_id, decider_ids_today(order, now.date()))


def _load(order_id: int, user: User) -> Order:
    order = db.session.get(Order, order_id, populate_existing=True)
    if order is None or order.company_id != user.company_id:
        db.session.rollback()
        raise OrderNotFound()
    return order


def _transition(
    order_id: int,
    user: User,
    version: int,
    event: OrderEvent,
    comment: str,
    now: datetime,
    mutate: Callable[[Order], dict] | None = None,
    changes_first: OrderChanges = NO_CHANGES,
) -> tuple[Outcome, OrderStatus]:
    """Apply one event to the order on the given version, in one transaction.

    Returns the outcome and the state it came from; `mutate` changes the order after the
    guarded update (it holds the row) and returns the diff to record. `changes_first`: the
    approver's edits that travel with a decision, recorded as a change before it.
    """
    comment = comment.strip()
    # Stock is asked before the write transaction (an ERP call never holds the lock).
    stock = _stock_of_changed_lines(changes_first) if changes_first != NO_CHANGES else {}
    begin_write()
    order = _load(order_id, user)
    if order.version != version:
        record = last_decision(order.id)
        db.session.rollback()
        if (
            record is not None
            and record.actor_id == user.id
            and record.event == event.value
            and order.version == version + 1
        ):
            return Outcome(order, repeated=True), OrderStatus(record.from_status)
        raise StaleOrder(record)
    before = OrderStatus(order.status)
    try:
        actor = _actor(order, user, now)
        if changes_first != NO_CHANGES:
            apply_event(before, OrderEvent.CHANGE, actor)
        target = apply_event(before, event, actor, comment)
    except Exception:
        db.session.rollback()
        raise
    values = {"status": target.value, "version": version + 1}
    if target == OrderStatus.AWAITING_APPROVAL:
        values["awaiting_since"] = now
    elif before == OrderStatus.AWAITING_APPROVAL:
        values["awaiting_since"] = None
    # The guard: only the version the user saw may change (§6: exactly one decision counts).
    changed = db.session.execute(
        update(Order)
        .where(Order.id == order.id, Order.version == version)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if changed.rowcount != 1:
        db.session.rollback()
        raise StaleOrder(last_decision(order_id))
    db.session.refresh(order)
    try:
        if changes_first != NO_CHANGES:
            # #14: a decision is made on exactly what the approver saw, edits included.
            edited = _apply_changes(order, changes_first, stock, allow_unchanged=True)
            if edited:
                record_event(order, OrderEvent.CHANGE, user, before, before, now, changes=edited)
        changes = mutate(order) if mutate is not None else {}
    except Exception:
        db.session.rollback()
        raise
    record_event(order, event, user, before, target, now, comment=comment, changes=changes)
    return Outcome(order), before


def approve(
    order_id: int,
    approver: User,
    version: int,
    comment: str,
    now: datetime,
    changes: OrderChanges = NO_CHANGES,
) -> Outcome:
    """Approve the order with the approver's edits: it is PLACED and goes to the ERP through
    the outbox (exactly once)."""
    outcome, _ = _transition(
        order_id, approver, version, OrderEvent.APPROVE, comment, now, changes_first=changes
    )
    if outcome.repeated:
        return outcome
    order = outcome.order
    # In the decision's transaction: committed together, or not at all (§7); a person may
    # have to review it first (§8).
    send_to_erp_or_hold(order, now)
    db.session.commit()
    approval_mails.order_approved(order, approver, comment.strip())
    return outcome


def reject(
    order_id: int,
    approver: User,
    version: int,
    comment: str,
    now: datetime,
    changes: OrderChanges = NO_CHANGES,
) -> Outcome:
    """Reject with a comment (required), with the approver's edits: the orderer may change
    and resubmit, or withdraw."""
    outcome, _ = _transition(
        order_id, approver, version, OrderEvent.REJECT, comment, now, changes_first=changes
    )
    if outcome.repeated:
        return outcome
    db.session.commit()
    approval_mails.order_rejected(outcome.order, approver, comment.strip())
    return outcome


def withdraw(order_id: int, orderer: User, version: int, comment: str, now: datetime) -> Outcome:
    """The orderer takes back an order that waits for approval or was rejected."""
    outcome, _ = _transition(order_id, orderer, version, OrderEvent.WITHDRAW, comment, now)
    if not outcome.repeated:
        db.session.commit()
    return outcome


def _stock_of_changed_lines(changes: OrderChanges) -> dict[str, Availability]:
    """Stock of the products whose lines change, asked before the write transaction (§8).

    Fresh from the ERP, as at checkout: the order goes to the ERP on approval.
    """
    if not changes.quantities:
        return {}
    products = db.session.scalars(
        select(Product)
        .join(OrderLine, OrderLine.product_id == Product.id)
        .where(OrderLine.id.in_(changes.quantities))
    )
    return stock_for(products, PriceMode.FRESH)


def change(
    order_id: int,
    approver: User,
    version: int,
    changes: OrderChanges,
    now: datetime,
    comment: str = "",
) -> Outcome:
    """An approver changes lines, address or methods; the order keeps waiting for a decision.

    InsufficientStock when a raised quantity exceeds the product's stock (§8).
    """
    stock = _stock_of_changed_lines(changes)
    outcome, _ = _transition(
        order_id,
        approver,
        version,
        OrderEvent.CHANGE,
        comment,
        now,
        mutate=lambda order: _apply_changes(order, changes, stock),
    )
    if not outcome.repeated:
        db.session.commit()
    return outcome


def resubmit(
    order_id: int,
    orderer: User,
    version: int,
    changes: OrderChanges,
    comment: str,
    now: datetime,
) -> Outcome:
    """The orderer sends a rejected order back for approval, re-routed and re-checked."""
    routed: list = []
    stock = _stock_of_changed_lines(changes)

    def mutate(order: Order) -> dict:
        recorded = _apply_changes(order, changes, stock, allow_unchanged=True)
        today = now.date()
        spend = month_spend_of(order.user_id, order.company_id, today)
        verdict = check_budget(
            user_budget(order.user),
            sum(line.quantity for line in order.lines),
            order.total_net,
            spend,
        )
        order.budget_exceedances = exceedances_as_json(verdict)
        # §6: back to approval, routed again (absences and approvers may have changed).
        routing, names = route_for(order.company_id, order.user_id, today)
        routed.extend(routed_approvers(routing, names))
        store_routing(order, routed)
        return recorded

    outcome, _ = _transition(
        order_id, orderer, version, OrderEvent.RESUBMIT, comment, now, mutate=mutate
    )
    if outcome.repeated:
        return outcome
    db.session.commit()
    approval_mails.order_submitted(outcome.order, routed, resubmitted=True)
    return outcome


def budget_verdict_for_order(order: Order, today: date) -> BudgetVerdict:
    """The budget check of the order as it is now (shown again after every change)."""
    spend = month_spend_of(order.user_id, order.company_id, today)
    if consumes_budget(OrderStatus(order.status)):
        spend -= order.total_net
    quantity = sum(line.quantity for line in order.lines)
    return check_budget(user_budget(order.user), quantity, order.total_net, spend)


def _apply_changes(
    order: Order,
    changes: OrderChanges,
    stock: Mapping[str, Availability],
    allow_unchanged: bool = False,
) -> dict:
    """Change the order's lines and details in place, recompute totals; return the diff."""
    before = snapshot(order)
    by_id = {line.id: line for line in order.lines}
    for line_id, quantity in changes.quantities.items():
        if line_id not in by_id:
            raise InvalidChange("unknown_line")
        if not 0 <= quantity <= MAX_QUANTITY:
            raise InvalidChange("quantity")
    shortages = []
    for line_id, quantity in changes.quantities.items():
        line = by_id[line_id]
        shortage = check_change(line.sku, stock.get(line.sku, UNKNOWN), line.quantity, quantity)
        if shortage is not None:
            shortages.append(shortage)
    if shortages:
        raise InsufficientStock(shortages)
    if all(changes.quantities.get(line.id, line.quantity) == 0 for line in order.lines):
        raise InvalidChange("no_lines")
    for line_id, quantity in changes.quantities.items():
        line = by_id[line_id]
        if quantity == 0:
            order.lines.remove(line)
        else:
            line.quantity = quantity
            # Prices stay those frozen at order time (§6: the approver changes quantities).
            line.line_net = Money(line.unit_price, order.currency).times(quantity).rounded().amount
    if changes.address is not None:
        order.delivery_name = changes.address.name
        order.delivery_street = changes.address.street
        order.delivery_postal_code = changes.address.postal_code
        order.delivery_city = changes.address.city
        order.delivery_country = changes.address.country
    if changes.payment_method is not None:
        order.payment_method = changes.payment_method
    if changes.delivery_method is not None:
        order.delivery_method = changes.delivery_method
    totals = compute_totals(
        (
            PricedLine(
                line.sku,
                line.quantity,
                Money(line.unit_price, order.currency),
                line.vat_rate,
            )
            for line in order.lines
        ),
        order.currency,
    )
    order.total_net = totals.net.amount
    order.total_vat = totals.vat.amount
    order.total_gross = totals.gross.amount
    recorded = diff(before, snapshot(order))
    if not recorded and not allow_unchanged:
        raise InvalidChange("nothing_changed")
    return recorded
