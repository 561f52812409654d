"""What placing an order asks the ERP (#10): the stock of every product that does not allow
backorder, prices only when the checkout page's are older than CHECKOUT_PRICE_SECONDS (the
buyer confirmed those)."""

from datetime import timedelta

from sqlalchemy import select, update

from shop.extensions import db
from shop.models import CachedPrice, Order, Product
from shop.models.clock import utcnow
from shop.services.unit_of_work import unit_of_work
from tests.clients import add, checkout_form, text_of
from tests.factories import make_company, make_product, make_user
from tests.integration.test_customer_prices import demo_priced_products, soap_calls


def a_buyer_at_the_checkout_page(client, csrf, login_as) -> tuple[dict, str]:
    """A customer with a priced product in the cart who just opened the checkout page."""
    product = demo_priced_products(1)[0]
    login_as(make_user(make_company(customer_number="10002")))
    add(client, csrf, product.sku, 2)
    return checkout_form(client, csrf), product.sku


def asked(erp) -> tuple[int, int]:
    return soap_calls(erp, "GetPrices"), soap_calls(erp, "GetStock")


def test_placing_an_order_takes_the_prices_the_checkout_page_just_fetched(
    client, csrf, login_as, erp
):
    form, sku = a_buyer_at_the_checkout_page(client, csrf, login_as)
    prices_before, stock_before = asked(erp)

    response = client.post("/checkout", data=form)

    assert response.status_code == 302
    assert asked(erp) == (prices_before, stock_before + 1)  # §8: stock is asked again
    cached = db.session.scalar(select(CachedPrice).where(CachedPrice.sku == sku))
    line = db.session.scalar(select(Order)).lines[0]
    assert (
        line.unit_price == cached.net_price != db.session.get(Product, line.product_id).list_price
    )


def test_placing_an_order_asks_for_prices_again_when_the_checkout_page_is_older(
    app, client, csrf, login_as, erp
):
    form, sku = a_buyer_at_the_checkout_page(client, csrf, login_as)
    older = utcnow() - timedelta(seconds=app.config["CHECKOUT_PRICE_SECONDS"] + 1)
    with unit_of_work():
        db.session.execute(update(CachedPrice).values(fetched_at=older))
    prices_before, stock_before = asked(erp)

    response = client.post("/checkout", data=form)

    assert response.status_code == 302
    assert asked(erp) == (prices_before + 1, stock_before + 1)
    cached = db.session.scalar(select(CachedPrice).where(CachedPrice.sku == sku))
    assert cached.fetched_at > older


def test_placing_an_order_asks_no_stock_for_products_that_allow_backorder(
    client, csrf, login_as, erp
):
    login_as(make_user(make_company(customer_number="10002")))
    on_backorder = make_product(allows_backorder=True)
    erp.set_stock({on_backorder.sku: 0})
    add(client, csrf, on_backorder.sku, 5)
    form = checkout_form(client, csrf)
    stock_before = soap_calls(erp, "GetStock")

    response = client.post("/checkout", data=form)

    # §8: a product that allows backorder may be ordered beyond any level: no level could
    # refuse the order, so none is asked.
    assert response.status_code == 302
    assert soap_calls(erp, "GetStock") == stock_before
    assert db.session.scalar(select(Order)).lines[0].quantity == 5


def test_placing_an_order_asks_the_stock_of_the_other_products_only(client, csrf, login_as, erp):
    login_as(make_user(make_company(customer_number="10002")))
    on_backorder, limited = make_product(allows_backorder=True), make_product()
    erp.set_stock({on_backorder.sku: 0, limited.sku: 10})
    add(client, csrf, on_backorder.sku, 5)
    add(client, csrf, limited.sku, 5)
    form = checkout_form(client, csrf)
    erp.set_stock({on_backorder.sku: 0, limited.sku: 3})  # sold meanwhile

    response = client.post("/checkout", data=form, headers={"Accept-Language": "en"})

    assert response.status_code == 409
    assert f"Only 3 of {limited.sku} are available." in text_of(response)
    assert db.session.scalar(select(Order)) is None
