"""The customer center's start page: company master data, key figures and shortcuts.

Figures and shortcuts follow rights, not roles: each appears only for whoever may use it.
Shortcuts to screens that are built separately are shown only once their endpoint exists,
so this page never breaks while they are missing.
"""

from dataclasses import dataclass

from flask import current_app, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from customer_center import bp
from shop.domain.onboarding import ComputedCheck
from shop.domain.rights import Right
from shop.models.clock import utcnow
from shop.services.customer_center.reports import dashboard_figures
from shop.services.onboarding import getting_started
from shop.web.labels.onboarding import checklist_entry_label


@dataclass(frozen=True)
class Shortcut:
    endpoint: str
    label: str
    description: str
    rights: tuple[Right, ...]  # any one of them is enough


SHORTCUTS = (
    Shortcut(
        "customer_center.users",
        _l("Users"),
        _l("Create, change and deactivate your colleagues' accounts."),
        (Right.MANAGE_USERS,),
    ),
    Shortcut(
        "customer_center.roles",
        _l("Roles and rights"),
        _l("Bundle rights into roles for your company."),
        (Right.MANAGE_ROLES,),
    ),
    Shortcut(
        "customer_center.budgets",
        _l("Budgets"),
        _l("Limits per order and per month, and this month's spend."),
        (Right.MANAGE_BUDGETS, Right.SEE_BUDGETS),
    ),
    Shortcut(
        "customer_center.approvers",
        _l("Approvers"),
        _l("Who approves orders over budget, absences and deputies."),
        (Right.MANAGE_APPROVERS,),
    ),
    Shortcut(
        "customer_center.approvals",
        _l("Approvals"),
        _l("Orders waiting for your decision."),
        (Right.DECIDE_APPROVALS,),
    ),
    Shortcut(
        "customer_center.absence",
        _l("My absence"),
        _l("Name a deputy while you are away."),
        (Right.DECIDE_APPROVALS,),
    ),
    Shortcut(
        "customer_center.invoices",
        _l("Invoices"),
        _l("Your invoices as PDF, open, overdue or paid, and as a CSV file."),
        (Right.SEE_OWN_ORDERS, Right.SEE_COMPANY_ORDERS),
    ),
    Shortcut(
        "customer_center.reports",
        _l("Reports"),
        _l("Spend per user and month, orders by state, CSV downloads."),
        (Right.SEE_REPORTS,),
    ),
    Shortcut(
        "customer_center.company_settings",
        _l("Company settings"),
        _l("Whether you get review request mails after delivery."),
        (Right.EDIT_COMPANY_DATA,),
    ),
    Shortcut(
        "customer_center.audit",
        _l("Audit trail"),
        _l("Who changed what, and when."),
        (Right.SEE_AUDIT_TRAIL,),
    ),
)


def available_shortcuts() -> list[dict]:
    """The shortcuts the current user may use and that exist in this build."""
    return [
        {"url": url_for(s.endpoint), "label": s.label, "description": s.description}
        for s in SHORTCUTS
        if s.endpoint in current_app.view_functions
        and any(current_user.can(right) for right in s.rights)
    ]


# #12: where the main contact does each computed step of the getting-started checklist.
STEP_LINKS = {
    ComputedCheck.USERS_CREATED: "customer_center.users",
    ComputedCheck.APPROVER_NAMED: "customer_center.approvers",
    ComputedCheck.BUDGETS_SET: "customer_center.budgets",
    ComputedCheck.FIRST_ORDER_PLACED: "catalog.home",
    ComputedCheck.FIRST_APPROVAL_DECIDED: "customer_center.approvals",
    # The company data page shows the delivery addresses on record and takes a change.
    ComputedCheck.DELIVERY_ADDRESS_CONFIRMED: "customer_center.company_settings",
    # Data sheets hang on the product pages.
    ComputedCheck.DATASHEETS_DOWNLOADED: "catalog.catalog",
}


@bp.get("/")
@login_required
def dashboard():
    user = current_user
    show_figures = any(
        user.can(r) for r in (Right.MANAGE_USERS, Right.SEE_BUDGETS, Right.SEE_REPORTS)
    )
    return render_template(
        "customer_center/dashboard.html",
        company=user.company,
        figures=dashboard_figures(user.company, utcnow().date()) if show_figures else None,
        shortcuts=available_shortcuts(),
        getting_started=getting_started(user.company_id) if user.can(Right.MANAGE_USERS) else None,
        step_links=STEP_LINKS,
        checklist_entry_label=checklist_entry_label,
    )
