"""An order's life after checkout in real Chromium (§8, #16): a prepayment order shows the bank
details, then the ERP reports payment, shipment and invoice and the buyer follows the
parcel; in English, in German, and with JavaScript switched off."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from shop.erp import erp_client
from shop.extensions import db
from shop.models.clock import utcnow
from shop.services.order_updates import poll_order_updates
from shop.services.outbox import deliver_due
from tests.browser.conftest import save_screenshot
from tests.factories import PASSWORD, make_company, make_order, make_product, make_user

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    "language, javascript",
    [("en", True), ("de", True), ("en", False)],
    ids=["english", "german", "no-javascript"],
)
def test_a_buyer_follows_a_prepayment_order_from_payment_to_invoice(
    app, open_page, translate, app_context, erp, monkeypatch, language, javascript
):
    monkeypatch.setitem(app.config, "TRACKING_URLS", "UPS=https://ups.example/track/{tracking}")
    buyer = make_user(make_company(customer_number="10001"), locale=language)
    db.session.commit()
    product = make_product(
        list_price=Decimal("10.00"), name_en="Hex bolt M8", name_de="Sechskantschraube M8"
    )
    order = make_order(buyer, lines=[(product, 3)], payment_method="prepayment")
    deliver_due(erp_client(), "worker-1", utcnow())
    poll_order_updates(erp_client(), utcnow())
    t = lambda message, **values: translate(message, language, **values)  # noqa: E731

    page = open_page(language, javascript)
    page.goto("/login")
    page.fill("input[name=email]", buyer.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit] >> text=" + t("Log in"))
    page.goto(f"/orders/{order.number}")
    life = page.locator(".order-life")
    expect(life.locator(".payment-status")).to_have_text(t("Awaiting your prepayment"))
    expect(life.locator(".bank-details .reference")).to_have_text(order.number)
    erp_number = erp.orders()[order.number]["erpOrderNumber"]
    expect(life.locator(".erp-order-number")).to_have_text(erp_number)

    erp.add_order_event(order.number, "paid")
    poll_order_updates(erp_client(), utcnow())
    deliver_due(erp_client(), "worker-1", utcnow())  # the release to the ERP
    erp.add_order_event(order.number, "shipped", carrier="UPS", trackingNumber="1Z999")
    erp.add_order_event(order.number, "invoiced", invoiceNumber="RE-2026-10001-77")
    poll_order_updates(erp_client(), utcnow())
    page.reload()

    expect(life.locator(".payment-status")).to_have_text(t("Paid"))
    expect(life.locator(".bank-details")).to_have_count(0)
    link = life.locator("a.tracking-link")
    expect(link).to_have_text("1Z999")
    expect(link).to_have_attribute("href", "https://ups.example/track/1Z999")
    expect(life.locator(".shipped-lines")).to_contain_text(
        "Sechskantschraube M8" if language == "de" else "Hex bolt M8"
    )
    expect(life.locator("tr.invoice")).to_contain_text("RE-2026-10001-77")
    expect(page.locator(".status")).to_have_text(t("Invoiced"))
    save_screenshot(page, f"order-life-{language}-{'js' if javascript else 'nojs'}")
