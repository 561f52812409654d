"""The user's orders: list, detail with the conversation, reorder; resubmit or withdraw."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from shop.domain.approvals import InvalidTransition, actor_kind, allowed_events
from shop.domain.orders import OrderStatus
from shop.domain.rights import Right
from shop.extensions import db
from shop.models import Order, Product
from shop.models.clock import utcnow
from shop.orders.conversation import (
    conversation,
    exceedance_rows,
    refusal_message,
    stale_message,
)
from shop.orders.forms import ResubmitForm, WithdrawForm, read_quantities
from shop.orders.life import order_life, payment_statuses
from shop.orders.queries import orders_page, own_order
from shop.services import decide_approval
from shop.services.approval_routing import decider_ids_today, deciders_of
from shop.services.cart import add_lines
from shop.services.order_history import history_of
from shop.web.authorization import requires
from shop.web.navigation import page_arg
from shop.web.stock import shortage_message

bp = Blueprint("orders", __name__)


# Own orders, all of the company's, or those routed to an approver: each opens the order
# pages (§6); which orders show is decided in queries.py.
ORDER_READERS = (Right.SEE_OWN_ORDERS, Right.SEE_COMPANY_ORDERS, Right.DECIDE_APPROVALS)


@bp.get("/orders")
@requires(any_of=ORDER_READERS)
def index():
    page = orders_page(page_arg(request.args), current_app.config["PAGE_SIZE"])
    return render_template(
        "orders/list.html", page=page, payment_statuses=payment_statuses(page.items)
    )


def order_page_context(order: Order, **forms) -> dict:
    """What both order pages (orderer's and approver's) show: state, routing, budget, talk."""
    today = utcnow().date()
    deciders = deciders_of(order, today)
    # The part shown (and who sees the order) follows the stored routing; the buttons follow
    # who may decide today, as the decision service checks it (#14).
    actor = actor_kind(current_user.id, order.user_id, [d.id for d in deciders])
    state = OrderStatus(order.status)
    acting = actor
    if state == OrderStatus.AWAITING_APPROVAL:
        acting = actor_kind(current_user.id, order.user_id, decider_ids_today(order, today))
    open_for_approval = state in (OrderStatus.AWAITING_APPROVAL, OrderStatus.REJECTED)
    verdict = decide_approval.budget_verdict_for_order(order, today) if open_for_approval else None
    return {
        "order": order,
        "actor": actor.value,
        "events": [e.value for e in allowed_events(state, acting)],
        "approvers": deciders if state == OrderStatus.AWAITING_APPROVAL else [],
        "submitted_exceedances": exceedance_rows(order.budget_exceedances or (), order.currency),
        "current_exceedances": exceedance_rows(verdict.exceedances, order.currency)
        if verdict is not None
        else [],
        "within_budget_now": verdict is not None and verdict.is_within_budget,
        "entries": conversation(history_of(order.id)),
        "life": order_life(order),
        **forms,
    }


def _detail_page(order: Order, status: int = 200, **forms):
    forms.setdefault("resubmit_form", ResubmitForm(formdata=None, version=order.version))
    forms.setdefault("withdraw_form", WithdrawForm(formdata=None, version=order.version))
    return render_template("orders/detail.html", **order_page_context(order, **forms)), status


def _order_or_404(number: str) -> Order:
    order = own_order(number)
    if order is None:
        abort(404)
    return order


@bp.get("/orders/<number>")
@requires(any_of=ORDER_READERS)
def detail(number: str):
    return _detail_page(_order_or_404(number))[0]


@bp.post("/orders/<number>/resubmit")
@requires(any_of=ORDER_READERS)
def resubmit(number: str):
    """The orderer sends a rejected order back for approval, maybe changed, with a comment."""
    order = _order_or_404(number)
    form = ResubmitForm()
    quantities = read_quantities(request.form, order)
    if not form.validate_on_submit() or quantities is None:
        flash(_("Please enter quantities between 0 and 99999."), "error")
        return _detail_page(order, 422, resubmit_form=form)
    changes = decide_approval.OrderChanges(quantities)
    return act_on_order(
        order,
        lambda: decide_approval.resubmit(
            order.id, current_user, form.version.data, changes, form.comment.data or "", utcnow()
        ),
        _("Your order was sent back for approval."),
    )


@bp.post("/orders/<number>/withdraw")
@requires(any_of=ORDER_READERS)
def withdraw(number: str):
    order = _order_or_404(number)
    form = WithdrawForm()
    if not form.validate_on_submit():
        abort(400)
    return act_on_order(
        order,
        lambda: decide_approval.withdraw(
            order.id, current_user, form.version.data, form.comment.data or "", utcnow()
        ),
        _("Your order was withdrawn."),
    )


def act_on_order(
    order: Order,
    action,
    success: str,
    endpoint: str = "orders.detail",
    refused_endpoint: str | None = None,
):
    """Run one decision service and turn its outcome or refusal into a message (never a 500).

    refused_endpoint: where a refused user goes instead (an approver the order was taken from
    may no longer see it).
    """
    number = order.number
    try:
        action()
    except decide_approval.OrderNotFound:
        abort(404)
    except decide_approval.StaleOrder as stale:
        flash(stale_message(stale.record), "warning")
    except InvalidTransition as refused:
        flash(refusal_message(refused), "error")
        if refused_endpoint is not None:
            return redirect(url_for(refused_endpoint))
    except decide_approval.NoApproverAvailable:
        flash(no_approver_message(), "error")
    except decide_approval.InvalidChange as invalid:
        flash(invalid_change_message(invalid.reason), "error")
    except decide_approval.InsufficientStock as short:
        for shortage in short.shortages:
            flash(shortage_message(shortage), "error")
    else:
        flash(success, "success")
    return redirect(url_for(endpoint, number=number))


def no_approver_message() -> str:
    return _(
        "Nobody in your company but you could approve this order, so it cannot be sent. "
        "Please reduce the order, or ask your main contact to name an approver."
    )


def invalid_change_message(reason: str) -> str:
    if reason == "no_lines":
        return _("An order needs at least one line. To cancel it, reject or withdraw it instead.")
    if reason == "nothing_changed":
        return _("Nothing was changed.")
    return _("Please enter quantities between 0 and 99999.")


@bp.post("/orders/<number>/reorder")
@requires(Right.PLACE_ORDERS)
def reorder(number: str):
    """Put the order's products back into the cart at today's prices."""
    order = _order_or_404(number)
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
