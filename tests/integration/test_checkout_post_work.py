"""Work placing an order (POST /checkout) no longer does (#10)."""

from contextlib import contextmanager
from datetime import timedelta

from babel import support
from sqlalchemy import event, select, update
from wtforms.i18n import messages_path

from shop.extensions import db
from shop.models import CachedStock, Order
from shop.models.clock import utcnow
from shop.services.unit_of_work import unit_of_work
from tests.clients import add, checkout_form
from tests.factories import make_company, make_product, make_user
from tests.integration.test_customer_prices import soap_calls


@contextmanager
def sent_statements():
    """The SQL statements sent inside the block."""
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement.lstrip())

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


def test_placing_an_order_does_not_read_the_forms_message_catalogue(
    client, csrf, login_as, erp, monkeypatch
):
    login_as(make_user(make_company(customer_number="10001")))
    add(client, csrf, make_product().sku, 2)
    form = checkout_form(client, csrf)
    loaded: list[str] = []
    load = support.Translations.load

    def record(dirname=None, *args, **kwargs):
        loaded.append(str(dirname))
        return load(dirname, *args, **kwargs)

    # Flask-WTF reads wtforms' catalogue from disk, once per request, when a field needs a
    # text of its own: the checkout token's default label did so on every checkout.
    monkeypatch.setattr(support.Translations, "load", record)
    response = client.post("/checkout", data=form)

    assert response.status_code == 302
    assert str(messages_path()) not in loaded


def test_an_orders_lines_are_written_by_one_statement(client, csrf, login_as, erp):
    login_as(make_user(make_company(customer_number="10001")))
    products = [make_product() for _ in range(3)]
    for quantity, product in enumerate(products, start=1):
        add(client, csrf, product.sku, quantity)
    form = checkout_form(client, csrf)

    # The ORM's flush sent one INSERT per line on SQLite (it batches only on PostgreSQL).
    with sent_statements() as statements:
        response = client.post("/checkout", data=form)

    assert response.status_code == 302
    assert sum(s.startswith("INSERT INTO order_lines") for s in statements) == 1
    order = db.session.scalar(select(Order))
    assert [(line.position, line.sku, line.quantity) for line in order.lines] == [
        (1, products[0].sku, 1),
        (2, products[1].sku, 2),
        (3, products[2].sku, 3),
    ]
    assert all(line.line_net == line.unit_price * line.quantity for line in order.lines)
    assert sum(line.line_net for line in order.lines) == order.total_net


def a_buyer_at_the_checkout_page(client, csrf, login_as, erp, level: int = 50):
    """A buyer with a stock-limited product in the cart who just opened the checkout page
    (which asked the ERP for its stock and cached it); the form and the product."""
    login_as(make_user(make_company(customer_number="10001")))
    product = make_product()
    erp.set_stock({product.sku: level})
    add(client, csrf, product.sku, 2)
    return checkout_form(client, csrf), product


def cached_stock(sku: str) -> CachedStock:
    return db.session.scalar(
        select(CachedStock).where(CachedStock.sku == sku).execution_options(populate_existing=True)
    )


def test_a_checkout_asks_stock_afresh_but_does_not_write_the_level_its_page_cached(
    client, csrf, login_as, erp
):
    form, product = a_buyer_at_the_checkout_page(client, csrf, login_as, erp)
    asked_before = soap_calls(erp, "GetStock")
    cached_before = cached_stock(product.sku)

    with sent_statements() as statements:
        response = client.post("/checkout", data=form)

    # §8: the level is asked again; the same level, cached seconds ago, is not written again.
    assert response.status_code == 302
    assert soap_calls(erp, "GetStock") == asked_before + 1
    assert not [s for s in statements if s.startswith("INSERT INTO stock_cache")]
    assert cached_stock(product.sku).fetched_at == cached_before.fetched_at


def test_a_level_that_changed_since_the_checkout_page_is_cached(client, csrf, login_as, erp):
    form, product = a_buyer_at_the_checkout_page(client, csrf, login_as, erp, level=50)
    erp.set_stock({product.sku: 40})  # sold meanwhile

    response = client.post("/checkout", data=form)

    assert response.status_code == 302
    assert cached_stock(product.sku).quantity == 40


def test_a_level_cached_longer_ago_than_half_the_caches_lifetime_is_cached_again(
    app, client, csrf, login_as, erp
):
    form, product = a_buyer_at_the_checkout_page(client, csrf, login_as, erp)
    older = utcnow() - timedelta(seconds=app.config["STOCK_CACHE_SECONDS"] / 2 + 1)
    with unit_of_work():
        db.session.execute(
            update(CachedStock).where(CachedStock.sku == product.sku).values(fetched_at=older)
        )

    response = client.post("/checkout", data=form)

    assert response.status_code == 302
    assert cached_stock(product.sku).fetched_at > older
