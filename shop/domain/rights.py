"""Rights and roles (§2): fine-grained rights; roles are named bundles of them.

Every check asks for a right, never for a role name. A user may hold several roles; their
rights are the union of the bundles. A main contact can define company-specific roles from
the same rights; the predefined roles below are just the bundles every company starts with.
"""

from collections.abc import Iterable, Set
from enum import StrEnum


class Right(StrEnum):
    # Stored in the database as these strings: rename a member, never its value.
    SEE_PRICES = "see_prices"
    PLACE_ORDERS = "place_orders"
    DOWNLOAD_DATASHEETS = "download_datasheets"
    SEE_OWN_ORDERS = "see_own_orders"
    SEE_COMPANY_ORDERS = "see_company_orders"
    DECIDE_APPROVALS = "decide_approvals"
    SEE_REPORTS = "see_reports"
    SEE_BUDGETS = "see_budgets"
    SEE_AUDIT_TRAIL = "see_audit_trail"
    MANAGE_USERS = "manage_users"
    MANAGE_ROLES = "manage_roles"
    MANAGE_BUDGETS = "manage_budgets"
    MANAGE_APPROVERS = "manage_approvers"
    EDIT_COMPANY_DATA = "edit_company_data"


class PredefinedRole(StrEnum):
    MAIN_CONTACT = "main_contact"
    BUYER = "buyer"
    APPROVER = "approver"
    CONTROLLER = "controller"
    SERVICE_TECHNICIAN = "service_technician"


# §2, role by role. Seeing the orders routed to an approver is not a right of its own: it
# follows from DECIDE_APPROVALS plus the order being routed to them (see routing.py).
PREDEFINED_ROLE_RIGHTS: dict[PredefinedRole, frozenset[Right]] = {
    PredefinedRole.MAIN_CONTACT: frozenset(Right),
    PredefinedRole.BUYER: frozenset(
        {Right.SEE_PRICES, Right.PLACE_ORDERS, Right.SEE_OWN_ORDERS, Right.DOWNLOAD_DATASHEETS}
    ),
    # An approver who should also order gets the buyer role as well.
    PredefinedRole.APPROVER: frozenset(
        {Right.SEE_PRICES, Right.DECIDE_APPROVALS, Right.SEE_OWN_ORDERS, Right.DOWNLOAD_DATASHEETS}
    ),
    PredefinedRole.CONTROLLER: frozenset(
        {
            Right.SEE_PRICES,
            Right.SEE_OWN_ORDERS,
            Right.SEE_COMPANY_ORDERS,
            Right.SEE_REPORTS,
            Right.SEE_BUDGETS,
            Right.DOWNLOAD_DATASHEETS,
        }
    ),
    # The technician needs current data sheets only: no prices, no ordering (seed 002).
    PredefinedRole.SERVICE_TECHNICIAN: frozenset({Right.DOWNLOAD_DATASHEETS}),
}


class RightGroup(StrEnum):
    CATALOGUE_AND_ORDERING = "catalogue_and_ordering"
    ORDERS_AND_APPROVALS = "orders_and_approvals"
    REPORTS_AND_CONTROL = "reports_and_control"
    ADMINISTRATION = "administration"


# The checkbox matrix on the role editor, top to bottom. Every right appears in exactly one
# group.
RIGHT_GROUPS: tuple[tuple[RightGroup, tuple[Right, ...]], ...] = (
    (
        RightGroup.CATALOGUE_AND_ORDERING,
        (Right.SEE_PRICES, Right.PLACE_ORDERS, Right.DOWNLOAD_DATASHEETS),
    ),
    (
        RightGroup.ORDERS_AND_APPROVALS,
        (Right.SEE_OWN_ORDERS, Right.SEE_COMPANY_ORDERS, Right.DECIDE_APPROVALS),
    ),
    (
        RightGroup.REPORTS_AND_CONTROL,
        (Right.SEE_REPORTS, Right.SEE_BUDGETS, Right.SEE_AUDIT_TRAIL),
    ),
    (
        RightGroup.ADMINISTRATION,
        (
            Right.MANAGE_USERS,
            Right.MANAGE_ROLES,
            Right.MANAGE_BUDGETS,
            Right.MANAGE_APPROVERS,
            Right.EDIT_COMPANY_DATA,
        ),
    ),
)


def rights_of(roles: Iterable[Set[Right]]) -> frozenset[Right]:
    """The rights of a user holding these role bundles: their union."""
    rights: set[Right] = set()
    for bundle in roles:
        rights |= bundle
    return frozenset(rights)


def can(rights: Set[Right], right: Right) -> bool:
    """Whether a set of rights includes the given right."""
    return right in rights


def would_remove_last_main_contact(
    active_main_contact_ids: Set[int],
    user_id: int,
    still_main_contact_after: bool,
    still_active_after: bool,
) -> bool:
    """Whether a change to this user would leave the company without an active main contact."""
    # §4: someone must always be able to manage the company's users, or it is locked out.
    if user_id not in active_main_contact_ids:
        return False
    if still_main_contact_after and still_active_after:
        return False
    return not (active_main_contact_ids - {user_id})
