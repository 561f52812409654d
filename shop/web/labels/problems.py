"""Why an input was refused, as the message shown next to the field: the labels of the
services' problem codes (approvers, absences, quick order lines, changes to an order)."""

from collections.abc import Callable

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from shop.domain.approvals import ChangeProblem
from shop.domain.quick_order import QuickOrderError, QuickOrderProblem
from shop.services.customer_center.exceptions import AbsenceProblem, ApproverProblem
from shop.web.stock import shortage_message

APPROVER_PROBLEM_LABELS = {
    ApproverProblem.NOT_AN_APPROVER: _l(
        "Only active users with the right to decide approvals can approve."
    ),
    ApproverProblem.OWN_ORDERS: _l("Nobody approves their own orders: choose somebody else."),
}
ABSENCE_PROBLEM_LABELS = {
    AbsenceProblem.NOT_AN_APPROVER: _l(
        "Only active users with the right to decide approvals can be away as approvers."
    ),
    AbsenceProblem.DEPUTY: _l(
        "The deputy must be an active user with the right to decide approvals."
    ),
    AbsenceProblem.SELF_DEPUTY: _l("Nobody can be their own deputy."),
    AbsenceProblem.PAST: _l("This absence is already over."),
    AbsenceProblem.OVERLAP: _l("This overlaps another absence of the same approver."),
}
_QUANTITIES = _l("Please enter quantities between 0 and 99999.")
CHANGE_PROBLEM_LABELS = {
    # A line that is not the order's comes from a tampered or outdated form: the same answer.
    ChangeProblem.UNKNOWN_LINE: _QUANTITIES,
    ChangeProblem.QUANTITY: _QUANTITIES,
    ChangeProblem.NO_LINES: _l(
        "An order needs at least one line. To cancel it, reject or withdraw it instead."
    ),
    ChangeProblem.NOTHING_CHANGED: _l("Nothing was changed."),
}
_QUICK_ORDER_MESSAGES: dict[QuickOrderProblem, Callable[[QuickOrderError], str]] = {
    QuickOrderProblem.FORMAT: lambda e: _(
        "Line %(n)s: write the SKU, then the quantity.", n=e.line_number
    ),
    QuickOrderProblem.QUANTITY: lambda e: _(
        "Line %(n)s: the quantity is not valid.", n=e.line_number
    ),
    QuickOrderProblem.UNKNOWN_SKU: lambda e: _(
        "Line %(n)s: we have no product %(sku)s.", n=e.line_number, sku=e.text
    ),
    QuickOrderProblem.STOCK: lambda e: _(
        "Line %(n)s: %(reason)s", n=e.line_number, reason=shortage_message(e.shortage)
    ),
}


def approver_problem_label(problem: ApproverProblem) -> str:
    return str(APPROVER_PROBLEM_LABELS[problem])


def absence_problem_label(problem: AbsenceProblem) -> str:
    return str(ABSENCE_PROBLEM_LABELS[problem])


def change_problem_label(problem: ChangeProblem) -> str:
    return str(CHANGE_PROBLEM_LABELS[problem])


def quick_order_problem_label(error: QuickOrderError) -> str:
    """What is wrong with one pasted line, naming the line."""
    return _QUICK_ORDER_MESSAGES[error.reason](error)
