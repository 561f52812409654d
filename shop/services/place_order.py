"""Placing an order from the cart: one transaction, exactly one order per checkout form."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError

from shop.domain.order_numbers import format_order_number
from shop.domain.orders import OrderStatus
from shop.domain.outbox import OutboxKind
from shop.extensions import db
from shop.models import Order, OrderLine, OrderNumberCounter, User
from shop.services.cart import clear_cart, view_cart
from shop.services.outbox import enqueue
from shop.services.prices import PriceMode
from shop.services.transactions import begin_write


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


def find_order_by_token(checkout_token: str) -> Order | None:
    return db.session.scalar(select(Order).where(Order.checkout_token == checkout_token))


def next_order_number(year: int) -> str:
    """Increment the year's counter under a row lock; the lock is held until commit."""
    statement = (
        update(OrderNumberCounter)
        .where(OrderNumberCounter.year == year)
        .values(last_value=OrderNumberCounter.last_value + 1)
        .returning(OrderNumberCounter.last_value)
    )
    value = db.session.execute(statement).scalar()
    if value is None:
        try:
            with db.session.begin_nested():
                db.session.execute(insert(OrderNumberCounter).values(year=year, last_value=1))
            value = 1
        except IntegrityError:
            # Another transaction created the year's row first: take the next value from it.
            value = db.session.execute(statement).scalar_one()
    return format_order_number(year, value)


def place_order(user: User, details: CheckoutDetails, checkout_token: str, now: datetime) -> Order:
    """Freeze the cart's lines and prices into an order, empty the cart, commit once.

    A second submit of the same checkout form (same token) returns the first order.
    """
    if find_order_by_token(checkout_token) is None:
        # §7: fresh prices from the ERP, asked outside the write transaction (it may be slow).
        view_cart(user, PriceMode.FRESH)
    begin_write()
    existing = find_order_by_token(checkout_token)
    if existing is not None:
        return existing
    cart = view_cart(user, PriceMode.CACHED)
    if cart.is_empty:
        raise EmptyCart()
    totals = cart.totals
    order = Order(
        number=next_order_number(now.year),
        company_id=user.company_id,
        user_id=user.id,
        status=OrderStatus.PLACED.value,
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
        checkout_token=checkout_token,
        created_at=now,
    )
    for position, line in enumerate(cart.lines, start=1):
        order.lines.append(
            OrderLine(
                position=position,
                product_id=line.product.id,
                sku=line.product.sku,
                name_en=line.product.name_en,
                name_de=line.product.name_de,
                quantity=line.line.quantity,
                unit_price=line.unit_price.amount,
                vat_rate=line.product.vat_rate,
                line_net=line.net.amount,
            )
        )
    try:
        clear_cart(user)
        db.session.add(order)
        # The ERP gets the order through the outbox, in this same transaction (§7).
        enqueue(OutboxKind.SUBMIT_ORDER, f"order:{order.number}", {"order_number": order.number})
        db.session.commit()
    except IntegrityError:
        # A concurrent submit of the same form won the unique checkout token.
        db.session.rollback()
        existing = find_order_by_token(checkout_token)
        if existing is None:
            raise
        return existing
    return order
