"""Tracking links come from the ERP: only web addresses become links on the order page, and
the tracking number cannot break out of the configured URL (#16)."""

import re
from decimal import Decimal

import pytest

from shop.erp import erp_client
from shop.models.clock import utcnow
from shop.services.order_updates import poll_order_updates
from shop.services.outbox import deliver_due
from tests.clients import text_of
from tests.factories import make_company, make_order, make_product, make_user

HREFS = re.compile(r'class="tracking-link" href="([^"]*)"')


@pytest.mark.parametrize(
    "erp_url",
    [
        "javascript:alert(document.cookie)",
        "data:text/html,<script>alert(1)</script>",
        "//evil.example/parcel",
        "JAVASCRIPT:alert(1)",
    ],
)
def test_a_tracking_url_from_the_erp_that_is_no_web_address_is_not_linked(
    app_context, client, login_as, erp, erp_url
):
    user = login_as(make_user(make_company(customer_number="10001")))
    order = make_order(user, lines=[(make_product(list_price=Decimal("1.00")), 1)])
    deliver_due(erp_client(), "worker-1", utcnow())
    erp.add_order_event(order.number, "shipped", carrier="ACME", trackingUrl=erp_url)
    poll_order_updates(erp_client(), utcnow())

    page = text_of(client.get(f"/orders/{order.number}"))

    assert HREFS.findall(page) == []
    assert "javascript:" not in page.lower() and "data:text/html" not in page


def test_a_tracking_number_cannot_leave_the_configured_url(
    app, app_context, client, login_as, erp, monkeypatch
):
    monkeypatch.setitem(app.config, "TRACKING_URLS", "DHL=https://dhl.example/t?c={tracking}")
    user = login_as(make_user(make_company(customer_number="10001")))
    order = make_order(user, lines=[(make_product(list_price=Decimal("1.00")), 1)])
    deliver_due(erp_client(), "worker-1", utcnow())
    erp.add_order_event(
        order.number, "shipped", carrier="DHL", trackingNumber='1"&x=/../@evil.example#'
    )
    poll_order_updates(erp_client(), utcnow())

    page = text_of(client.get(f"/orders/{order.number}"))

    assert HREFS.findall(page) == ["https://dhl.example/t?c=1%22%26x%3D%2F..%2F%40evil.example%23"]
