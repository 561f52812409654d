"""Checkout: one form, one order; the confirmation page after the redirect."""

import secrets

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from shop.checkout.forms import NEW_ADDRESS, CheckoutForm
from shop.domain.orders import PaymentMethod
from shop.domain.rights import Right
from shop.models.clock import utcnow
from shop.orders.queries import own_order
from shop.services.cart import view_cart
from shop.services.place_order import CheckoutDetails, DeliveryAddress, EmptyCart, place_order
from shop.services.prices import PriceMode
from shop.web.authorization import requires
from shop.web.labels import PAYMENT_LABELS

bp = Blueprint("checkout", __name__)


def _build_form() -> CheckoutForm:
    company = current_user.company
    form = CheckoutForm()
    form.address.choices = [(str(a.id), a.one_line()) for a in company.addresses] + [
        (NEW_ADDRESS, _("A new delivery address"))
    ]
    allowed = company.allowed_payment_methods or [PaymentMethod.INVOICE.value]
    form.payment_method.choices = [
        (m.value, label) for m, label in PAYMENT_LABELS.items() if m.value in allowed
    ]
    if not form.is_submitted():
        form.checkout_token.data = secrets.token_urlsafe(24)
        default = next((a for a in company.addresses if a.is_default), None)
        form.address.data = str(default.id) if default else NEW_ADDRESS
        form.payment_method.data = form.payment_method.choices[0][0]
    return form


def _details(form: CheckoutForm) -> CheckoutDetails:
    if form.address.data == NEW_ADDRESS:
        address = DeliveryAddress(
            form.new_name.data.strip(),
            form.new_street.data.strip(),
            form.new_postal_code.data.strip(),
            form.new_city.data.strip(),
            form.new_country.data,
        )
    else:
        saved = next(a for a in current_user.company.addresses if str(a.id) == form.address.data)
        address = DeliveryAddress(
            saved.name, saved.street, saved.postal_code, saved.city, saved.country
        )
    return CheckoutDetails(
        address=address,
        payment_method=form.payment_method.data,
        delivery_method=form.delivery_method.data,
        customer_reference=(form.customer_reference.data or "").strip(),
        comment=(form.comment.data or "").strip(),
    )


@bp.route("/checkout", methods=["GET", "POST"])
@requires(Right.PLACE_ORDERS)
def checkout():
    form = _build_form()
    if form.validate_on_submit():
        try:
            order = place_order(current_user, _details(form), form.checkout_token.data, utcnow())
        except EmptyCart:
            flash(_("Your cart is empty."), "error")
            return redirect(url_for("cart.show"))
        return redirect(url_for("checkout.confirmation", number=order.number))
    cart = view_cart(current_user, PriceMode.FRESH)
    if cart.is_empty:
        flash(_("Your cart is empty."), "info")
        return redirect(url_for("cart.show"))
    status = 422 if form.errors else 200
    return render_template("checkout/checkout.html", form=form, cart=cart), status


@bp.get("/checkout/confirmation/<number>")
@requires(Right.PLACE_ORDERS)
def confirmation(number: str):
    order = own_order(number)
    if order is None:
        abort(404)
    return render_template("checkout/confirmation.html", order=order)
