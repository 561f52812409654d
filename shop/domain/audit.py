"""What the audit trail records (§4): the kinds of things changed and their fields.

Entries store these codes and language-neutral values; the reader's labels and formatting are
chosen where the trail is shown (shop/web/labels/audit.py).
"""

from enum import StrEnum


class AuditTarget(StrEnum):
    USER = "user"
    ROLE = "role"
    COMPANY = "company"


class AuditField(StrEnum):
    # users and roles
    CREATED = "created"
    IMPORTED = "imported"
    NAME = "name"
    EMAIL = "email"
    PENDING_EMAIL = "pending_email"
    ROLES = "roles"
    ACTIVE = "active"
    RIGHTS = "rights"
    DELETED = "deleted"
    # budgets (§5): a user's own, or the company default for users without one
    HAS_OWN_BUDGET = "has_own_budget"
    MAX_QUANTITY_PER_ORDER = "max_quantity_per_order"
    MAX_ORDER_VALUE = "max_order_value"
    MONTHLY_BUDGET = "monthly_budget"
    DEFAULT_MAX_QUANTITY_PER_ORDER = "default_max_quantity_per_order"
    DEFAULT_MAX_ORDER_VALUE = "default_max_order_value"
    DEFAULT_MONTHLY_BUDGET = "default_monthly_budget"
    # approvers (§6)
    APPROVERS = "approvers"
    COMPANY_APPROVERS = "company_approvers"
    ABSENCE = "absence"
    # the company, as registered and as the ERP sync keeps it
    CUSTOMER_CENTER_ACTIVATED = "customer_center_activated"
    VAT_ID = "vat_id"
    PAYMENT_TERMS = "payment_terms"
    ALLOWED_PAYMENT_METHODS = "allowed_payment_methods"
    CUSTOMER_CENTER = "customer_center"
    ADDRESSES = "addresses"
    REVIEW_REQUESTS_OPT_OUT = "review_requests_opt_out"
