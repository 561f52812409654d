"""The approval inbox and the approver's order page (§6): change, approve, reject."""

from flask import abort, current_app, flash, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from customer_center import bp
from shop.domain.approvals import OrderEvent, needs_comment
from shop.domain.orders import payment_methods_offered
from shop.domain.rights import Right
from shop.models import Order
from shop.models.clock import utcnow
from shop.services import decide_approval
from shop.web.approval_inbox import inbox_rows
from shop.web.authorization import requires
from shop.web.delivery_address import address_choices
from shop.web.htmx import page_or_fragment
from shop.web.labels import PAYMENT_LABELS
from shop.web.navigation import page_arg
from shop.web.order_forms import KEEP, ChangeForm, DecisionForm, read_quantities
from shop.web.order_pages import act_on_order, order_page_context
from shop.web.order_queries import approval_inbox, company_order

DETAIL = "customer_center.approval"
INBOX = "customer_center.approvals"


@bp.get("/approvals")
@requires(Right.DECIDE_APPROVALS)
def approvals():
    """Orders waiting for my decision, oldest first, with the limits they exceed."""
    page = approval_inbox(page_arg(request.args), current_app.config["PAGE_SIZE"])
    return render_template(
        "customer_center/approvals/inbox.html", page=page, rows=inbox_rows(page.items)
    )


def _change_form(order: Order, formdata=None) -> ChangeForm:
    form = ChangeForm(formdata=formdata) if formdata is not None else ChangeForm(formdata=None)
    company = current_user.company
    form.address.choices = [
        (KEEP, _("Keep: %(address)s", address=_address_line(order)))
    ] + address_choices(company.addresses)
    allowed = payment_methods_offered(company.allowed_payment_methods, order.payment_method)
    form.payment_method.choices = [
        (m.value, label) for m, label in PAYMENT_LABELS.items() if m.value in allowed
    ]
    if formdata is None:
        form.version.data = order.version
        form.address.data = KEEP
        form.payment_method.data = order.payment_method
        form.delivery_method.data = order.delivery_method
    return form


def _address_line(order: Order) -> str:
    return (
        f"{order.delivery_name}, {order.delivery_street}, {order.delivery_postal_code} "
        f"{order.delivery_city}, {order.delivery_country}"
    )


def approvable_order_or_404(number: str) -> Order:
    """An order of my company that I may open here, else 404: for the page and every action
    alike, checked before anything else (§2: guessing numbers shows nothing)."""
    order = company_order(number)
    if order is None or not decide_approval.may_open(order, current_user, utcnow().date()):
        abort(404)
    return order


def _page(order: Order, invalid: bool = False, **forms):
    context = order_page_context(order, **forms)
    context.setdefault("change_form", _change_form(order))
    context.setdefault("decision_form", DecisionForm(formdata=None, version=order.version))
    return page_or_fragment(
        "customer_center/approvals/detail.html",
        "customer_center/approvals/_partials/decision_form.html",
        invalid=invalid,
        **context,
    )


@bp.get("/approvals/<number>")
@requires(Right.DECIDE_APPROVALS)
def approval(number: str):
    return _page(approvable_order_or_404(number))


# One form carries the approver's edits and the decision (#14): Approve and Reject take the
# edits with them, so a decision is made on exactly what the approver sees.
CHANGE_FIELDS = ("address", "payment_method", "delivery_method")

DONE = {
    OrderEvent.APPROVE: _l("The order is approved and on its way to our warehouse."),
    OrderEvent.REJECT: _l("The order is rejected; the orderer has been told."),
    OrderEvent.CHANGE: _l("Your changes are saved. The order still waits for your decision."),
}


def _edits_posted(order: Order) -> bool:
    """Whether the request comes from the approval form with its edit fields (a plain decision
    without them decides the order as it stands, on the version shown)."""
    names = {f"quantity-{line.id}" for line in order.lines} | {
        f"remove-{line.id}" for line in order.lines
    }
    return any(name in request.form for name in (*CHANGE_FIELDS, *names))


def _read_edits(order: Order, form: ChangeForm) -> decide_approval.OrderChanges | None:
    """The approver's edits from the form, or None (with the message set) if one is invalid."""
    quantities = read_quantities(request.form, order)
    valid = form.validate()
    if quantities is None:
        flash(_("Please enter quantities between 0 and 99999."), "error")
    if not valid or quantities is None:
        return None
    return decide_approval.OrderChanges(
        quantities,
        # KEEP is none of the saved addresses: None, the order keeps its address.
        address=form.chosen_address(current_user.company.addresses),
        payment_method=form.payment_method.data,
        delivery_method=form.delivery_method.data,
    )


def _act(number: str, event: OrderEvent):
    """Approve, reject or only change the order, with the edits the form carries, in one
    transaction: the one path of every action on the approval page."""
    order = approvable_order_or_404(number)
    decision_form = DecisionForm()
    change_form = _change_form(order, request.form)
    forms = {"decision_form": decision_form, "change_form": change_form}
    if not decision_form.validate_on_submit():
        return _page(order, invalid=True, **forms)
    changes = decide_approval.NO_CHANGES
    if event == OrderEvent.CHANGE or _edits_posted(order):
        changes = _read_edits(order, change_form)
        if changes is None:
            return _page(order, invalid=True, **forms)
    comment = decision_form.comment.data or ""
    if needs_comment(event) and not comment.strip():
        decision_form.comment.errors = [_("Please write a comment: the orderer needs to know why.")]
        return _page(order, invalid=True, **forms)
    version = decision_form.version.data

    def action():
        if event == OrderEvent.CHANGE:
            return decide_approval.change(
                order.id, current_user, version, changes, utcnow(), comment=comment
            )
        return decide_approval.decide(
            order.id, current_user, version, event, comment, utcnow(), changes=changes
        )

    return act_on_order(order, action, str(DONE[event]), endpoint=DETAIL, refused_endpoint=INBOX)


@bp.post("/approvals/<number>/approve")
@requires(Right.DECIDE_APPROVALS)
def approve(number: str):
    return _act(number, OrderEvent.APPROVE)


@bp.post("/approvals/<number>/reject")
@requires(Right.DECIDE_APPROVALS)
def reject(number: str):
    return _act(number, OrderEvent.REJECT)


@bp.post("/approvals/<number>/change")
@requires(Right.DECIDE_APPROVALS)
def change(number: str):
    """Change quantities, remove lines, change the address or methods; the order still waits."""
    return _act(number, OrderEvent.CHANGE)
