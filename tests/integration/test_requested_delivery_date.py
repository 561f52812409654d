"""The requested delivery date at checkout (#15): checked on the server with a message next to
the field, stored on the order, shown on the order and to the approver, and sent to the ERP
(the real simulator records it); the new-address fields count only for a new address."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from shop.erp import erp_client
from shop.extensions import db
from shop.models import Order
from shop.models.clock import utcnow
from shop.services.outbox import deliver_due
from tests.clients import add, checkout_form, logged_in, text_of
from tests.factories import make_company, make_product, make_user, team

EN = {"Accept-Language": "en"}
FIELD_ERROR = 'id="requested_delivery_date-error"'


def shop_today(app) -> date:
    return datetime.now(ZoneInfo(app.config["BABEL_DEFAULT_TIMEZONE"])).date()


def next_weekday(after: date, weekday: int) -> date:
    """The first day after `after` that is `weekday` (0 Monday … 6 Sunday)."""
    day = after + timedelta(days=1)
    while day.weekday() != weekday:
        day += timedelta(days=1)
    return day


def a_working_day(app) -> date:
    return next_weekday(shop_today(app) + timedelta(days=1), 2)  # a Wednesday, not tomorrow


def order_count() -> int:
    return db.session.scalar(select(func.count(Order.id)))


def a_buyer_with_a_cart(client, csrf, login_as, company=None):
    login_as(make_user(company or make_company(customer_number="10001")))
    add(client, csrf, make_product().sku, 2)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (lambda today: next_weekday(today, 5).isoformat(), "We deliver on working days only"),
        (lambda today: next_weekday(today, 6).isoformat(), "We deliver on working days only"),
        (lambda today: (today - timedelta(days=3)).isoformat(), "This day is in the past."),
        (lambda today: "2026-02-30", "This is not a date."),
        (lambda today: "tomorrow", "This is not a date."),
        (lambda today: "0000-00-00", "This is not a date."),
        (lambda today: "9999-12-31", "Please choose a day within the next 180 days."),
    ],
    ids=["saturday", "sunday", "past", "february-30", "words", "zeros", "too-far"],
)
def test_a_bad_requested_delivery_date_is_refused_next_to_the_field(
    app, client, csrf, login_as, erp, typed, message
):
    a_buyer_with_a_cart(client, csrf, login_as)

    response = client.post(
        "/checkout",
        data=checkout_form(client, csrf, requested_delivery_date=typed(shop_today(app))),
        headers=EN,
    )

    page = text_of(response)
    assert response.status_code == 422
    assert FIELD_ERROR in page
    error = page[page.index(FIELD_ERROR) :]
    assert message in error[: error.index("</p>")]
    assert order_count() == 0


def test_today_is_refused_after_the_cutoff(app, client, csrf, login_as, erp, monkeypatch):
    monkeypatch.setitem(app.config, "DELIVERY_CUTOFF", time(0, 0))
    a_buyer_with_a_cart(client, csrf, login_as)

    response = client.post(
        "/checkout",
        data=checkout_form(client, csrf, requested_delivery_date=shop_today(app).isoformat()),
        headers=EN,
    )

    assert response.status_code == 422
    assert "Orders placed after 00:00 cannot be delivered today." in text_of(response)
    assert order_count() == 0


def test_the_date_is_stored_shown_on_the_order_and_sent_to_the_erp(
    app, client, csrf, login_as, erp
):
    day = a_working_day(app)
    a_buyer_with_a_cart(client, csrf, login_as)

    response = client.post(
        "/checkout",
        data=checkout_form(client, csrf, requested_delivery_date=day.strftime("%d.%m.%Y")),
    )
    order = db.session.scalar(select(Order))
    deliver_due(erp_client(), "worker-1", utcnow())
    page = text_of(client.get(f"/orders/{order.number}", headers=EN))

    assert response.status_code == 302
    assert order.requested_delivery_date == day
    assert "Requested delivery date" in page
    assert f"{day.day} {day:%B} {day.year}" in page  # e.g. "9 December 2026"
    assert erp.orders()[order.number]["order"]["requestedDeliveryDate"] == day.isoformat()


def test_without_a_date_the_erp_gets_none(app, client, csrf, login_as, erp):
    a_buyer_with_a_cart(client, csrf, login_as)

    client.post("/checkout", data=checkout_form(client, csrf, requested_delivery_date=""))
    order = db.session.scalar(select(Order))
    deliver_due(erp_client(), "worker-1", utcnow())

    assert order.requested_delivery_date is None
    assert erp.orders()[order.number]["order"].get("requestedDeliveryDate") is None


def test_the_approver_sees_the_requested_delivery_date(app, client, csrf, login_as, erp):
    day = a_working_day(app)
    _company, _main, clara, anna = team()
    login_as(anna)
    add(client, csrf, make_product(list_price="60.00").sku, 2)  # 120.00: over her budget

    client.post(
        "/checkout", data=checkout_form(client, csrf, requested_delivery_date=day.isoformat())
    )
    order = db.session.scalar(select(Order))
    approver = logged_in(app, clara)
    page = text_of(approver.get(f"/customer-center/approvals/{order.number}", headers=EN))

    assert order.status == "awaiting_approval"
    assert "Requested delivery date" in page
    assert f"{day.day} {day:%B} {day.year}" in page


def test_the_new_address_fields_count_only_when_a_new_address_is_chosen(
    client, csrf, login_as, erp
):
    a_buyer_with_a_cart(client, csrf, login_as)
    junk = {"new_name": "", "new_street": "", "new_postal_code": "!!", "new_city": ""}

    saved = client.post("/checkout", data=checkout_form(client, csrf, **junk), headers=EN)

    assert saved.status_code == 302
    assert order_count() == 1


def test_a_chosen_new_address_is_checked(client, csrf, login_as, erp):
    a_buyer_with_a_cart(client, csrf, login_as)
    junk = {"new_name": "", "new_street": "", "new_postal_code": "!!", "new_city": ""}

    response = client.post(
        "/checkout", data=checkout_form(client, csrf, address="new", **junk), headers=EN
    )

    assert response.status_code == 422
    assert "Required for a new address." in text_of(response)
    assert "This is not a postal code." in text_of(response)
    assert order_count() == 0


def test_the_new_address_fields_are_marked_to_be_shown_only_for_a_new_address(
    client, csrf, login_as, erp
):
    a_buyer_with_a_cart(client, csrf, login_as)

    page = text_of(client.get("/checkout", headers=EN))

    assert 'data-shown-when-name="address" data-shown-when-value="new"' in page
    assert "/static/js/site.js" in page
