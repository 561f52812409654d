"""Customer prices from the ERP: one batch per page, cached, and never blocking a page (§7)."""

from datetime import datetime
from decimal import Decimal

from sqlalchemy import func, select

from shop.domain.money import Money
from shop.extensions import db
from shop.models import CachedPrice
from shop.services.cart import view_cart
from shop.services.prices import list_price
from tests.clients import add
from tests.factories import make_category, make_company, make_product, make_user


def soap_calls(erp, operation: str = "GetPrices") -> int:
    return erp.control("status")["soapCallsByOperation"].get(operation, 0)


def demo_priced_products(count: int):
    """Products with SKUs the simulator's price list knows (its demo catalogue)."""
    from shop.demo.catalog_data import demo_products

    category = make_category(slug="priced")
    return [
        make_product(category, sku=spec.sku, name_en=spec.name_en, list_price=spec.list_price)
        for spec in demo_products()[:count]
    ]


def test_a_logged_in_customer_sees_erp_prices_fetched_in_one_call_per_page(client, login_as, erp):
    products = demo_priced_products(12)
    login_as(make_user(make_company(customer_number="10002")))
    before = soap_calls(erp)

    page = client.get("/catalog/priced", headers={"Accept-Language": "en"})
    again = client.get("/catalog/priced", headers={"Accept-Language": "en"})

    assert page.status_code == again.status_code == 200
    assert "Your price" in page.get_data(as_text=True)
    assert soap_calls(erp) - before == 1  # one GetPrices for the page, then the cache
    cached = db.session.scalar(select(func.count(CachedPrice.id)))
    assert cached == len(products)


def test_customer_price_differs_from_the_list_price(client, login_as, erp):
    product = demo_priced_products(1)[0]
    login_as(make_user(make_company(customer_number="10002")))

    html = client.get(f"/products/{product.sku}", headers={"Accept-Language": "en"}).get_data(
        as_text=True
    )

    cached = db.session.scalar(select(CachedPrice).where(CachedPrice.sku == product.sku))
    assert cached.net_price is not None and cached.net_price != product.list_price
    assert f"€{cached.net_price:,.2f}" in html


def test_pages_render_with_list_prices_marked_when_the_erp_is_down(client, login_as, erp):
    demo_priced_products(3)
    login_as(make_user(make_company(customer_number="10002")))
    erp.stop()

    response = client.get("/catalog/priced", headers={"Accept-Language": "en"})

    assert response.status_code == 200
    assert "could not be confirmed just now" in response.get_data(as_text=True)


def test_a_slow_erp_does_not_hold_a_page_past_the_page_timeout(app, client, login_as, erp):
    import time

    demo_priced_products(3)
    login_as(make_user(make_company(customer_number="10002")))
    erp.delay(10)

    started = time.monotonic()
    response = client.get("/catalog/priced", headers={"Accept-Language": "en"})
    elapsed = time.monotonic() - started

    assert response.status_code == 200
    assert elapsed < app.config["ERP_PAGE_TIMEOUT"] * 2 + 1
    assert "could not be confirmed just now" in response.get_data(as_text=True)


def test_last_known_prices_are_shown_when_the_erp_goes_down(app, client, login_as, erp):
    product = demo_priced_products(1)[0]
    login_as(make_user(make_company(customer_number="10002")))
    client.get(f"/products/{product.sku}")
    known = db.session.scalar(select(CachedPrice.net_price))
    db.session.execute(db.update(CachedPrice).values(fetched_at=datetime(2000, 1, 1)))
    db.session.commit()
    erp.stop()

    html = client.get(f"/products/{product.sku}", headers={"Accept-Language": "en"}).get_data(
        as_text=True
    )

    assert f"€{known:,.2f}" in html
    assert "Last known price" in html


def test_checkout_asks_for_fresh_prices_and_says_so_when_it_cannot(client, csrf, login_as, erp):
    product = demo_priced_products(1)[0]
    login_as(make_user(make_company(customer_number="10002")))
    add(client, csrf, product.sku, 2)
    erp.stop()

    page = client.get("/checkout", headers={"Accept-Language": "en"}).get_data(as_text=True)

    assert "We could not confirm your current prices" in page


def test_an_anonymous_visitor_never_asks_the_erp_for_prices(client, erp):
    product = make_product(list_price=Decimal("3.00"))

    client.get(f"/products/{product.sku}")

    assert erp.control("status")["soapCallsByOperation"].get("GetPrices", 0) == 0


def test_list_prices_and_empty_carts_are_in_the_configured_currency(app, app_context, monkeypatch):
    product = make_product(list_price=Decimal("12.50"))
    monkeypatch.setitem(app.config, "CURRENCY", "CHF")

    assert list_price(product).price == Money(Decimal("12.50"), "CHF")
    assert view_cart(make_user()).totals.net == Money.zero("CHF")
