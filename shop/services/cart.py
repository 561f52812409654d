"""Cart use cases: add, change, remove, quick order, and the priced view of a cart."""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from shop.domain.money import Money
from shop.domain.pricing import PricedLine, Totals, compute_totals
from shop.domain.quick_order import MAX_QUANTITY, QuickOrderError, parse_quick_order
from shop.extensions import db
from shop.models import Cart, CartLine, Product, User
from shop.services.prices import PriceMode, prices_for


class CartError(Exception):
    """A cart change that cannot be made (unknown product, bad quantity, line gone)."""


class ForeignCartLine(Exception):
    """The line belongs to someone else's cart: the views answer 404, as for any such object."""


@dataclass(frozen=True)
class CartLineView:
    line: CartLine
    product: Product
    unit_price: Money
    net: Money
    outdated: bool = False


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


def get_cart(user: User) -> Cart:
    """The user's cart, created on first use."""
    cart = db.session.scalar(
        select(Cart)
        .where(Cart.user_id == user.id)
        .options(selectinload(Cart.lines).selectinload(CartLine.product))
    )
    if cart is None:
        try:
            with db.session.begin_nested():
                cart = Cart(user_id=user.id)
                db.session.add(cart)
        except IntegrityError:
            # Another request of the same user (a second tab) created it just now.
            cart = db.session.scalar(select(Cart).where(Cart.user_id == user.id))
    return cart


def cart_quantity(user: User) -> int:
    cart = db.session.scalar(select(Cart).where(Cart.user_id == user.id))
    return sum(line.quantity for line in cart.lines) if cart else 0


def view_cart(user: User, mode: PriceMode = PriceMode.PAGE) -> CartView:
    """Cart lines with current prices and totals (prices fetched in one batch)."""
    cart = get_cart(user)
    lines = [line for line in cart.lines if line.product.published]
    quotes = prices_for([line.product for line in lines], user.company, mode)
    views = []
    for line in lines:
        quote = quotes[line.product_id]
        net = quote.price.times(line.quantity).rounded()
        views.append(CartLineView(line, line.product, quote.price, net, quote.outdated))
    totals = compute_totals(
        PricedLine(v.product.sku, v.line.quantity, v.unit_price, v.product.vat_rate) for v in views
    )
    return CartView(views, totals)


def _check_quantity(quantity: int) -> None:
    if not 1 <= quantity <= MAX_QUANTITY:
        raise CartError("quantity")


def add_to_cart(user: User, sku: str, quantity: int) -> CartLine:
    """Add a product; a product already in the cart gets its quantity raised."""
    _check_quantity(quantity)
    product = db.session.scalar(select(Product).where(Product.sku == sku, Product.published))
    if product is None:
        raise CartError("unknown_sku")
    cart = get_cart(user)
    line = next((line for line in cart.lines if line.product_id == product.id), None)
    if line is None:
        line = CartLine(product=product, quantity=quantity)
        cart.lines.append(line)
    else:
        _check_quantity(line.quantity + quantity)
        line.quantity += quantity
    db.session.commit()
    return line


def own_line(user: User, line_id: int) -> CartLine:
    """The user's cart line; ForeignCartLine for someone else's, CartError if it is gone."""
    cart = get_cart(user)
    line = next((line for line in cart.lines if line.id == line_id), None)
    if line is None:
        if db.session.get(CartLine, line_id) is not None:
            raise ForeignCartLine()
        # Already removed (a double click, another tab): not an error worth a 404.
        raise CartError("unknown_line")
    return line


def update_line(user: User, line_id: int, quantity: int) -> None:
    """Set a line's quantity; 0 removes the line."""
    line = own_line(user, line_id)
    if quantity == 0:
        db.session.delete(line)
    else:
        _check_quantity(quantity)
        line.quantity = quantity
    db.session.commit()


def remove_line(user: User, line_id: int) -> None:
    db.session.delete(own_line(user, line_id))
    db.session.commit()


def add_quick_order(user: User, text: str) -> tuple[int, list[QuickOrderError]]:
    """Add all pasted lines, or none if any line is wrong; returns (lines added, errors)."""
    lines, errors = parse_quick_order(text)
    skus = {line.sku for line in lines}
    query = select(Product).where(Product.published, Product.sku.in_(skus))
    found = {p.sku: p for p in db.session.scalars(query)} if skus else {}
    for line in lines:
        if line.sku not in found:
            errors.append(QuickOrderError(line.line_number, line.sku, "unknown_sku"))
    if errors or not lines:
        return 0, sorted(errors, key=lambda e: e.line_number)
    add_lines(user, {found[line.sku].id: line.quantity for line in lines})
    return len(lines), []


def add_lines(user: User, quantities: dict[int, int]) -> None:
    """Add quantities per product id (quick order, reorder), capped at the maximum."""
    cart = get_cart(user)
    by_product = {line.product_id: line for line in cart.lines}
    for product_id, quantity in quantities.items():
        existing = by_product.get(product_id)
        if existing is None:
            cart.lines.append(CartLine(product_id=product_id, quantity=min(quantity, MAX_QUANTITY)))
        else:
            existing.quantity = min(MAX_QUANTITY, existing.quantity + quantity)
    db.session.commit()


def clear_cart(user: User) -> None:
    """Empty the cart inside the caller's transaction (no commit)."""
    cart = get_cart(user)
    cart.lines.clear()
