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
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask import Flask  # noqa: E402
from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import select, text  # noqa: E402

from bench.bulk_orders import ORDER_VALUE_EXCEEDED, insert_orders  # noqa: E402
from bench.harness import bench_app, summarize  # noqa: E402
from shop.domain.rights import PredefinedRole  # noqa: E402
from shop.extensions import db  # noqa: E402
from shop.models import Company, User  # noqa: E402
from shop.services.customer_center.roles import ensure_predefined_roles  # noqa: E402
from shop.services.password_hashing import hash_password  # noqa: E402

CUSTOMER_NUMBER = "BENCH-APPROVALS"
PASSWORD = "bench-Password-1"
TARGET_MS = 100


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv, __doc__, "pending orders", runs=50, warmup=3)
    app, url, approver_email = prepared_app("approvals", args)
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


def arguments(
    argv: list[str] | None, doc: str, orders_help: str, runs: int, warmup: int
) -> argparse.Namespace:
    """The options of the benchmarks on this company's orders (this one and back_office.py)."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("--database-url", help="an existing database (default: fresh SQLite)")
    parser.add_argument("--orders", type=int, default=10_000, help=orders_help)
    parser.add_argument("--runs", type=int, default=runs, help="measured requests per case")
    parser.add_argument("--warmup", type=int, default=warmup, help="unmeasured requests per case")
    return parser.parse_args(argv)


def prepared_app(name: str, args: argparse.Namespace) -> tuple[Flask, str, str]:
    """The shop on --database-url (default: a fresh SQLite in a temp dir), migrated, with the
    bench company and its orders: the app, its database URL and the approver's e-mail."""
    work_dir = Path(tempfile.mkdtemp(prefix=f"bench-{name.replace('_', '-')}-"))
    url = args.database_url or f"sqlite:///{work_dir / f'{name}.sqlite3'}"
    app = bench_app(url, work_dir, WTF_CSRF_ENABLED=False)
    with app.app_context():
        upgrade()
        approver_email = prepare(args.orders)
    return app, url, approver_email


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
    # As many placed orders as pending ones, so the inbox's status filter has work to do.
    insert_orders(
        company.id,
        [buyer.id for buyer in buyers],
        approver.id,
        waiting=count,
        placed=count,
        prefix="B",
        exceeded=ORDER_VALUE_EXCEEDED,
    )
    db.session.commit()
    email = approver.email
    if db.engine.dialect.name == "postgresql":
        db.session.remove()
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("SELECT setval('orders_id_seq', (SELECT max(id) FROM orders))"))
            connection.execute(text("VACUUM ANALYZE"))
    print(f"prepared {2 * count} orders in {time.perf_counter() - started:.1f} s", file=sys.stderr)
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
