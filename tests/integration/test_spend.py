"""Month-to-date spend per user, as budgets count it (§5)."""

from datetime import date, datetime
from decimal import Decimal

from shop.extensions import db
from shop.models.clock import utcnow
from shop.services.spend import month_spend_by_user, month_spend_of
from tests.factories import make_order, make_product, make_user


def test_spend_sums_the_months_budget_consuming_orders_per_user(app_context):
    user = make_user()
    other = make_user(user.company)
    make_order(user, [(make_product(list_price=Decimal("10.50")), 2)])
    make_order(user, [(make_product(list_price=Decimal("1.25")), 1)])
    make_order(other, [(make_product(list_price=Decimal("3.00")), 1)])
    rejected = make_order(other, [(make_product(list_price=Decimal("99.00")), 1)])
    rejected.status = "rejected"
    last_month = make_order(user, [(make_product(list_price=Decimal("50.00")), 1)])
    last_month.created_at = datetime(2000, 1, 15)
    db.session.commit()

    spend = month_spend_by_user(user.company_id, utcnow().date())

    assert spend == {user.id: Decimal("22.25"), other.id: Decimal("3.00")}
    assert month_spend_of(user.id, user.company_id, date(2000, 1, 31)) == Decimal("50.00")
