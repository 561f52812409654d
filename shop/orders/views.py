"""The user's orders: list, detail, reorder."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from shop.domain.rights import Right
from shop.extensions import db
from shop.models import Product
from shop.orders.queries import orders_page, own_order
from shop.services.cart import add_lines
from shop.web.authorization import requires
from shop.web.navigation import page_arg

bp = Blueprint("orders", __name__)


# Own orders or all of the company's: either right opens the order pages (§6).
ORDER_READERS = (Right.SEE_OWN_ORDERS, Right.SEE_COMPANY_ORDERS)


@bp.get("/orders")
@requires(any_of=ORDER_READERS)
def index():
    page = orders_page(page_arg(request.args), current_app.config["PAGE_SIZE"])
    return render_template("orders/list.html", page=page)


@bp.get("/orders/<number>")
@requires(any_of=ORDER_READERS)
def detail(number: str):
    order = own_order(number)
    if order is None:
        abort(404)
    return render_template("orders/detail.html", order=order)


@bp.post("/orders/<number>/reorder")
@requires(Right.PLACE_ORDERS)
def reorder(number: str):
    """Put the order's products back into the cart at today's prices."""
    order = own_order(number)
    if order is None:
        abort(404)
    wanted = {line.product_id: line.quantity for line in order.lines if line.product_id}
    available = set(
        db.session.scalars(select(Product.id).where(Product.id.in_(wanted), Product.published))
    )
    add_lines(current_user, {pid: qty for pid, qty in wanted.items() if pid in available})
    missing = len(order.lines) - len(available)
    if missing:
        flash(_("%(n)s products of this order are no longer available.", n=missing), "warning")
    flash(_("The order's products are in your cart, at today's prices."), "success")
    return redirect(url_for("cart.show"))
