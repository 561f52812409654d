"""Deciding on orders over budget (§6): approve or reject, change; resubmit or withdraw.

Each use case is one unit of work: everything it writes commits together, and any refusal
(a stale version, a transition the table forbids, an invalid change) rolls all of it back.
The order's state changes only through approvals.apply_event, and only by a guarded UPDATE
on the version the user's form was rendered with (optimistic locking): of two approvers
deciding at once, or of a double-click, exactly one UPDATE matches; the other finds the newer
version and is told who acted. On approval the order goes to the outbox in the same
transaction (exactly once to the ERP). Mails go out after the commit and never undo a
decision.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select, update

from shop.domain.approvals import (
    ActorKind,
    ChangeProblem,
    InvalidChange,
    OrderEvent,
    actor_kind,
    allowed_events,
    apply_event,
    awaits_decision,
    is_open_for_approval,
    may_open_order,
)
from shop.domain.budgets import BudgetVerdict, check_budget, consumes_budget
from shop.domain.money import Money
from shop.domain.orders import OrderStatus
from shop.domain.pricing import PricedLine, compute_totals
from shop.domain.quick_order import MAX_QUANTITY
from shop.domain.rights import Right
from shop.domain.routing import NoApproverAvailable
from shop.domain.stock import UNKNOWN, Availability, InsufficientStock, check_change
from shop.extensions import db
from shop.models import Order, OrderEventRecord, OrderLine, Product, User
from shop.services import approval_mails
from shop.services.approval_routing import (
    RoutedApprover,
    decider_ids_today,
    deciders_of,
    lock_routing,
    route_for,
    routed_approvers,
    store_routing,
)
from shop.services.customer_center.budgets import user_budget
from shop.services.order_history import diff, last_decision, record_event, snapshot
from shop.services.order_mails import ORDER_WITHDRAWN, queue_order_mail
from shop.services.place_order import DeliveryAddress, exceedances_as_json
from shop.services.prices import PriceMode
from shop.services.review import send_to_erp_or_hold
from shop.services.spend import month_spend_of
from shop.services.stock import stock_for
from shop.services.unit_of_work import unit_of_work

__all__ = ["InsufficientStock", "InvalidChange", "NoApproverAvailable"]


class OrderNotFound(Exception):
    """No such order in the user's company, or none they may open."""


class StaleOrder(Exception):
    """Someone acted on the order since this form was shown; `record` says who and what."""

    def __init__(self, record: OrderEventRecord | None) -> None:
        super().__init__("the order was changed in the meantime")
        self.record = record


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
    # The history entry this action wrote (None when repeated).
    record: OrderEventRecord | None = None


def _actor(order: Order, user: User, now: datetime) -> ActorKind:
    # #14: who may decide is read again now, inside the deciding transaction, from today's
    # approvers, absences, users and rights; never from a routing frozen at submission.
    lock_routing(order.company_id, to_change=False)
    return actor_kind(user.id, order.user_id, decider_ids_today(order, now.date()))


def _load(order_id: int, user: User) -> Order:
    order = db.session.get(Order, order_id, populate_existing=True)
    if order is None or order.company_id != user.company_id:
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
    stock: Mapping[str, Availability] | None = None,
) -> Outcome:
    """Apply one event to the order on the given version, inside the caller's unit of work.

    `mutate` changes the order after the guarded update (it holds the row) and returns the
    diff to record. `changes_first`: the approver's edits that travel with a decision, recorded
    as a change before it; `stock`: the availability of their products, asked before the unit
    of work began. Every refusal is an exception, so the unit of work rolls back all of it.
    """
    comment = comment.strip()
    order = _load(order_id, user)
    if order.version != version:
        record = last_decision(order.id)
        if (
            record is not None
            and record.actor_id == user.id
            and record.event == event.value
            and order.version == version + 1
        ):
            return Outcome(order, repeated=True)
        raise StaleOrder(record)
    before = OrderStatus(order.status)
    actor = _actor(order, user, now)
    if actor == ActorKind.OTHER_USER and not may_open(order, user, now.date()):
        # The order was taken from the user after the view let them in (re-routed meanwhile):
        # the same answer as their page gives now.
        raise OrderNotFound()
    if changes_first != NO_CHANGES:
        apply_event(before, OrderEvent.CHANGE, actor)
    target = apply_event(before, event, actor, comment)
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
        raise StaleOrder(last_decision(order_id))
    db.session.refresh(order)
    if changes_first != NO_CHANGES:
        # #14: a decision is made on exactly what the approver saw, edits included.
        edited = _apply_changes(order, changes_first, stock or {}, allow_unchanged=True)
        if edited:
            record_event(order, OrderEvent.CHANGE, user, before, before, now, changes=edited)
    changes = mutate(order) if mutate is not None else {}
    record = record_event(order, event, user, before, target, now, comment=comment, changes=changes)
    return Outcome(order, record=record)


# The two decisions an approver makes (§6).
DECISIONS = frozenset({OrderEvent.APPROVE, OrderEvent.REJECT})


def decide(
    order_id: int,
    approver: User,
    version: int,
    decision: OrderEvent,
    comment: str,
    now: datetime,
    changes: OrderChanges = NO_CHANGES,
) -> Outcome:
    """Approve or reject the order with the approver's edits, then mail the orderer.

    Approved, it is PLACED and goes to the ERP through the outbox (exactly once); rejected (a
    comment is required), the orderer may change and resubmit it, or withdraw it.
    """
    if decision not in DECISIONS:
        raise ValueError(f"{decision} is not a decision")
    # Stock is asked before the unit of work (an ERP call never holds the write lock).
    stock = _stock_of_changed_lines(changes)
    with unit_of_work():
        outcome = _transition(
            order_id,
            approver,
            version,
            decision,
            comment,
            now,
            changes_first=changes,
            stock=stock,
        )
        if outcome.repeated:
            return outcome
        order = outcome.order
        if decision == OrderEvent.APPROVE:
            # In the decision's transaction: committed together, or not at all (§7); a person
            # may have to review it first (§8).
            send_to_erp_or_hold(order, now)
        # Queued with the decision: the orderer is told exactly when it was committed.
        approval_mails.decision_made(order, outcome.record)
    return outcome


def withdraw(order_id: int, orderer: User, version: int, comment: str, now: datetime) -> Outcome:
    """The orderer takes back an order that waits for approval or was rejected; the
    approvers who had it are told by mail (§8), queued with the withdrawal."""
    with unit_of_work():
        before = last_decision(order_id)
        outcome = _transition(order_id, orderer, version, OrderEvent.WITHDRAW, comment, now)
        if not outcome.repeated:
            for approver in _approvers_who_had(outcome.order, before, now.date()):
                queue_order_mail(ORDER_WITHDRAWN, approver, outcome.order)
        return outcome


def _approvers_who_had(order: Order, before: OrderEventRecord | None, today: date) -> list[User]:
    """Who rejected the order, or, while it waited, everyone who could decide it today."""
    if before is not None and before.event == OrderEvent.REJECT.value:
        ids = [before.actor_id]
    else:
        ids = [approver.id for approver in deciders_of(order, today)]
    users = db.session.scalars(select(User).where(User.id.in_(ids), User.id != order.user_id))
    return sorted(users, key=lambda user: user.id)


def _stock_of_changed_lines(changes: OrderChanges) -> dict[str, Availability]:
    """Stock of the products whose lines change, asked before the write transaction (§8).

    Fresh from the ERP, as at checkout: the order goes to the ERP on approval.
    """
    if changes == NO_CHANGES or not changes.quantities:
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
    with unit_of_work():
        return _transition(
            order_id,
            approver,
            version,
            OrderEvent.CHANGE,
            comment,
            now,
            mutate=lambda order: _apply_changes(order, changes, stock),
        )


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

    with unit_of_work():
        outcome = _transition(
            order_id, orderer, version, OrderEvent.RESUBMIT, comment, now, mutate=mutate
        )
        if not outcome.repeated:
            approval_mails.order_submitted(outcome.order, routed, resubmitted=True)
    return outcome


@dataclass(frozen=True)
class Standing:
    """Where an order stands for one user: the part they play in it, what they may do now,
    who may decide it (while it waits) and its budget check as it is now (while open)."""

    actor: ActorKind
    actions: list[OrderEvent]
    deciders: list[RoutedApprover]
    verdict: BudgetVerdict | None


def _part_in(order: Order, user: User, today: date) -> tuple[ActorKind, list[RoutedApprover]]:
    # The part shown (and who may open the order) follows the stored routing and today's
    # deputies; the actions follow who may decide today, as the deciding transaction checks.
    deciders = deciders_of(order, today)
    return actor_kind(user.id, order.user_id, [d.id for d in deciders]), deciders


def may_open(order: Order, user: User, today: date) -> bool:
    """Whether the user may open this order of their company (approval page and actions)."""
    actor, _ = _part_in(order, user, today)
    return may_open_order(actor, user.can(Right.SEE_COMPANY_ORDERS))


def standing_of(order: Order, user: User, today: date) -> Standing:
    """The order as one user sees it: their part, the allowed actions, deciders, budget."""
    actor, deciders = _part_in(order, user, today)
    state = OrderStatus(order.status)
    acting = actor
    if awaits_decision(state):
        acting = actor_kind(user.id, order.user_id, decider_ids_today(order, today))
    verdict = budget_verdict_for_order(order, today) if is_open_for_approval(state) else None
    return Standing(
        actor=actor,
        actions=allowed_events(state, acting),
        deciders=deciders if awaits_decision(state) else [],
        verdict=verdict,
    )


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
            raise InvalidChange(ChangeProblem.UNKNOWN_LINE)
        if not 0 <= quantity <= MAX_QUANTITY:
            raise InvalidChange(ChangeProblem.QUANTITY)
    shortages = []
    for line_id, quantity in changes.quantities.items():
        line = by_id[line_id]
        shortage = check_change(line.sku, stock.get(line.sku, UNKNOWN), line.quantity, quantity)
        if shortage is not None:
            shortages.append(shortage)
    if shortages:
        raise InsufficientStock(shortages)
    if all(changes.quantities.get(line.id, line.quantity) == 0 for line in order.lines):
        raise InvalidChange(ChangeProblem.NO_LINES)
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
        raise InvalidChange(ChangeProblem.NOTHING_CHANGED)
    return recorded
