"""Checkout: one form, one order; the confirmation page after the redirect."""

import secrets
from datetime import timedelta

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from shop.checkout.forms import CheckoutForm, delivery_date_rules
from shop.domain.approvals import awaits_decision
from shop.domain.delivery_dates import earliest_delivery_date
from shop.domain.orders import OrderStatus, PaymentMethod
from shop.domain.rights import Right
from shop.models.clock import utcnow
from shop.services.approval_routing import approvers_of
from shop.services.cart import view_cart
from shop.services.place_order import (
    CheckoutDetails,
    EmptyCart,
    InsufficientStock,
    NoApproverAvailable,
    place_order,
)
from shop.services.prices import PriceMode
from shop.web.authorization import requires
from shop.web.budget_preview import budget_context
from shop.web.delivery_address import NEW_ADDRESS, address_choices
from shop.web.labels import PAYMENT_LABELS
from shop.web.order_conversation import exceedance_rows
from shop.web.order_queries import own_order
from shop.web.stock import shortage_message

bp = Blueprint("checkout", __name__)


def _build_form() -> CheckoutForm:
    company = current_user.company
    form = CheckoutForm()
    form.delivery_date_rules = delivery_date_rules()
    form.address.choices = address_choices(company.addresses)
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
    # The choices are the company's addresses: a valid form names one of them or a new one.
    address = form.chosen_address(current_user.company.addresses)
    return CheckoutDetails(
        address=address,
        payment_method=form.payment_method.data,
        delivery_method=form.delivery_method.data,
        customer_reference=(form.customer_reference.data or "").strip(),
        comment=(form.comment.data or "").strip(),
        requested_delivery_date=form.requested_delivery_date.data,
    )


@bp.route("/checkout", methods=["GET", "POST"])
@requires(Right.PLACE_ORDERS)
def checkout():
    form = _build_form()
    status = 200
    if form.validate_on_submit():
        try:
            order = place_order(current_user, _details(form), form.checkout_token.data, utcnow())
        except EmptyCart:
            flash(_("Your cart is empty."), "error")
            return redirect(url_for("cart.show"))
        except NoApproverAvailable:
            # Decided: an order nobody else could approve is not placed (§6, no self-approval).
            flash(
                _(
                    "Nobody in your company but you could approve this order, so it cannot be "
                    "sent. Please reduce the order, or ask your main contact to name an approver."
                ),
                "error",
            )
            status = 409
        except InsufficientStock as short:
            for shortage in short.shortages:
                flash(shortage_message(shortage), "error")
            status = 409
        else:
            return redirect(url_for("checkout.confirmation", number=order.number))
    cart = view_cart(current_user, PriceMode.FRESH)
    if cart.is_empty:
        flash(_("Your cart is empty."), "info")
        return redirect(url_for("cart.show"))
    if form.errors:
        status = 422
    rules = form.delivery_date_rules
    return render_template(
        "checkout/checkout.html",
        form=form,
        cart=cart,
        earliest_delivery=earliest_delivery_date(rules.now, rules.cutoff),
        latest_delivery=rules.now.date() + timedelta(days=rules.max_days),
        **budget_context(cart),
    ), status


@bp.get("/checkout/confirmation/<number>")
@requires(Right.PLACE_ORDERS)
def confirmation(number: str):
    order = own_order(number)
    if order is None:
        abort(404)
    return render_template(
        "checkout/confirmation.html",
        order=order,
        awaits_decision=awaits_decision(OrderStatus(order.status)),
        approvers=approvers_of(order.id),
        exceedances=exceedance_rows(order.budget_exceedances or (), order.currency),
    )
