"""The customer center's sub-navigation: the sections the user may open, the current one
marked (templates/customer_center/_partials/subnav.html shows them).

Worked out in the template, the menu asked for the user's rights thirteen times (each
`can()` unites the rights of every role anew) and translated its labels one call at a time:
a tenth of the approval inbox's and the user list's rendering (#10). Here the rights are
read once per page.
"""

from dataclasses import dataclass

from flask import request, url_for
from flask_babel import get_translations

from customer_center import bp
from shop.domain.rights import Right
from shop.web.authorization import viewer_rights


def N_(message: str) -> str:
    """Marks a message for extraction (one of Babel's keywords): the menu translates its
    labels with one lookup of the request's translations (open_sections)."""
    return message


@dataclass(frozen=True)
class Section:
    endpoint: str
    label: str  # a message id, translated by open_sections
    # Any one of these rights opens it; none: everyone of the customer center.
    rights: tuple[Right, ...]
    # The view names that belong to it: the current section is the first whose names start
    # the page's endpoint (approvers before approvals: "approvers" starts with "approve").
    names: tuple[str, ...]


SECTIONS = (
    Section("dashboard", N_("Overview"), (), ("dashboard",)),
    Section(
        "users",
        N_("Users"),
        (Right.MANAGE_USERS,),
        (
            "users",
            "new_user",
            "edit_user",
            "import_users",
            "confirm_deactivation",
            "set_user_active",
            "resend_invitation",
        ),
    ),
    Section(
        "roles",
        N_("Roles"),
        (Right.MANAGE_ROLES,),
        ("roles", "new_role", "edit_role", "remove_role", "copy_role"),
    ),
    Section("budgets", N_("Budgets"), (Right.SEE_BUDGETS, Right.MANAGE_BUDGETS), ("budget",)),
    Section("approvers", N_("Approvers"), (Right.MANAGE_APPROVERS,), ("approvers",)),
    Section(
        "approvals",
        N_("Approvals"),
        (Right.DECIDE_APPROVALS,),
        ("approval", "approve", "reject", "change", "absence"),
    ),
    Section(
        "invoices",
        N_("Invoices"),
        (Right.SEE_OWN_ORDERS, Right.SEE_COMPANY_ORDERS),
        ("invoices",),
    ),
    Section("reports", N_("Reports"), (Right.SEE_REPORTS,), ("reports",)),
    Section("audit", N_("Audit trail"), (Right.SEE_AUDIT_TRAIL,), ("audit",)),
    Section("company_settings", N_("Company"), (Right.EDIT_COMPANY_DATA,), ("company",)),
)


def open_sections() -> list[tuple[str, str, bool]]:
    """(URL, label, whether it is the current page's) of each section the user may open."""
    here = (request.endpoint or "").partition(".")[2]
    current = next((s.endpoint for s in SECTIONS if here.startswith(s.names)), None)
    rights = viewer_rights() or frozenset()
    translations = get_translations()  # once, not once per label as str(label) would
    return [
        (
            url_for(f"customer_center.{s.endpoint}"),
            translations.ugettext(s.label),
            s.endpoint == current,
        )
        for s in SECTIONS
        if not s.rights or any(right in rights for right in s.rights)
    ]


@bp.context_processor
def _sections() -> dict:
    # The function, not its result: only pages that show the menu pay for it.
    return {"customer_center_sections": open_sections}
