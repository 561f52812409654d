"""The budget verdict of the cart as it stands, for the cart and checkout pages (§5)."""

from flask_login import current_user

from shop.models.clock import utcnow
from shop.services.cart import CartView
from shop.services.place_order import preview_budget
from shop.web.order_conversation import exceedance_rows


def budget_context(cart: CartView) -> dict:
    """The budget verdict and who would approve, as template context."""
    if cart.is_empty:
        return {"budget": None, "budget_rows": []}
    totals = cart.totals
    budget = preview_budget(current_user, totals.quantity, totals.net.amount, utcnow().date())
    return {
        "budget": budget,
        "budget_rows": exceedance_rows(budget.verdict.exceedances, totals.net.currency),
    }
