"""Placing an order reads the orderer's month spend from an index alone (#10).

The sum runs in the order's write transaction, so on SQLite every other writer waits for
it. Found through the (user_id, created_at) index, each of the month's orders was then read
from the table for its company, status and amount: 1.8 ms for a buyer with 2,500 orders in
the month.
"""

from datetime import date

from sqlalchemy import event

from shop.extensions import db
from shop.services.place_order import read_orderer
from tests.factories import make_company, make_order, make_user


def test_the_orderers_month_spend_is_read_from_an_index_alone(app, app_context):
    company = make_company()
    buyer = make_user(company)
    for _ in range(3):
        make_order(buyer)
    db.session.commit()
    sent: list[tuple[str, object]] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        sent.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        orderer = read_orderer(buyer.id, company.id, "a-new-checkout-token", date.today())
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
        db.session.rollback()

    assert orderer.month_spend > 0
    spend = [(s, p) for s, p in sent if "sum(orders.total_net)" in s]
    assert len(spend) == 1, [s for s, _ in sent]
    if db.engine.dialect.name == "sqlite":
        statement, parameters = spend[0]
        with db.engine.connect() as connection:
            plan = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
            steps = [row[-1] for row in plan if "orders" in row[-1].split()]
        assert steps and all("COVERING INDEX" in step for step in steps), steps
