"""The user's orders: list, detail with the conversation, reorder; resubmit or withdraw."""

from flask import (
    Blueprint,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from shop.domain.rights import Right
from shop.extensions import db
from shop.models import Invoice, Order, Product
from shop.models.clock import utcnow
from shop.services import decide_approval, invoices
from shop.services.cart import add_lines
from shop.web.authorization import requires
from shop.web.htmx import page_or_fragment
from shop.web.locale import select_locale
from shop.web.order_forms import ResubmitForm, WithdrawForm, read_quantities
from shop.web.order_pages import act_on_order, order_page_context
from shop.web.order_queries import own_order

bp = Blueprint("orders", __name__)


# Own orders, all of the company's, or those routed to an approver: each opens the order
# pages (§6); which orders show is decided in queries.py.
ORDER_READERS = (Right.SEE_OWN_ORDERS, Right.SEE_COMPANY_ORDERS, Right.DECIDE_APPROVALS)


def _detail_page(order: Order, invalid: bool = False, **forms):
    forms.setdefault("resubmit_form", ResubmitForm(formdata=None, version=order.version))
    forms.setdefault("withdraw_form", WithdrawForm(formdata=None, version=order.version))
    return page_or_fragment(
        "orders/detail.html",
        "orders/_partials/resubmit_form.html",
        invalid=invalid,
        **order_page_context(order, **forms),
    )


def _order_or_404(number: str) -> Order:
    order = own_order(number)
    if order is None:
        abort(404)
    return order


@bp.get("/orders/<number>")
@requires(any_of=ORDER_READERS)
def detail(number: str):
    return _detail_page(_order_or_404(number))


@bp.get("/orders/<number>/invoices/<invoice_number>.pdf")
@login_required
def invoice_pdf(number: str, invoice_number: str):
    """The invoice's PDF, as stored (#16). Whoever may not see the order, a service
    technician included, finds nothing here: 404, as for another company's invoice."""
    if not any(current_user.can(right) for right in ORDER_READERS):
        abort(404)
    order = _order_or_404(number)
    invoice_id = db.session.scalar(
        select(Invoice.id).where(Invoice.order_id == order.id, Invoice.number == invoice_number)
    )
    if invoice_id is None:
        abort(404)
    pdf = invoices.invoice_pdf(invoice_id, select_locale())
    response = make_response(pdf.content)
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="{pdf.filename}"'
    return response


@bp.post("/orders/<number>/resubmit")
@requires(any_of=ORDER_READERS)
def resubmit(number: str):
    """The orderer sends a rejected order back for approval, maybe changed, with a comment."""
    order = _order_or_404(number)
    form = ResubmitForm()
    quantities = read_quantities(request.form, order)
    if not form.validate_on_submit() or quantities is None:
        flash(_("Please enter quantities between 0 and 99999."), "error")
        return _detail_page(order, invalid=True, resubmit_form=form)
    changes = decide_approval.OrderChanges(quantities)
    return act_on_order(
        order,
        lambda: decide_approval.resubmit(
            order.id, current_user, form.version.data, changes, form.comment.data or "", utcnow()
        ),
        _("Your order was sent back for approval."),
    )


@bp.route("/orders/<number>/withdraw", methods=["GET", "POST"])
@requires(any_of=ORDER_READERS)
def withdraw(number: str):
    """GET asks first (a page of its own, so it works without JavaScript); POST withdraws."""
    order = _order_or_404(number)
    if request.method == "GET":
        context = order_page_context(
            order, withdraw_form=WithdrawForm(formdata=None, version=order.version)
        )
        if not context["may_withdraw"]:
            flash(_("This order can no longer be withdrawn."), "info")
            return redirect(url_for("orders.detail", number=order.number))
        return render_template("orders/confirm_withdraw.html", **context)
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


# The order list lives in its own module, on this blueprint (#15).
from shop.orders import order_list  # noqa: E402, F401
