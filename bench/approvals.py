"""Approval inbox benchmark: server-side time of /customer-center/approvals with 10,000
pending orders of one company routed to one approver.

Bulk-inserts the orders (plus as many already placed ones of the same company, so the
status filter has something to skip), logs the approver in and requests page 1 and a late
page through Flask's test client: the app's own time (routing, queries, templates) without
HTTP or a web server. Target: p95 under 100 ms.

    .venv/bin/python bench/approvals.py                      # SQLite in a temp dir, fresh
    .venv/bin/python bench/approvals.py --database-url postgresql+psycopg://...

With --database-url the bench company (customer number BENCH-APPROVALS) is created once and
reused on later runs; nothing else in that database is touched.
"""

import argparse
import sys
import tempfile
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import func, insert, select, text  # noqa: E402

from bench.harness import bench_app, summarize  # noqa: E402
from shop.domain.orders import OrderStatus  # noqa: E402
from shop.domain.rights import PredefinedRole  # noqa: E402
from shop.extensions import db  # noqa: E402
from shop.models import (  # noqa: E402
    Company,
    Order,
    OrderApprover,
    OrderLine,
    User,
)
from shop.models.clock import utcnow  # noqa: E402
from shop.services.customer_center.roles import ensure_predefined_roles  # noqa: E402
from shop.services.password_hashing import hash_password  # noqa: E402
from shop.services.prices import shop_currency  # noqa: E402

CUSTOMER_NUMBER = "BENCH-APPROVALS"
PASSWORD = "bench-Password-1"
TARGET_MS = 100
BATCH = 2_000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="an existing database (default: fresh SQLite)")
    parser.add_argument("--orders", type=int, default=10_000, help="pending orders")
    parser.add_argument("--runs", type=int, default=50, help="measured requests per URL")
    parser.add_argument("--warmup", type=int, default=3, help="unmeasured requests per URL")
    args = parser.parse_args(argv)
    work_dir = Path(tempfile.mkdtemp(prefix="bench-approvals-"))
    url = args.database_url or f"sqlite:///{work_dir / 'approvals.sqlite3'}"
    app = bench_app(url, work_dir, WTF_CSRF_ENABLED=False)
    with app.app_context():
        upgrade()
        approver_email = prepare(args.orders)
        page_size = app.config["PAGE_SIZE"]
    client = app.test_client()
    response = client.post("/login", data={"email": approver_email, "password": PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    late = max(1, -(-args.orders // page_size) - 2)
    rows = []
    for path in ("/customer-center/approvals", f"/customer-center/approvals?page={late}"):
        times = measure(client, path, args.runs, args.warmup)
        rows.append((path, times))
    with app.app_context():
        db.engine.dispose()
    dialect = url.split(":", 1)[0]
    print(f"approval inbox, {args.orders} pending orders, {dialect}, {args.runs} runs")
    print(f"{'url':<44} {'median':>8} {'p95':>8} {'max':>8}")
    ok = True
    for path, times in rows:
        median, p95, slowest = summarize(times)
        ok &= p95 < TARGET_MS
        print(f"{path:<44} {median:>6.1f}ms {p95:>6.1f}ms {slowest:>6.1f}ms")
    print(f"target: p95 < {TARGET_MS} ms: {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


def prepare(count: int) -> str:
    """The bench company with `count` pending orders routed to one approver; their e-mail."""
    company = db.session.scalar(select(Company).where(Company.customer_number == CUSTOMER_NUMBER))
    if company is not None:
        approver = db.session.scalar(
            select(User).where(User.company_id == company.id, User.name == "Bench Approver")
        )
        return approver.email
    started = time.perf_counter()
    company = Company(customer_number=CUSTOMER_NUMBER, name="Bench Approvals GmbH")
    db.session.add(company)
    db.session.flush()
    roles = ensure_predefined_roles(company)
    password = hash_password(PASSWORD)
    approver = User(
        company=company,
        email="bench-approver@example.com",
        name="Bench Approver",
        password_hash=password,
    )
    approver.roles = [roles[PredefinedRole.APPROVER]]
    buyers = []
    for index in range(20):
        buyer = User(
            company=company,
            email=f"bench-buyer-{index}@example.com",
            name=f"Bench Buyer {index}",
            password_hash=password,
        )
        buyer.roles = [roles[PredefinedRole.BUYER]]
        buyers.append(buyer)
    db.session.add_all([approver, *buyers])
    db.session.commit()
    first = db.session.scalar(select(func.coalesce(func.max(Order.id), 0))) + 1
    now = utcnow()
    reason = {
        "kind": "company_approver",
        "approver_id": approver.id,
        "orderer_id": None,
        "deputy_for_id": None,
        "deputy_for_kind": None,
        "absent_until": None,
        "via_ids": [],
        "names": {},
    }
    exceeded = [
        {"limit": "order_value", "allowed": "100.00", "actual": "150.00", "excess": "50.00"}
    ]
    # As many placed orders as pending ones, so the inbox's status filter has work to do.
    total = 2 * count
    for start in range(0, total, BATCH):
        ids = range(first + start, first + min(start + BATCH, total))
        orders, lines, approvers = [], [], []
        for order_id in ids:
            pending = (order_id - first) < count
            buyer = buyers[order_id % len(buyers)]
            orders.append(
                {
                    "id": order_id,
                    "number": f"B-{order_id:09d}",
                    "company_id": company.id,
                    "user_id": buyer.id,
                    "status": (
                        OrderStatus.AWAITING_APPROVAL if pending else OrderStatus.PLACED
                    ).value,
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
                    "checkout_token": f"bench-approvals-{order_id}",
                    "version": 1,
                    "budget_exceedances": exceeded if pending else [],
                    "awaiting_since": now - timedelta(minutes=order_id) if pending else None,
                    "created_at": now - timedelta(minutes=order_id),
                }
            )
            lines.append(
                {
                    "order_id": order_id,
                    "position": 1,
                    "product_id": None,
                    "sku": "BENCH-1",
                    "name_en": "Bench bolt",
                    "name_de": "Bench-Schraube",
                    "quantity": 100,
                    "unit_price": Decimal("1.50"),
                    "vat_rate": Decimal("19.00"),
                    "line_net": Decimal("150.00"),
                }
            )
            if pending:
                approvers.append(
                    {
                        "order_id": order_id,
                        "approver_id": approver.id,
                        "reason": {**reason, "orderer_id": buyer.id},
                    }
                )
        db.session.execute(insert(Order), orders)
        db.session.execute(insert(OrderLine), lines)
        if approvers:
            db.session.execute(insert(OrderApprover), approvers)
        db.session.commit()
    email = approver.email
    if db.engine.dialect.name == "postgresql":
        db.session.remove()
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("SELECT setval('orders_id_seq', (SELECT max(id) FROM orders))"))
            connection.execute(text("VACUUM ANALYZE"))
    print(f"prepared {total} orders in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return email


def measure(client, path: str, runs: int, warmup: int) -> list[float]:
    """Milliseconds per request, after unmeasured warm-up requests."""
    for _ in range(warmup):
        assert client.get(path).status_code == 200
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    return times


if __name__ == "__main__":
    raise SystemExit(main())
