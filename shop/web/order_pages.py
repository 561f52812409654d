"""What the orderer's order page and the approver's page share (§6): the order's standing for
the reader, and one way to turn an action on an order into an answer.

Both blueprints (orders, customer center) use this module; neither imports the other's views.
"""

from collections.abc import Callable

from flask import Response, abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from shop.domain.approvals import (
    ActorKind,
    InvalidTransition,
    OrderEvent,
    awaits_decision,
    awaits_resubmission,
)
from shop.domain.orders import OrderStatus
from shop.models import Order
from shop.models.clock import utcnow
from shop.services import decide_approval
from shop.services.order_history import history_of
from shop.web.htmx import vary
from shop.web.labels.problems import change_problem_label
from shop.web.order_conversation import (
    conversation,
    exceedance_rows,
    refusal_message,
    stale_message,
)
from shop.web.order_life import order_life
from shop.web.stock import shortage_message


def order_page_context(order: Order, **forms) -> dict:
    """What both order pages show: the reader's part and actions, routing, budget, talk."""
    standing = decide_approval.standing_of(order, current_user, utcnow().date())
    state = OrderStatus(order.status)
    verdict = standing.verdict
    return {
        "order": order,
        "own_order": standing.actor == ActorKind.ORDERER,
        "awaits_decision": awaits_decision(state),
        "awaits_resubmission": awaits_resubmission(state),
        # What the reader may do now, as decisions for the buttons (§6).
        "may_decide": OrderEvent.APPROVE in standing.actions,
        "may_resubmit": OrderEvent.RESUBMIT in standing.actions,
        "may_withdraw": OrderEvent.WITHDRAW in standing.actions,
        "approvers": standing.deciders,
        "submitted_exceedances": exceedance_rows(order.budget_exceedances or (), order.currency),
        "current_exceedances": exceedance_rows(verdict.exceedances, order.currency)
        if verdict is not None
        else [],
        "within_budget_now": verdict is not None and verdict.is_within_budget,
        "entries": conversation(history_of(order.id)),
        "life": order_life(order),
        **forms,
    }


def act_on_order(
    order: Order,
    action: Callable[[], object],
    success: str,
    endpoint: str = "orders.detail",
    refused_endpoint: str | None = None,
) -> Response:
    """Run one decision service and turn its outcome or refusal into a message (never a 500).

    refused_endpoint: where a refused user goes instead of the order (the approval inbox). A
    user the order was taken from meanwhile gets a 404, as their page would answer now.
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
            return vary(redirect(url_for(refused_endpoint)))
    except decide_approval.NoApproverAvailable:
        flash(no_approver_message(), "error")
    except decide_approval.InvalidChange as invalid:
        flash(change_problem_label(invalid.problem), "error")
    except decide_approval.InsufficientStock as short:
        for shortage in short.shortages:
            flash(shortage_message(shortage), "error")
    else:
        flash(success, "success")
    return vary(redirect(url_for(endpoint, number=number)))


def no_approver_message() -> str:
    return _(
        "Nobody in your company but you could approve this order, so it cannot be sent. "
        "Please reduce the order, or ask your main contact to name an approver."
    )
