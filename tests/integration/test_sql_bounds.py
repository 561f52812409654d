"""Each main page runs at most a fixed number of SQL statements (#10).

A realistic small shop (50 products, 20 users, 30 orders, 10 of them waiting for the
approver) and each page requested twice by the user who sees it; the second request, with
the ERP caches warm, is counted. The bounds are the counts measured when this test was
written: a query per card, row or line added later (an N+1) makes the count grow with the
data and fails here. When a change lowers a count, lower its bound with it.
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import event, insert

from shop.domain.orders import OrderStatus
from shop.extensions import db
from shop.models import Order, OrderApprover, OrderLine
from shop.models.clock import utcnow
from shop.services.prices import shop_currency
from tests.clients import add, logged_in
from tests.conftest import FreshContextClient, csrf_token_from
from tests.factories import (
    APPROVER,
    MAIN,
    make_category,
    make_company,
    make_order,
    make_product,
    make_user,
    name_approver,
)

PRODUCTS = 50
USERS = 20
ORDERS = 30
PENDING = 10

# (page, who asks, path, most statements): the path's placeholders are filled from the data.
# The checkout page stores the fresh ERP prices and stock levels in their caches; on SQLite
# each of the two writes begins with a BEGIN IMMEDIATE that PostgreSQL does not send.
PAGES = [
    # Lowered by #10's speed work: the category tree is read once per page, and the
    # header's cart badge is one sum on every page of a user who may order.
    ("catalogue, anonymous", None, "/catalog", 5),
    ("catalogue", "buyer", "/catalog", 11),
    ("category", "buyer", "/catalog/{category}", 11),
    ("product", "buyer", "/products/{sku}", 10),
    ("search", "buyer", "/search?q=bolt", 11),
    ("cart", "buyer", "/cart", 10),
    ("checkout page", "buyer", "/checkout", {"sqlite": 15, "postgresql": 13}),
    # +2 since #16: payment state of the listed orders (one batched query each for payments
    # and invoices); the order page reads its shipments, invoices and payments once each.
    ("orders", "buyer", "/orders", 8),
    ("order page", "buyer", "/orders/{order}", 11),
    ("approval inbox", "approver", "/customer-center/approvals", 6),
    ("users", "main contact", "/customer-center/users", 9),
]


@pytest.fixture
def shop(app_context, erp):
    """A company known to the ERP with its users, a category of products, orders, a cart."""
    company = make_company(customer_number="10001")
    main = make_user(company, roles=MAIN, name="Max Main")
    approver = make_user(company, roles=APPROVER, name="Clara Schulz")
    buyer = make_user(company, name="Anna Buyer")
    for _ in range(USERS - 3):
        make_user(company)
    name_approver(company, approver)
    category = make_category(slug="fasteners")
    products = [make_product(category) for _ in range(PRODUCTS)]
    # One order through the real checkout (history, outbox entry); the rest in bulk.
    order = make_order(buyer, lines=[(products[0], 2), (products[1], 1)])
    _bulk_orders(company.id, buyer.id, approver.id, ORDERS - 1, PENDING, products[2])
    return {
        "users": {"buyer": buyer, "approver": approver, "main contact": main},
        "category": category.slug,
        "sku": products[3].sku,
        "order": order.number,
        "cart": products[4:7],
    }


def _bulk_orders(company_id, buyer_id, approver_id, count, pending, product) -> None:
    now = utcnow()
    for index in range(count):
        waiting = index < pending
        order = db.session.execute(
            insert(Order).returning(Order.id),
            {
                "number": f"SQL-{index:05d}",
                "company_id": company_id,
                "user_id": buyer_id,
                "status": (OrderStatus.AWAITING_APPROVAL if waiting else OrderStatus.PLACED).value,
                "currency": shop_currency(),
                "total_net": Decimal("150.00"),
                "total_vat": Decimal("28.50"),
                "total_gross": Decimal("178.50"),
                "delivery_name": "Werk 1",
                "delivery_street": "Werkstraße 1",
                "delivery_postal_code": "10115",
                "delivery_city": "Berlin",
                "delivery_country": "DE",
                "payment_method": "invoice",
                "delivery_method": "standard",
                "customer_reference": "",
                "comment": "",
                "checkout_token": f"sql-bounds-{index}",
                "version": 1,
                "budget_exceedances": [],
                "awaiting_since": now - timedelta(minutes=index) if waiting else None,
                "created_at": now - timedelta(minutes=index),
            },
        ).scalar_one()
        db.session.execute(
            insert(OrderLine),
            {
                "order_id": order,
                "position": 1,
                "product_id": product.id,
                "sku": product.sku,
                "name_en": product.name_en,
                "name_de": product.name_de,
                "quantity": 100,
                "unit_price": Decimal("1.50"),
                "vat_rate": Decimal("19.00"),
                "line_net": Decimal("150.00"),
            },
        )
        if waiting:
            reason = {
                "kind": "company_approver",
                "approver_id": approver_id,
                "orderer_id": buyer_id,
                "deputy_for_id": None,
                "deputy_for_kind": None,
                "absent_until": None,
                "via_ids": [],
                "names": {},
            }
            db.session.execute(
                insert(OrderApprover),
                {"order_id": order, "approver_id": approver_id, "reason": reason},
            )
    db.session.commit()


def count_statements(client, path: str) -> int:
    """The SQL statements one request of `path` runs (it must answer 200)."""
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        response = client.get(path)
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    assert response.status_code == 200, (path, response.status_code)
    return len(statements)


@pytest.mark.parametrize(
    ("who", "path", "bound"), [page[1:] for page in PAGES], ids=[page[0] for page in PAGES]
)
def test_a_main_page_runs_no_more_sql_statements_than_its_bound(app, shop, who, path, bound):
    if who is None:
        app.test_client_class = FreshContextClient
        client = app.test_client()
    else:
        client = logged_in(app, shop["users"][who])
    if who == "buyer":
        token = csrf_token_from(client.get("/cart").get_data(as_text=True))
        for product in shop["cart"]:
            add(client, lambda _path, token=token: token, product.sku)
    path = path.format(**shop)
    client.get(path)  # fills the ERP caches and whatever else a first visit fills

    if isinstance(bound, dict):
        bound = bound[db.engine.dialect.name]

    statements = count_statements(client, path)

    assert statements <= bound, f"{path}: {statements} SQL statements, at most {bound} expected"
