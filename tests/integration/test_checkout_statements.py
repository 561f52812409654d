"""Placing an order (POST /checkout) runs a fixed number of SQL statements (#10).

The statement count is most of a checkout's CPU time (the ERP's fresh prices and stock are
the rest). A cart of three lines: a query per line added later (an N+1) fails here too.
When a change lowers the count, lower the bound with it.
"""

from sqlalchemy import event, func, select

from shop.extensions import db
from shop.models import CartLine, Order
from tests.clients import add, checkout_form
from tests.factories import make_company, make_product, make_user

# Measured when written; SQLite adds a BEGIN IMMEDIATE per write transaction (the fresh
# stock and the order), which PostgreSQL does not send, while PostgreSQL locks the
# orderer's row (one SELECT ... FOR UPDATE) where SQLite needs none. -6 since #10's
# checkout work: the checkout page's prices are not asked again (no price cache write),
# and the cart is one joined statement, before and inside the order's transaction. -10/-10
# since #10's checkout POST work: the transaction takes the prices and stock just asked
# instead of reading their caches again, reads orderer, company, form token and spend in one
# statement (two on PostgreSQL: the lock, then the rest), and the outbox hand-off checks
# the order from memory (no bulky-goods query, no re-read of order and units), the
# confirmation's redirect does not read the order back after the commit; the form's
# token is not looked up before the ERP call. -2 on SQLite since the order's lines are one
# INSERT ... RETURNING there too (the ORM's flush sent one per line; it batches only on
# PostgreSQL).
BOUND = {"sqlite": 20, "postgresql": 18}


def test_placing_an_order_runs_no_more_sql_statements_than_its_bound(client, csrf, login_as, erp):
    login_as(make_user(make_company(customer_number="10001")))
    for product in [make_product() for _ in range(3)]:
        add(client, csrf, product.sku, 2)
    form = checkout_form(client, csrf)
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        response = client.post("/checkout", data=form)
    finally:
        event.remove(db.engine, "before_cursor_execute", record)

    assert response.status_code == 302
    assert db.session.scalar(select(func.count(Order.id))) == 1
    assert db.session.scalar(select(func.count(CartLine.id))) == 0
    assert len(statements) <= BOUND[db.engine.dialect.name], statements
