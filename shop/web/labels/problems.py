"""Why an input was refused, as the message shown next to the field: the labels of the
services' problem codes (approvers, absences, quick order lines and files, changes to an order)."""

from collections.abc import Callable

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from shop.domain.approvals import ChangeProblem
from shop.domain.delivery_dates import DeliveryDateProblem
from shop.domain.quick_order import MAX_LINES, MAX_QUANTITY, QuickOrderError, QuickOrderProblem
from shop.domain.quick_order_files import MAX_FILE_BYTES, FileProblem
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
    QuickOrderProblem.CHARACTERS: lambda e: _(
        "Line %(n)s: it holds characters that are not text.", n=e.line_number
    ),
    QuickOrderProblem.FORMULA: lambda e: _(
        "Line %(n)s: it holds a formula. Enter the SKU and the quantity as plain values.",
        n=e.line_number,
    ),
    QuickOrderProblem.NEGATIVE: lambda e: _(
        "Line %(n)s: the quantity cannot be negative.", n=e.line_number
    ),
    QuickOrderProblem.ZERO: lambda e: _(
        "Line %(n)s: the quantity must be at least 1.", n=e.line_number
    ),
    QuickOrderProblem.DECIMAL: lambda e: _(
        "Line %(n)s: enter whole pieces, without decimal or thousands separators.",
        n=e.line_number,
    ),
    QuickOrderProblem.TOO_LARGE: lambda e: _(
        "Line %(n)s: at most %(max)s pieces of a product per order.",
        n=e.line_number,
        max=MAX_QUANTITY,
    ),
    QuickOrderProblem.NOT_ORDERABLE: lambda e: _(
        "Line %(n)s: %(sku)s cannot be ordered at the moment.", n=e.line_number, sku=e.text
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


FILE_PROBLEM_LABELS = {
    FileProblem.TOO_LARGE: lambda: _(
        "The file is larger than %(size)s MB. Please split it into several files.",
        size=MAX_FILE_BYTES // 1_000_000,
    ),
    FileProblem.EMPTY: lambda: _("The file is empty."),
    FileProblem.NOT_TEXT: lambda: _(
        "This file cannot be read. Upload a CSV file with one SKU and quantity per line, "
        "or an Excel workbook (.xlsx)."
    ),
    FileProblem.OLD_EXCEL: lambda: _(
        "This is an old Excel file (.xls) or a password-protected workbook. Please save it "
        "as .xlsx or CSV without a password."
    ),
    FileProblem.BAD_EXCEL: lambda: _(
        "This Excel workbook cannot be read. Please save it again as .xlsx or CSV."
    ),
}


def file_problem_label(problem: FileProblem) -> str:
    """Why an uploaded quick-order file cannot be read at all."""
    return FILE_PROBLEM_LABELS[problem]()


def too_many_lines_label() -> str:
    return _(
        "More than %(max)s lines: please split the list into several quick orders.",
        max=MAX_LINES,
    )


DELIVERY_DATE_PROBLEM_LABELS = {
    DeliveryDateProblem.WEEKEND: lambda rules: _(
        "We deliver on working days only (Monday to Friday). Please choose another day."
    ),
    DeliveryDateProblem.PAST: lambda rules: _("This day is in the past."),
    DeliveryDateProblem.TODAY_AFTER_CUTOFF: lambda rules: _(
        "Orders placed after %(time)s cannot be delivered today. Please choose a later day.",
        time=rules.cutoff.strftime("%H:%M"),
    ),
    DeliveryDateProblem.TOO_FAR: lambda rules: _(
        "Please choose a day within the next %(days)s days.", days=rules.max_days
    ),
}


def delivery_date_problem_label(problem: DeliveryDateProblem, rules) -> str:
    """Why a requested delivery date cannot be asked for; `rules` has cutoff and max_days."""
    return DELIVERY_DATE_PROBLEM_LABELS[problem](rules)
