"""Cart use cases: add, change, remove, add many lines, and the priced view of a cart."""

from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import StrEnum

from sqlalchemy import bindparam, delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import joinedload, selectinload

from shop.domain.money import Money
from shop.domain.pricing import PricedLine, Totals, compute_totals
from shop.domain.quick_order import MAX_QUANTITY
from shop.domain.stock import Availability, InsufficientStock, Shortage, check_quantity
from shop.extensions import db
from shop.models import Cart, CartLine, Product, User
from shop.services.plain_rows import rows_of
from shop.services.prices import PriceMode, PriceQuote, prices_for, shop_currency
from shop.services.stock import stock_for
from shop.services.unit_of_work import unit_of_work


class CartProblem(StrEnum):
    QUANTITY = "quantity"
    UNKNOWN_SKU = "unknown_sku"
    UNKNOWN_LINE = "unknown_line"  # removed already (a double click, another tab)


class CartError(Exception):
    """A cart change that cannot be made (unknown product, bad quantity, line gone)."""

    def __init__(self, reason: CartProblem) -> None:
        super().__init__(reason)
        self.reason = reason


class ForeignCartLine(Exception):
    """The line belongs to someone else's cart: the views answer 404, as for any such object."""


@dataclass(frozen=True)
class CartLineView:
    line: CartLine
    product: Product
    unit_price: Money
    net: Money
    outdated: bool = False
    availability: Availability = Availability(None)
    # The line asks for more than is available (the stock fell since it was added).
    shortage: Shortage | None = None


@dataclass(frozen=True)
class CartView:
    lines: list[CartLineView]
    totals: Totals

    @property
    def is_empty(self) -> bool:
        return not self.lines

    @property
    def prices_outdated(self) -> bool:
        """Some price could not be confirmed by the ERP just now."""
        return any(line.outdated for line in self.lines)

    @property
    def shortages(self) -> list[Shortage]:
        return [line.shortage for line in self.lines if line.shortage is not None]

    @property
    def stock_outdated(self) -> bool:
        """Some stock level could not be confirmed by the ERP just now (the last known applies)."""
        return any(line.availability.outdated for line in self.lines)


def find_cart(user: User) -> Cart | None:
    """The user's cart with its lines, or None before their first add (reading creates none)."""
    # One joined statement instead of three (cart, lines, products): carts are small, and
    # checkout reads the cart on every page and again inside the order's transaction (#10).
    return (
        db.session.scalars(
            select(Cart)
            .where(Cart.user_id == user.id)
            .options(joinedload(Cart.lines).joinedload(CartLine.product, innerjoin=True))
        )
        .unique()
        .one_or_none()
    )


def cart_products(user: User) -> list[Product]:
    """The published products in the user's cart, in one query (what checkout asks the ERP)."""
    return list(
        db.session.scalars(
            select(Product)
            .join(CartLine, CartLine.product_id == Product.id)
            .join(Cart, Cart.id == CartLine.cart_id)
            .where(Cart.user_id == user.id, Product.published)
        )
    )


def _lock_cart(user: User) -> Cart:
    """Hold the user's cart for this unit of work, created if need be; its lines as they are now.

    The one place a cart is created. Two changes to one cart (a tab adds while another
    removes) run one after the other: PostgreSQL locks the cart row until commit, SQLite has
    one writer (the unit of work's BEGIN IMMEDIATE). So a change never updates or deletes a
    line another request removed (no StaleDataError), and two first adds make one cart.
    """
    postgres = db.engine.dialect.name == "postgresql"
    insert = (postgresql if postgres else sqlite).insert(Cart)
    db.session.execute(insert.values(user_id=user.id).on_conflict_do_nothing())
    cart_id = db.session.scalar(select(Cart.id).where(Cart.user_id == user.id).with_for_update())
    return db.session.get(
        Cart,
        cart_id,
        populate_existing=True,
        options=[selectinload(Cart.lines).selectinload(CartLine.product)],
    )


# One sum instead of loading the cart and its lines: it runs on every page (#10). Built once
# and read as a plain row: building it and the ORM's execution layer cost more CPU than
# SQL's answer.
_CART_QUANTITY = (
    select(func.coalesce(func.sum(CartLine.quantity), 0))
    .join(Cart, Cart.id == CartLine.cart_id)
    .where(Cart.user_id == bindparam("user_id"))
)


def cart_quantity(user: User) -> int:
    """The number of items in the user's cart (the header shows it on every page)."""
    return rows_of(_CART_QUANTITY, {"user_id": user.id}).scalar_one()


@dataclass(frozen=True)
class KnownAnswers:
    """Prices (by product id) and stock (by SKU) the caller got from the ERP just before, in
    the same request: placing an order asks before its transaction and uses them inside."""

    prices: Mapping[int, PriceQuote]
    stock: Mapping[str, Availability]


def view_cart(
    user: User, mode: PriceMode = PriceMode.PAGE, known: KnownAnswers | None = None
) -> CartView:
    """Cart lines with current prices, stock and totals (each fetched in one batch).

    With `known`, a product's price and stock level come from it; only products missing there
    (added in another tab meanwhile) are read (#10: the same rows again cost two statements).
    """
    cart = find_cart(user)
    lines = [line for line in cart.lines if line.product.published] if cart else []
    products = [line.product for line in lines]
    known = known or KnownAnswers({}, {})
    quotes = {**known.prices}
    quotes.update(prices_for([p for p in products if p.id not in quotes], user.company, mode))
    stock = {
        # The product as read now: whether it allows backorder is the catalogue's, not the ERP's.
        p.sku: replace(known.stock[p.sku], allows_backorder=p.allows_backorder)
        for p in products
        if p.sku in known.stock
    }
    stock.update(stock_for([p for p in products if p.sku not in stock], mode))
    views = []
    for line in lines:
        quote = quotes[line.product_id]
        net = quote.price.times(line.quantity).rounded()
        availability = stock[line.product.sku]
        shortage = check_quantity(line.product.sku, availability, line.quantity)
        views.append(
            CartLineView(
                line, line.product, quote.price, net, quote.outdated, availability, shortage
            )
        )
    totals = compute_totals(
        (
            PricedLine(v.product.sku, v.line.quantity, v.unit_price, v.product.vat_rate)
            for v in views
        ),
        shop_currency(),
    )
    return CartView(views, totals)


def _check_quantity(quantity: int) -> None:
    if not 1 <= quantity <= MAX_QUANTITY:
        raise CartError(CartProblem.QUANTITY)


def add_to_cart(user: User, sku: str, quantity: int) -> CartLine:
    """Add a product; a product already in the cart gets its quantity raised.

    InsufficientStock when the cart would then hold more than is available (§8).
    """
    _check_quantity(quantity)
    product = db.session.scalar(select(Product).where(Product.sku == sku, Product.published))
    if product is None:
        raise CartError(CartProblem.UNKNOWN_SKU)
    # Asked before the cart is locked: the ERP may be slow.
    availability = stock_for([product])[product.sku]
    with unit_of_work():
        cart = _lock_cart(user)
        line = next((line for line in cart.lines if line.product_id == product.id), None)
        in_cart = line.quantity if line is not None else 0
        shortage = check_quantity(sku, availability, quantity, in_cart)
        if shortage is not None:
            raise InsufficientStock([shortage])
        if line is None:
            line = CartLine(product_id=product.id, quantity=quantity)
            cart.lines.append(line)
        else:
            _check_quantity(line.quantity + quantity)
            line.quantity += quantity
    return line


def own_line(user: User, line_id: int, cart: Cart | None = None) -> CartLine:
    """The user's cart line; ForeignCartLine for someone else's, CartError if it is gone."""
    cart = cart or find_cart(user)
    line = next((line for line in cart.lines if line.id == line_id), None) if cart else None
    if line is None:
        if db.session.get(CartLine, line_id) is not None:
            raise ForeignCartLine()
        # Already removed (a double click, another tab): not an error worth a 404.
        raise CartError(CartProblem.UNKNOWN_LINE)
    return line


def update_line(user: User, line_id: int, quantity: int) -> None:
    """Set a line's quantity; 0 removes the line; InsufficientStock above the stock (§8)."""
    product = own_line(user, line_id).product
    availability = stock_for([product])[product.sku] if quantity else Availability(None)
    with unit_of_work():
        line = own_line(user, line_id, _lock_cart(user))
        if quantity != 0:
            _check_quantity(quantity)
        shortage = check_quantity(product.sku, availability, quantity)
        if shortage is not None:
            raise InsufficientStock([shortage])
        if quantity == 0:
            db.session.delete(line)
        else:
            line.quantity = quantity


def remove_line(user: User, line_id: int) -> None:
    """Remove a line; CartError when it is gone already (a double click, another tab)."""
    with unit_of_work():
        db.session.delete(own_line(user, line_id, _lock_cart(user)))


def add_lines(
    user: User,
    quantities: dict[int, int],
    stock: dict[int, Availability] | None = None,
) -> None:
    """Add quantities per product id (quick order, reorder), capped at the maximum.

    With `stock` (availability per product id) nothing is added when any line would then
    exceed its stock (InsufficientStock). A reorder adds without it: the cart shows the
    shortage and the checkout refuses it.
    """
    with unit_of_work():
        _add_lines(_lock_cart(user), quantities, stock)


def _add_lines(
    cart: Cart, quantities: dict[int, int], stock: dict[int, Availability] | None
) -> None:
    by_product = {line.product_id: line for line in cart.lines}
    if stock is not None:
        found = (
            check_quantity(
                db.session.get(Product, product_id).sku,
                stock[product_id],
                quantity,
                by_product[product_id].quantity if product_id in by_product else 0,
            )
            for product_id, quantity in quantities.items()
        )
        shortages = [shortage for shortage in found if shortage is not None]
        if shortages:
            raise InsufficientStock(shortages)
    for product_id, quantity in quantities.items():
        existing = by_product.get(product_id)
        if existing is None:
            cart.lines.append(CartLine(product_id=product_id, quantity=min(quantity, MAX_QUANTITY)))
        else:
            existing.quantity = min(MAX_QUANTITY, existing.quantity + quantity)


def add_lines_that_fit(
    user: User, quantities: dict[int, int], stock: dict[int, Availability]
) -> list[Shortage]:
    """Add quantities per product id where the stock allows; the rest is returned.

    Each line is checked against its stock (availability per product id) and what the
    cart holds, under the cart's lock; a line that would exceed it is left out and comes
    back as its shortage, the others are added (quick order, #15).
    """
    with unit_of_work():
        cart = _lock_cart(user)
        in_cart = {line.product_id: line.quantity for line in cart.lines}
        shortages: dict[int, Shortage] = {}
        for product_id, quantity in quantities.items():
            sku = db.session.get(Product, product_id).sku
            shortage = check_quantity(sku, stock[product_id], quantity, in_cart.get(product_id, 0))
            if shortage is not None:
                shortages[product_id] = shortage
        fitting = {p: q for p, q in quantities.items() if p not in shortages}
        _add_lines(cart, fitting, None)
    return list(shortages.values())


def clear_cart(user: User) -> None:
    """Empty the cart inside the caller's unit of work."""
    # One DELETE: loading the cart, its lines and their products again only to delete the
    # lines one by one cost checkout three reads and a statement per line (#10).
    db.session.execute(
        delete(CartLine).where(
            CartLine.cart_id.in_(select(Cart.id).where(Cart.user_id == user.id).scalar_subquery())
        ),
        execution_options={"synchronize_session": "fetch"},
    )
