"""The customer center at /customer-center: self-registration, and (later) the main
contact's screens for users, roles, budgets and approvers."""

from flask import Blueprint

bp = Blueprint("customer_center", __name__, url_prefix="/customer-center")

from customer_center import dashboard, registration  # noqa: E402, F401  (registers the views)
