"""What each right allows, in one line: shown beside the right where roles are edited (#15), so
a main contact building a role knows what they hand out."""

from flask_babel import lazy_gettext as _l

from shop.domain.rights import Right

RIGHT_DESCRIPTIONS = {
    Right.SEE_PRICES: _l("Sees your company's net prices in the catalogue, cart and orders."),
    Right.PLACE_ORDERS: _l("Fills a cart and places orders, within budget or for approval."),
    Right.DOWNLOAD_DATASHEETS: _l("Downloads the products' data sheets."),
    Right.SEE_OWN_ORDERS: _l("Sees the orders they placed, with their state and invoices."),
    Right.SEE_COMPANY_ORDERS: _l("Sees every order of the company and who placed it."),
    Right.DECIDE_APPROVALS: _l("Approves, changes or rejects the orders routed to them."),
    Right.SEE_REPORTS: _l("Opens the spend and order reports, with CSV downloads."),
    Right.SEE_BUDGETS: _l("Sees every user's budget and this month's spend."),
    Right.SEE_AUDIT_TRAIL: _l("Reads who changed what in the customer center, and when."),
    Right.MANAGE_USERS: _l("Creates, changes and deactivates users and gives them roles."),
    Right.MANAGE_ROLES: _l("Creates, changes and deletes the company's own roles."),
    Right.MANAGE_BUDGETS: _l("Sets the company default budget and each user's budget."),
    Right.MANAGE_APPROVERS: _l("Names who approves whose orders, and deputies for absences."),
    Right.EDIT_COMPANY_DATA: _l("Changes the company's settings and data."),
}


def right_description(right: str) -> str:
    """The one-line description of a right (its code is never shown)."""
    return str(RIGHT_DESCRIPTIONS.get(right, ""))
