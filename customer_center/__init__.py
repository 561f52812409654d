"""The customer center at /customer-center: self-registration, and the main contact's screens
for users, roles, budgets, company settings, approvers, approvals, reports, invoices and the
audit trail."""

from flask import Blueprint

bp = Blueprint("customer_center", __name__, url_prefix="/customer-center")

# Importing the view modules registers their routes on bp.
from customer_center import (  # noqa: E402, F401
    approvals,
    approvers,
    audit,
    budgets,
    bulk_approval,
    company_data,
    company_settings,
    dashboard,
    invoices,
    registration,
    reports,
    roles,
    sections,
    users,
)
