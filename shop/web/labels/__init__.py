"""Translated display names for the domain's codes: the one home of enum labels, used by pages,
mails and CSVs alike. Services return codes; the label is chosen where it is shown.

Here: order states, events and methods, units, budget limits, roles, rights, user states,
password problems, ERP data problems. Routing reasons are worded in `labels.routing`, audit
fields and values in `labels.audit`.
"""

from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l

from erp_bridge import DataProblem
from shop.domain.approvals import OrderEvent
from shop.domain.budgets import Limit
from shop.domain.invoices import InvoiceState
from shop.domain.order_life import ParkReason, PaymentStatus, UpdateKind
from shop.domain.orders import DeliveryMethod, OrderStatus, PaymentMethod
from shop.domain.outbox import OutboxKind, OutboxStatus
from shop.domain.passwords import MAX_LENGTH as MAX_PASSWORD_LENGTH
from shop.domain.passwords import MIN_LENGTH as MIN_PASSWORD_LENGTH
from shop.domain.passwords import PasswordProblem
from shop.domain.review import ReviewQueue, ReviewReason, TicketStatus
from shop.domain.rights import PredefinedRole, Right, RightGroup
from shop.domain.staff import StaffAction, StaffRight
from shop.domain.users import UserStatus
from shop.services.order_history import HistoryNote

if TYPE_CHECKING:
    from shop.models import Role

STATUS_LABELS = {
    OrderStatus.AWAITING_APPROVAL: _l("Awaiting approval"),
    OrderStatus.REJECTED: _l("Rejected"),
    OrderStatus.WITHDRAWN: _l("Withdrawn"),
    OrderStatus.PLACED: _l("Placed"),
    OrderStatus.TRANSMITTED: _l("Transmitted to our warehouse"),
    OrderStatus.CONFIRMED: _l("Confirmed"),
    OrderStatus.PAID: _l("Paid"),
    OrderStatus.SHIPPED: _l("Shipped"),
    OrderStatus.INVOICED: _l("Invoiced"),
    OrderStatus.DELIVERED: _l("Delivered"),
    OrderStatus.ON_HOLD: _l("On hold for review"),
    OrderStatus.CANCELLED: _l("Cancelled"),
}
PAYMENT_LABELS = {
    PaymentMethod.INVOICE: _l("On account (invoice)"),
    PaymentMethod.PREPAYMENT: _l("Prepayment"),
    PaymentMethod.DIRECT_DEBIT: _l("Direct debit"),
}
DELIVERY_LABELS = {
    DeliveryMethod.STANDARD: _l("Standard delivery (2–3 working days)"),
    DeliveryMethod.EXPRESS: _l("Express delivery (next working day)"),
    DeliveryMethod.PICKUP: _l("Pick-up at our warehouse"),
}
PAYMENT_STATUS_LABELS = {
    PaymentStatus.PAID: _l("Paid"),
    PaymentStatus.AWAITING_PREPAYMENT: _l("Awaiting your prepayment"),
    PaymentStatus.INVOICE_DUE: _l("Invoiced, payment due"),
    PaymentStatus.ON_ACCOUNT: _l("On account: payable once invoiced"),
}
INVOICE_STATE_LABELS = {
    InvoiceState.OPEN: _l("Open"),
    InvoiceState.OVERDUE: _l("Overdue"),
    InvoiceState.PAID: _l("Paid"),
}
# What the ERP reported, as a noun ("The warehouse reported a shipment …").
UPDATE_KIND_LABELS = {
    UpdateKind.CONFIRMED: _l("a confirmation"),
    UpdateKind.PAID: _l("a payment"),
    UpdateKind.SHIPPED: _l("a shipment"),
    UpdateKind.INVOICED: _l("an invoice"),
    UpdateKind.DELIVERED: _l("a delivery"),
    UpdateKind.REJECTED: _l("a rejection"),
}
# Why an ERP update was parked for the back office.
PARK_REASON_LABELS = {
    ParkReason.UNKNOWN_ORDER: _l("the shop does not know this order"),
    ParkReason.NOT_ALLOWED: _l("it does not fit the order's current state"),
    ParkReason.NOT_PAID: _l("the order is paid in advance and no payment was reported yet"),
    ParkReason.UNKNOWN_KIND: _l("the shop does not know this kind of update"),
    ParkReason.BEHIND_PARKED: _l("an earlier update of this order waits for review"),
    ParkReason.UNPROCESSABLE: _l("its data could not be stored"),
}
EVENT_LABELS = {
    OrderEvent.SUBMIT_FOR_APPROVAL: _l("Sent for approval"),
    OrderEvent.PLACE_WITHIN_BUDGET: _l("Placed within budget"),
    OrderEvent.APPROVE: _l("Approved"),
    OrderEvent.REJECT: _l("Rejected"),
    OrderEvent.RESUBMIT: _l("Sent back for approval"),
    OrderEvent.WITHDRAW: _l("Withdrawn"),
    OrderEvent.CHANGE: _l("Changed by the approver"),
    OrderEvent.TRANSMIT: _l("Transmitted to our warehouse"),
    OrderEvent.CONFIRM: _l("Confirmed"),
    OrderEvent.PAY: _l("Payment received"),
    OrderEvent.SHIP: _l("Shipped"),
    OrderEvent.INVOICE: _l("Invoiced"),
    OrderEvent.DELIVER: _l("Delivered"),
    OrderEvent.HOLD: _l("Put on hold for review"),
    OrderEvent.RELEASE: _l("Released after review"),
    OrderEvent.CANCEL: _l("Cancelled after review"),
    HistoryNote.REMINDER: _l("Reminder mailed to the approvers"),
    HistoryNote.REROUTE: _l("Routed to other approvers"),
}
LIMIT_LABELS = {
    Limit.QUANTITY_PER_ORDER: _l("Maximum quantity per order"),
    Limit.ORDER_VALUE: _l("Maximum order value"),
    Limit.MONTHLY_BUDGET: _l("Monthly budget"),
}
UNIT_LABELS = {
    "piece": _l("piece"),
    "pack": _l("pack"),
    "box": _l("box"),
    "metre": _l("metre"),
    "pair": _l("pair"),
    "litre": _l("litre"),
}

ROLE_LABELS = {
    PredefinedRole.MAIN_CONTACT: _l("Main contact"),
    PredefinedRole.BUYER: _l("Buyer"),
    PredefinedRole.APPROVER: _l("Approver"),
    PredefinedRole.CONTROLLER: _l("Controller"),
    PredefinedRole.SERVICE_TECHNICIAN: _l("Service technician"),
}
USER_STATUS_LABELS = {
    UserStatus.ACTIVE: _l("Active"),
    UserStatus.INVITED: _l("Invited"),
    UserStatus.INACTIVE: _l("Inactive"),
}
RIGHT_GROUP_LABELS = {
    RightGroup.CATALOGUE_AND_ORDERING: _l("Catalogue and ordering"),
    RightGroup.ORDERS_AND_APPROVALS: _l("Orders and approvals"),
    RightGroup.REPORTS_AND_CONTROL: _l("Reports and control"),
    RightGroup.ADMINISTRATION: _l("Administration"),
}
RIGHT_LABELS = {
    Right.SEE_PRICES: _l("See prices"),
    Right.PLACE_ORDERS: _l("Place orders"),
    Right.DOWNLOAD_DATASHEETS: _l("Download data sheets"),
    Right.SEE_OWN_ORDERS: _l("See own orders"),
    Right.SEE_COMPANY_ORDERS: _l("See all company orders"),
    Right.DECIDE_APPROVALS: _l("Decide on approvals"),
    Right.SEE_REPORTS: _l("See spend reports"),
    Right.SEE_BUDGETS: _l("See budgets"),
    Right.SEE_AUDIT_TRAIL: _l("See the audit trail"),
    Right.MANAGE_USERS: _l("Manage users"),
    Right.MANAGE_ROLES: _l("Manage roles"),
    Right.MANAGE_BUDGETS: _l("Manage budgets"),
    Right.MANAGE_APPROVERS: _l("Manage approvers"),
    Right.EDIT_COMPANY_DATA: _l("Edit company data"),
}

# Why the ERP's data cannot be used, as the main contact reads it ("cannot be imported: …").
DATA_PROBLEM_LABELS = {
    DataProblem.INVALID_NAME: _l("invalid name"),
    DataProblem.INVALID_EMAIL: _l("invalid e-mail"),
    DataProblem.INVALID_PHONE: _l("invalid phone number"),
    DataProblem.INVALID_ADDRESS: _l("invalid address"),
    DataProblem.INVALID_TEXT: _l("invalid master data"),
}


def _label(table: dict, code: str) -> str:
    return str(table.get(code, code))


def status_label(code: str) -> str:
    return _label(STATUS_LABELS, code)


def payment_label(code: str) -> str:
    return _label(PAYMENT_LABELS, code)


def delivery_label(code: str) -> str:
    return _label(DELIVERY_LABELS, code)


def payment_status_label(code: str) -> str:
    return _label(PAYMENT_STATUS_LABELS, code)


def invoice_state_label(code: str) -> str:
    return _label(INVOICE_STATE_LABELS, code)


def update_kind_label(code: str) -> str:
    return _label(UPDATE_KIND_LABELS, code)


def park_reason_label(code: str) -> str:
    return _label(PARK_REASON_LABELS, code)


def event_label(code: str) -> str:
    return _label(EVENT_LABELS, code)


def limit_label(code: str) -> str:
    return _label(LIMIT_LABELS, code)


def unit_label(code: str) -> str:
    return _label(UNIT_LABELS, code)


def role_label(role: "Role | str") -> str:
    """A role's display name: predefined ones translated, custom ones as named."""
    return str(role_label_message(role))


def role_label_message(role: "Role | str"):
    """role_label before translation: a lazy message, or a custom role's own name."""
    key = role if isinstance(role, str) else (role.predefined or role.name)
    return ROLE_LABELS.get(key, key)


def right_label(right: str) -> str:
    return str(RIGHT_LABELS.get(right, right))


def user_status_label(status: str) -> str:
    return _label(USER_STATUS_LABELS, status)


def right_group_label(group: str) -> str:
    return _label(RIGHT_GROUP_LABELS, group)


def data_problems_label(problems: "tuple[str, ...]") -> str:
    """The problems of an ERP record, e.g. "invalid e-mail, invalid name"."""
    return ", ".join(_label(DATA_PROBLEM_LABELS, problem) for problem in problems)


PASSWORD_PROBLEM_LABELS = {
    PasswordProblem.TOO_SHORT: _l(
        "Use %(min)d to %(max)d characters.", min=MIN_PASSWORD_LENGTH, max=MAX_PASSWORD_LENGTH
    ),
    PasswordProblem.TOO_LONG: _l(
        "Use %(min)d to %(max)d characters.", min=MIN_PASSWORD_LENGTH, max=MAX_PASSWORD_LENGTH
    ),
    PasswordProblem.PERSONAL: _l("Do not build the password from your name or e-mail address."),
    PasswordProblem.COMMON: _l(
        "This is one of the most common passwords and is guessed first. Please choose another."
    ),
    PasswordProblem.GUESSABLE: _l(
        "This password is too easy to guess. Avoid repetitions, sequences such as 1234 or "
        "abcd, keyboard rows and single common words; a few unrelated words work well."
    ),
}
PASSWORD_RULE = _l(
    "%(min)d to %(max)d characters; not a common password, not built from your name or e-mail "
    "address, no repetitions or sequences such as aaaa or 1234.",
    min=MIN_PASSWORD_LENGTH,
    max=MAX_PASSWORD_LENGTH,
)


def password_problem_label(problem: PasswordProblem) -> str:
    return str(PASSWORD_PROBLEM_LABELS[problem])


# -- the back office (§12) -----------------------------------------------------------------

STAFF_RIGHT_LABELS = {
    StaffRight.REVIEW: _l("Review queue"),
    StaffRight.OUTBOX: _l("ERP outbox"),
    StaffRight.CUSTOMERS: _l("Customers"),
    StaffRight.CONTENT: _l("Product content"),
}
REVIEW_REASON_LABELS = {
    ReviewReason.CUSTOMER_COMMENT: _l("Customer comment"),
    ReviewReason.PARCEL_LOCKER_BULKY: _l("Parcel locker with bulky goods"),
    ReviewReason.ERP_REJECTION: _l("ERP rejection"),
    ReviewReason.ERP_UPDATE_PROBLEM: _l("ERP update problem"),
    ReviewReason.OTHER: _l("Other"),
}
TICKET_STATUS_LABELS = {
    TicketStatus.OPEN: _l("Open"),
    TicketStatus.RELEASED: _l("Released"),
    TicketStatus.CANCELLED: _l("Cancelled"),
    TicketStatus.RESOLVED: _l("Resolved without review"),
}
REVIEW_QUEUE_LABELS = {
    ReviewQueue.SALES: _l("Sales team"),
    ReviewQueue.LOGISTICS: _l("Logistics team"),
    ReviewQueue.ACCOUNTING: _l("Accounting team"),
}
STAFF_ACTION_LABELS = {
    StaffAction.LOGIN: _l("Logged in"),
    StaffAction.LOGOUT: _l("Logged out"),
    StaffAction.ASSIGN: _l("Assigned a ticket"),
    StaffAction.NOTE: _l("Added a note"),
    StaffAction.RELEASE: _l("Released an order"),
    StaffAction.CANCEL: _l("Cancelled an order"),
    StaffAction.OUTBOX_RETRY: _l("Retried outbox entries"),
    StaffAction.OUTBOX_PUSH: _l("Pushed the outbox"),
    StaffAction.ERP_UPDATE_HANDLED: _l("Marked a parked ERP update handled"),
    StaffAction.CUSTOMER_CHANGE_HANDLED: _l("Marked a refused customer change handled"),
    StaffAction.ONBOARDING_MOVE: _l("Moved a company on in onboarding"),
    StaffAction.ONBOARDING_NOTE: _l("Added an onboarding note"),
    StaffAction.ONBOARDING_CHECKLIST: _l("Changed an onboarding checklist"),
    StaffAction.CATALOG_IMPORT: _l("Imported a catalogue file"),
    StaffAction.PUBLISH_PRODUCT: _l("Checked a product for publishing"),
    StaffAction.CATALOG_IMPORT_ERP: _l("Imported the catalogue from the ERP"),
    StaffAction.PRODUCT_TYPE: _l("Edited a product type"),
}
OUTBOX_STATUS_LABELS = {
    OutboxStatus.PENDING: _l("Pending"),
    OutboxStatus.DELIVERED: _l("Delivered"),
    OutboxStatus.PARKED: _l("Parked"),
    OutboxStatus.CANCELLED: _l("Cancelled"),
}
OUTBOX_KIND_LABELS = {
    OutboxKind.SUBMIT_ORDER: _l("Order"),
    OutboxKind.UPSERT_CONTACT: _l("Contact"),
    OutboxKind.SEND_MAIL: _l("Mail"),
    OutboxKind.REQUEST_CUSTOMER_CHANGE: _l("Customer change request"),
}
# What an audit entry's target is ("order", "ticket", "outbox").
STAFF_TARGET_LABELS = {
    "order": _l("Order"),
    "ticket": _l("Ticket"),
    "outbox": _l("Outbox entries"),
    "erp_update": _l("Parked ERP update"),
    "customer_change": _l("Customer change request"),
    "company": _l("Customer"),
    "catalog_import": _l("Catalogue import"),
    "product": _l("Product"),
}


def staff_right_label(code: str) -> str:
    return _label(STAFF_RIGHT_LABELS, code)


def review_reason_label(code: str) -> str:
    return _label(REVIEW_REASON_LABELS, code)


def ticket_status_label(code: str) -> str:
    return _label(TICKET_STATUS_LABELS, code)


def review_queue_label(code: str) -> str:
    return _label(REVIEW_QUEUE_LABELS, code)


def staff_action_label(code: str) -> str:
    return _label(STAFF_ACTION_LABELS, code)


def outbox_status_label(code: str) -> str:
    return _label(OUTBOX_STATUS_LABELS, code)


def outbox_kind_label(code: str) -> str:
    return _label(OUTBOX_KIND_LABELS, code)


def staff_target_label(code: str) -> str:
    return _label(STAFF_TARGET_LABELS, code)


def staff_audit_detail(action: str, detail: str) -> str:
    """An audit entry's detail as a reader understands it (assignments name the team)."""
    if action == StaffAction.ASSIGN:
        kind, _sep, value = detail.partition(":")
        if kind == "queue":
            return review_queue_label(value)
        if kind == "staff":
            return value
        return str(_l("Nobody"))
    if action == StaffAction.OUTBOX_PUSH:
        return str(_l("entries due now: %(count)s", count=detail))
    if action == StaffAction.OUTBOX_RETRY:
        return str(_l("entries %(ids)s", ids=detail)) if detail else str(_l("none"))
    if action == StaffAction.ONBOARDING_MOVE:
        from shop.web.labels.onboarding import onboarding_move_label

        return onboarding_move_label(detail)
    if action == StaffAction.ONBOARDING_CHECKLIST:
        from shop.web.labels.onboarding import checklist_change_label

        return checklist_change_label(detail)
    if action == StaffAction.PRODUCT_TYPE:
        from shop.web.labels.product_types import product_type_change_label

        return product_type_change_label(detail)
    return detail
