"""Approvals stuck with the customer (§12): too old, or nobody can decide them."""

from datetime import timedelta

from shop.extensions import db
from shop.models.clock import utcnow
from tests.clients import staff_logged_in, text_of
from tests.factories import make_staff, order_over_budget, team


def waiting_since(order, days: float) -> None:
    order.awaiting_since = utcnow() - timedelta(days=days)
    db.session.commit()


def test_an_order_waiting_longer_than_the_limit_is_listed_with_its_routing(app, app_context):
    company, main, clara, anna = team()
    old = order_over_budget(anna)
    fresh = order_over_budget(anna)
    waiting_since(old, 4)
    waiting_since(fresh, 1)
    client = staff_logged_in(app, make_staff(rights=("customers",)))

    page = text_of(client.get("/back-office/approvals/stuck"))

    assert old.number in page and fresh.number not in page
    assert "Clara Schulz" in page and "per-user approver of Anna Buyer" in page


def test_an_order_nobody_can_decide_is_listed_at_once(app, app_context):
    company, main, clara, anna = team()
    order = order_over_budget(anna)
    clara.active = False
    main.active = False
    db.session.commit()
    client = staff_logged_in(app, make_staff(rights=("review",)))

    page = text_of(client.get("/back-office/approvals/stuck"))

    assert order.number in page and "Nobody can decide this order today." in page


def test_the_limit_comes_from_the_configuration(app, app_context):
    company, main, clara, anna = team()
    order = order_over_budget(anna)
    waiting_since(order, 2)
    client = staff_logged_in(app, make_staff())
    app.config["STUCK_APPROVAL_DAYS"] = 1
    try:
        page = text_of(client.get("/back-office/approvals/stuck"))
    finally:
        app.config["STUCK_APPROVAL_DAYS"] = 3

    assert order.number in page
