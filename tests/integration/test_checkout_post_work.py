"""Work placing an order (POST /checkout) no longer does (#10)."""

from babel import support
from sqlalchemy import event, select
from wtforms.i18n import messages_path

from shop.extensions import db
from shop.models import Order
from tests.clients import add, checkout_form
from tests.factories import make_company, make_product, make_user


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
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    # The ORM's flush sent one INSERT per line on SQLite (it batches only on PostgreSQL).
    event.listen(db.engine, "before_cursor_execute", record)
    try:
        response = client.post("/checkout", data=form)
    finally:
        event.remove(db.engine, "before_cursor_execute", record)

    assert response.status_code == 302
    assert sum(s.lstrip().startswith("INSERT INTO order_lines") for s in statements) == 1
    order = db.session.scalar(select(Order))
    assert [(line.position, line.sku, line.quantity) for line in order.lines] == [
        (1, products[0].sku, 1),
        (2, products[1].sku, 2),
        (3, products[2].sku, 3),
    ]
    assert all(line.line_net == line.unit_price * line.quantity for line in order.lines)
    assert sum(line.line_net for line in order.lines) == order.total_net
