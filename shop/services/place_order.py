"""Placing an order from the cart: one transaction, exactly one order per checkout form.

§5: the budget is checked inside the transaction that creates the order. Within budget the
order is PLACED and handed to the outbox; over budget it waits for approval, routed to the
approvers (§6) — or, when nobody but the orderer could approve, it is not placed at all
(NoApproverAvailable), and the checkout says so.

§8: no line may exceed its product's stock (InsufficientStock) unless the product allows
backorder. Stock is asked fresh from the ERP before the transaction (for every product that
does not allow backorder: no level could refuse one that does) and checked again inside it,
against the cart as it is then; when the ERP does not answer, the last known levels apply
and the order is taken (shop.domain.stock explains why). Customer prices are asked again
only when the checkout page's are older than CHECKOUT_PRICE_SECONDS (#10): the buyer
confirmed those.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from operator import attrgetter

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value

from shop.domain.approvals import NEW_ORDER, ActorKind, OrderEvent, apply_event
from shop.domain.budgets import Budget, BudgetVerdict, check_budget
from shop.domain.order_numbers import format_order_number
from shop.domain.orders import OrderStatus
from shop.domain.routing import NoApproverAvailable
from shop.domain.stock import Availability, InsufficientStock
from shop.extensions import db
from shop.models import Order, OrderLine, OrderNumberCounter, User
from shop.services import approval_mails
from shop.services.approval_routing import (
    RoutedApprover,
    route_for,
    routed_approvers,
    store_routing,
)
from shop.services.cart import CartLineView, KnownAnswers, cart_products, clear_cart, view_cart
from shop.services.customer_center.budgets import user_budget
from shop.services.order_history import record_event
from shop.services.order_mails import ORDER_RECEIVED, queue_order_mail
from shop.services.prices import PriceMode, prices_for
from shop.services.review import send_to_erp_or_hold
from shop.services.spend import MONTH_SPEND, month_spend_of, month_spend_parameters
from shop.services.stock import stock_for
from shop.services.unit_of_work import unit_of_work

__all__ = ["InsufficientStock", "NoApproverAvailable"]

# A product that allows backorder, at checkout: whatever its level, it may be ordered.
_BEYOND_STOCK = Availability(None, allows_backorder=True)


class EmptyCart(Exception):
    """There is nothing to order."""


@dataclass(frozen=True)
class DeliveryAddress:
    name: str
    street: str
    postal_code: str
    city: str
    country: str


@dataclass(frozen=True)
class CheckoutDetails:
    address: DeliveryAddress
    payment_method: str
    delivery_method: str
    customer_reference: str
    comment: str
    requested_delivery_date: date | None = None  # checked by shop.domain.delivery_dates


@dataclass(frozen=True)
class BudgetPreview:
    """What placing an order would lead to: the verdict and, over budget, who would approve."""

    budget: Budget
    verdict: BudgetVerdict
    month_spend: Decimal
    approvers: list[RoutedApprover] = field(default_factory=list)
    # Over budget and nobody but the orderer could approve: the order cannot be placed.
    no_approver: bool = False

    @property
    def is_within_budget(self) -> bool:
        return self.verdict.is_within_budget


def preview_budget(user: User, quantity: int, net: Decimal, today: date) -> BudgetPreview:
    """The budget verdict and routing for an order of this size, as cart and checkout show it."""
    budget = user_budget(user)
    spend = month_spend_of(user.id, user.company_id, today)
    verdict = check_budget(budget, quantity, net, spend)
    if verdict.is_within_budget:
        return BudgetPreview(budget, verdict, spend)
    try:
        routing, names = route_for(user.company_id, user.id, today)
    except NoApproverAvailable:
        return BudgetPreview(budget, verdict, spend, no_approver=True)
    return BudgetPreview(budget, verdict, spend, routed_approvers(routing, names))


def exceedances_as_json(verdict: BudgetVerdict) -> list[dict]:
    return [
        {
            "limit": e.limit.value,
            "allowed": str(e.allowed),
            "actual": str(e.actual),
            "excess": str(e.excess),
        }
        for e in verdict.exceedances
    ]


@dataclass(frozen=True)
class Orderer:
    """What the order's transaction reads about the orderer before deciding (§5)."""

    user: User  # with their company, read afresh
    placed_id: int | None  # the order this checkout form placed already
    month_spend: Decimal


# Built once, the values bound parameters (#10: building them anew cost more CPU than
# SQLite's answers). `user_id` is the orderer's in both the users row and the spend.
_ORDERER = (
    select(User)
    .options(joinedload(User.company, innerjoin=True))
    .where(User.id == bindparam("user_id"))
    .execution_options(populate_existing=True)
)
_PLACED = select(Order.id).where(Order.checkout_token == bindparam("token")).scalar_subquery()
_ORDERER_LOCKED = _ORDERER.with_for_update(of=User)
_ORDER_STATE = select(_PLACED, MONTH_SPEND)
_ORDERER_WITH_STATE = _ORDERER.add_columns(_PLACED, MONTH_SPEND)


def read_orderer(user_id: int, company_id: int, checkout_token: str, today: date) -> Orderer:
    """The orderer and their company, the order of this checkout token and the month's spend,
    read inside the order's transaction: in one statement on SQLite, two on PostgreSQL (#10).

    Serialises one user's orders, so two orders cannot both use the last of a budget and a
    second submit of the form finds the first order: on SQLite the unit of work's BEGIN
    IMMEDIATE made us the only writer already; on PostgreSQL the users row is locked until
    commit, and the token and spend are read by a statement after the lock (READ COMMITTED
    gives each statement a fresh snapshot; a subquery of the locking statement would keep the
    snapshot from before the wait and miss an order committed meanwhile).
    """
    parameters = {"token": checkout_token, **month_spend_parameters(user_id, company_id, today)}
    if db.engine.dialect.name == "postgresql":
        user = db.session.scalars(_ORDERER_LOCKED, parameters).unique().one()
        placed_id, spent = db.session.execute(_ORDER_STATE, parameters).one()
    else:
        user, placed_id, spent = db.session.execute(_ORDERER_WITH_STATE, parameters).one()
    return Orderer(user, placed_id, spent if spent is not None else Decimal("0.00"))


def find_order_by_token(checkout_token: str) -> Order | None:
    return db.session.scalar(select(Order).where(Order.checkout_token == checkout_token))


_NEXT_NUMBER = (
    update(OrderNumberCounter)
    .where(OrderNumberCounter.year == bindparam("counter_year"))
    .values(last_value=OrderNumberCounter.last_value + 1)
    .returning(OrderNumberCounter.last_value)
)


def next_order_number(year: int) -> str:
    """Increment the year's counter under a row lock; the lock is held until commit."""
    parameters = {"counter_year": year}
    value = db.session.execute(_NEXT_NUMBER, parameters).scalar()
    if value is None:
        try:
            with db.session.begin_nested():
                db.session.execute(insert(OrderNumberCounter).values(year=year, last_value=1))
            value = 1
        except IntegrityError:
            # Another transaction created the year's row first: take the next value from it.
            value = db.session.execute(_NEXT_NUMBER, parameters).scalar_one()
    return format_order_number(year, value)


# The lines as persistent objects from one statement (#10): the ORM's flush sends one INSERT
# per line on SQLite, which cannot promise RETURNING's rows in the order of the VALUES; rows
# in any order do here, as each names its position.
_INSERT_LINES = insert(OrderLine).returning(OrderLine)


def _add_lines(order: Order, lines: list[CartLineView]) -> None:
    """Write the order's lines, frozen from the cart's, and hold them in `order.lines`."""
    rows = [
        {
            "order_id": order.id,
            "position": position,
            "product_id": line.product.id,
            "sku": line.product.sku,
            "name_en": line.product.name_en,
            "name_de": line.product.name_de,
            "quantity": line.line.quantity,
            "unit_price": line.unit_price.amount,
            "vat_rate": line.product.vat_rate,
            "line_net": line.net.amount,
        }
        for position, line in enumerate(lines, start=1)
    ]
    written = db.session.scalars(_INSERT_LINES, rows).all()
    # The order is new: its collection holds exactly these lines, by position as it is mapped.
    set_committed_value(order, "lines", sorted(written, key=attrgetter("position")))


def place_order(user: User, details: CheckoutDetails, checkout_token: str, now: datetime) -> Order:
    """Freeze the cart's lines and prices into an order, empty the cart, in one unit of work.

    A second submit of the same checkout form (same token) returns the first order. A refusal
    (EmptyCart, InsufficientStock, NoApproverAvailable) leaves the unit, so nothing is written.
    """
    # Read before the unit of work, which expires the user: their ids do not change.
    user_id, company_id = user.id, user.company_id
    # A second submit finds its cart emptied by the first order, so it asks the ERP nothing.
    known = refresh_erp_answers(user)
    try:
        with unit_of_work():
            order = _place(user_id, company_id, details, checkout_token, now, known)
            number = order.number
    except IntegrityError:
        # A concurrent submit of the same form won the unique checkout token.
        existing = find_order_by_token(checkout_token)
        if existing is None:
            raise
        return existing
    # The commit expired the order; the confirmation's redirect needs only its number, which
    # never changes: keep it loaded instead of reading the order back (#10).
    set_committed_value(order, "number", number)
    return order


def refresh_erp_answers(user: User) -> KnownAnswers:
    """§7: fresh stock (and prices older than the checkout page's) from the ERP, asked outside
    the write transaction (it may be slow); the order's transaction uses these answers (they
    are also kept in the caches)."""
    products = cart_products(user)
    # Prices first: when they are recent no call is made, and the company loaded by the
    # checkout form is still at hand.
    prices = prices_for(products, user.company, PriceMode.RECENT)
    # §8: a product that allows backorder may be ordered beyond any level, so no level can
    # refuse it: only the others' stock is asked (#10: the call is most of a POST's CPU).
    limited = [product for product in products if not product.allows_backorder]
    stock = stock_for(limited, PriceMode.FRESH)
    stock.update({product.sku: _BEYOND_STOCK for product in products if product.allows_backorder})
    return KnownAnswers(prices, stock)


def _place(
    user_id: int,
    company_id: int,
    details: CheckoutDetails,
    checkout_token: str,
    now: datetime,
    known: KnownAnswers,
) -> Order:
    today = now.date()
    orderer = read_orderer(user_id, company_id, checkout_token, today)
    if orderer.placed_id is not None:
        return db.session.get(Order, orderer.placed_id)
    user = orderer.user
    cart = view_cart(user, PriceMode.CACHED, known)
    if cart.is_empty:
        raise EmptyCart()
    if cart.shortages:
        raise InsufficientStock(cart.shortages)
    totals = cart.totals
    verdict = check_budget(
        user_budget(user), totals.quantity, totals.net.amount, orderer.month_spend
    )
    approvers: list[RoutedApprover] = []
    if verdict.is_within_budget:
        event = OrderEvent.PLACE_WITHIN_BUDGET
    else:
        event = OrderEvent.SUBMIT_FOR_APPROVAL
        routing, names = route_for(user.company_id, user.id, today)
        approvers = routed_approvers(routing, names)
    status = apply_event(NEW_ORDER, event, ActorKind.ORDERER)
    order = Order(
        number=next_order_number(now.year),
        company_id=user.company_id,
        user_id=user.id,
        status=status.value,
        budget_exceedances=exceedances_as_json(verdict),
        awaiting_since=now if status == OrderStatus.AWAITING_APPROVAL else None,
        currency=totals.net.currency,
        total_net=totals.net.amount,
        total_vat=totals.vat.amount,
        total_gross=totals.gross.amount,
        delivery_name=details.address.name,
        delivery_street=details.address.street,
        delivery_postal_code=details.address.postal_code,
        delivery_city=details.address.city,
        delivery_country=details.address.country,
        payment_method=details.payment_method,
        delivery_method=details.delivery_method,
        customer_reference=details.customer_reference,
        comment=details.comment,
        requested_delivery_date=details.requested_delivery_date,
        checkout_token=checkout_token,
        created_at=now,
    )
    clear_cart(user)
    db.session.add(order)
    db.session.flush()
    _add_lines(order, cart.lines)
    record_event(order, event, user, NEW_ORDER, status, now, comment=details.comment)
    if status == OrderStatus.PLACED:
        # The ERP gets the order through the outbox, in this same transaction (§7), unless
        # a person must review it first (§8).
        send_to_erp_or_hold(order, now, {line.product.id: line.product for line in cart.lines})
        # §8: queued with the order, so it exists exactly when the order does; one awaiting
        # approval gets the awaiting-approval mail instead.
        queue_order_mail(ORDER_RECEIVED, user, order)
    else:
        store_routing(order, approvers)
        approval_mails.order_submitted(order, approvers)
    return order
