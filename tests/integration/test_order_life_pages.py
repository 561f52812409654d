"""The order pages show the order's life from the ERP (§8, #16): ERP order number, payment
status, what a prepayment waits for, shipments with tracking links, invoices."""

import html
from decimal import Decimal

from shop.erp import erp_client
from shop.models.clock import utcnow
from shop.services.order_updates import poll_order_updates
from shop.services.outbox import deliver_due
from tests.clients import text_of
from tests.factories import make_company, make_order, make_product, make_user
from tests.factories import order_by_number as reread


def transmitted_order(user, **details):
    order = make_order(user, lines=[(make_product(list_price=Decimal("10.00")), 3)], **details)
    deliver_due(erp_client(), "worker-1", utcnow())
    return reread(order.number)


def test_the_order_page_shows_erp_number_shipment_with_the_carriers_link_and_invoice(
    app, app_context, client, login_as, erp, monkeypatch
):
    monkeypatch.setitem(app.config, "TRACKING_URLS", "UPS=https://ups.example/track/{tracking}")
    user = login_as(make_user(make_company(customer_number="10001")))
    order = transmitted_order(user)
    erp.add_order_event(order.number, "shipped", carrier="UPS", trackingNumber="1Z 99")
    erp.add_order_event(
        order.number, "shipped", carrier="GLS", trackingUrl="https://gls.example/p/7"
    )
    erp.add_order_event(
        order.number, "invoiced", invoiceNumber="RE-2026-10001-91", dueDate="2026-12-30"
    )
    poll_order_updates(erp_client(), utcnow())

    page = html.unescape(text_of(client.get(f"/orders/{order.number}")))

    erp_number = erp.orders()[order.number]["erpOrderNumber"]
    assert erp_number in page
    assert 'href="https://ups.example/track/1Z%2099"' in page
    assert 'href="https://gls.example/p/7"' in page
    assert "RE-2026-10001-91" in page and "€35.70" in page and "30 Dec 2026" in page
    assert "Invoiced, payment due" in page
    assert "Shipped" in page and "Invoiced" in page  # the history


def test_a_prepayment_order_says_what_it_waits_for_and_how_to_pay(
    app, app_context, client, login_as, erp, monkeypatch
):
    monkeypatch.setitem(app.config, "BANK_IBAN", "DE89 3704 0044 0532 0130 00")
    user = login_as(make_user(make_company(customer_number="10001")))
    order = transmitted_order(user, payment_method="prepayment")
    poll_order_updates(erp_client(), utcnow())

    waiting = html.unescape(text_of(client.get(f"/orders/{order.number}")))
    erp.add_order_event(order.number, "paid")
    poll_order_updates(erp_client(), utcnow())
    paid = html.unescape(text_of(client.get(f"/orders/{order.number}")))

    assert "Awaiting your prepayment" in waiting
    assert "as soon as your payment has arrived" in waiting
    assert "DE89 3704 0044 0532 0130 00" in waiting and "€35.70" in waiting
    assert "DE89 3704 0044 0532 0130 00" not in paid
    assert "Payments received" in paid


def test_an_on_account_order_does_not_wait_for_payment(app_context, client, login_as, erp):
    user = login_as(make_user(make_company(customer_number="10001")))
    order = transmitted_order(user)

    page = html.unescape(text_of(client.get(f"/orders/{order.number}")))

    assert "On account: payable once invoiced" in page
    assert "IBAN" not in page


def test_the_order_list_shows_the_erp_number_and_payment_status_in_german(
    app_context, client, login_as, erp
):
    user = login_as(make_user(make_company(customer_number="10001"), locale="de"))
    order = transmitted_order(user, payment_method="prepayment")

    page = html.unescape(text_of(client.get("/orders")))

    assert erp.orders()[order.number]["erpOrderNumber"] in page
    assert "Unsere Auftragsnummer" in page and "Wartet auf Ihre Vorauszahlung" in page


def test_a_parked_update_is_explained_in_the_orders_history(app_context, client, login_as, erp):
    user = login_as(make_user(make_company(customer_number="10001")))
    order = transmitted_order(user)
    erp.add_order_event(order.number, "delivered")
    poll_order_updates(erp_client(), utcnow())

    page = html.unescape(text_of(client.get(f"/orders/{order.number}")))

    assert "On hold for review" in page
    assert (
        "The warehouse reported a delivery that could not be applied: "
        "it does not fit the order's current state." in page
    )
