"""Approving several orders at once (#15): the inbox's selection, a confirm page that shows
each order's budget explanation and total, then one POST that approves each in turn."""

from dataclasses import dataclass

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import TextAreaField
from wtforms.validators import Length, Optional

from customer_center import bp
from shop.domain.approvals import InvalidTransition, OrderEvent
from shop.domain.rights import Right
from shop.models import Order
from shop.models.clock import utcnow
from shop.services import decide_approval
from shop.services.bulk_approval import MAX_SELECTED, approve_each
from shop.web.authorization import requires
from shop.web.forms import ShopForm
from shop.web.htmx import INVALID, vary
from shop.web.labels.problems import change_problem_label
from shop.web.order_conversation import (
    ExceedanceRow,
    exceedance_rows,
    refusal_message,
    stale_message,
)
from shop.web.order_pages import no_approver_message
from shop.web.order_queries import company_order
from shop.web.stock import shortage_message

INBOX = "customer_center.approvals"


class BulkApprovalForm(ShopForm):
    comment = TextAreaField(
        _l("Comment for every selected order (optional)"),
        validators=[Optional(), Length(max=2000)],
    )


@dataclass(frozen=True)
class SelectedOrder:
    """One selected order as the confirm page shows it."""

    order: Order
    may_approve: bool
    exceeded: list[ExceedanceRow]
    within_budget: bool


def _selected_numbers(values: list[str]) -> list[str]:
    """The selected order numbers, each once, in the inbox's order."""
    return list(dict.fromkeys(value.strip() for value in values if value.strip()))


def _orders_or_404(numbers: list[str]) -> list[Order]:
    """The selected orders; any number that is not an order this approver may open is a 404,
    before anything is done (§2: guessing numbers shows nothing)."""
    today = utcnow().date()
    orders = []
    for number in numbers:
        order = company_order(number)
        if order is None or not decide_approval.may_open(order, current_user, today):
            abort(404)
        orders.append(order)
    return orders


def _selection_refused(numbers: list[str]):
    """A redirect back to the inbox when the selection is empty or too large, else None."""
    if not numbers:
        flash(_("Please select at least one order to approve."), "warning")
    elif len(numbers) > MAX_SELECTED:
        flash(_("Please select at most %(num)s orders at once.", num=MAX_SELECTED), "error")
    else:
        return None
    return vary(redirect(url_for(INBOX)))


def _explained(order: Order) -> SelectedOrder:
    standing = decide_approval.standing_of(order, current_user, utcnow().date())
    verdict = standing.verdict
    return SelectedOrder(
        order=order,
        may_approve=OrderEvent.APPROVE in standing.actions,
        # The order as it is now (#15): edits and resubmissions since it was sent count.
        exceeded=exceedance_rows(verdict.exceedances, order.currency) if verdict else [],
        within_budget=verdict is not None and verdict.is_within_budget,
    )


def _confirm_page(orders: list[Order], form: BulkApprovalForm, invalid: bool = False):
    selected = [_explained(order) for order in orders]
    body = render_template(
        "customer_center/approvals/confirm_bulk.html",
        selected=selected,
        approvable=[s for s in selected if s.may_approve],
        form=form,
    )
    return vary(make_response(body, INVALID if invalid else 200))


@bp.get("/approvals/bulk")
@requires(Right.DECIDE_APPROVALS)
def confirm_bulk_approval():
    """The confirm page: each selected order with its budget explanation and total."""
    numbers = _selected_numbers(request.args.getlist("order"))
    refused = _selection_refused(numbers)
    if refused is not None:
        return refused
    return _confirm_page(_orders_or_404(numbers), BulkApprovalForm(formdata=None))


def _refusal_text(refusal: Exception) -> str:
    if isinstance(refusal, decide_approval.StaleOrder):
        return stale_message(refusal.record)
    if isinstance(refusal, InvalidTransition):
        return refusal_message(refusal)
    if isinstance(refusal, decide_approval.NoApproverAvailable):
        return no_approver_message()
    if isinstance(refusal, decide_approval.InvalidChange):
        return change_problem_label(refusal.problem)
    if isinstance(refusal, decide_approval.InsufficientStock):
        return " ".join(shortage_message(shortage) for shortage in refusal.shortages)
    return _("It no longer waits for your decision.")


def _confirmed_versions(orders: list[Order]) -> dict[int, int] | None:
    """Each order's version as the confirm page showed it, or None if one is unreadable."""
    versions = {}
    for order in orders:
        raw = request.form.get(f"version-{order.number}", "")
        if not raw.isascii() or not raw.isdigit():
            return None
        versions[order.id] = int(raw)
    return versions


@bp.post("/approvals/bulk")
@requires(Right.DECIDE_APPROVALS)
def approve_selected():
    """Approve each confirmed order; report each one that could not be approved."""
    numbers = _selected_numbers(request.form.getlist("order"))
    refused = _selection_refused(numbers)
    if refused is not None:
        return refused
    orders = _orders_or_404(numbers)
    form = BulkApprovalForm()
    if not form.validate_on_submit():
        return _confirm_page(orders, form, invalid=True)
    versions = _confirmed_versions(orders)
    if versions is None:
        flash(_("The selection could not be read. Please select the orders again."), "error")
        return vary(redirect(url_for(INBOX)))
    by_id = {order.id: order.number for order in orders}
    results = approve_each(current_user, versions, form.comment.data or "", utcnow())
    for result in results:
        number = by_id[result.order_id]
        if result.approved:
            flash(_("Order %(number)s is approved.", number=number), "success")
        else:
            reason = _refusal_text(result.refusal)
            flash(_("Order %(number)s: %(reason)s", number=number, reason=reason), "error")
    return vary(redirect(url_for(INBOX)))
