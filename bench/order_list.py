"""Order list benchmark (#15): server-side time of /orders for a controller of a company with
20,000 orders (those of bench/approvals.py: 10,000 waiting, 10,000 placed, of 20 buyers),
filtered, sorted, on a late page, and the CSV of a filtered list.

Through Flask's test client, as bench/approvals.py measures: the app's own time (queries,
templates) without HTTP, and the median time of its SQL statements alone. Target: p95 under
100 ms for each page; the CSV is reported only.

    .venv/bin/python bench/order_list.py                      # SQLite in a temp dir, fresh
    .venv/bin/python bench/order_list.py --database-url postgresql+psycopg://...
"""

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import event, select  # noqa: E402

from bench.approvals import PASSWORD, arguments, measure, prepared_app  # noqa: E402
from bench.harness import summarize  # noqa: E402
from shop.domain.rights import PredefinedRole  # noqa: E402
from shop.extensions import db  # noqa: E402
from shop.models import Company, User  # noqa: E402
from shop.services.customer_center.roles import ensure_predefined_roles  # noqa: E402
from shop.services.password_hashing import hash_password  # noqa: E402

CONTROLLER_EMAIL = "bench-controller@example.com"
TARGET_MS = 100


def controller_email() -> str:
    """A controller of the bench company (created once)."""
    user = db.session.scalar(select(User).where(User.email == CONTROLLER_EMAIL))
    if user is None:
        company = db.session.scalar(
            select(Company).where(Company.customer_number == "BENCH-APPROVALS")
        )
        controller = ensure_predefined_roles(company)[PredefinedRole.CONTROLLER]
        user = User(
            company=company,
            email=CONTROLLER_EMAIL,
            name="Bench Controller",
            password_hash=hash_password(PASSWORD),
        )
        user.roles = [controller]
        db.session.add(user)
        db.session.commit()
    return user.email


def sql_share(app, client, path: str, runs: int) -> float:
    """Median milliseconds the database spends on one request of `path` (all statements)."""
    spent: list[float] = []
    started: list[float] = []

    def before(*_args) -> None:
        started.append(time.perf_counter())

    def after(*_args) -> None:
        spent.append((time.perf_counter() - started.pop()) * 1000)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    totals = []
    try:
        for _ in range(runs):
            spent.clear()
            assert client.get(path).status_code == 200
            totals.append(sum(spent))
    finally:
        event.remove(engine, "before_cursor_execute", before)
        event.remove(engine, "after_cursor_execute", after)
    return sorted(totals)[len(totals) // 2]


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv, __doc__, "waiting orders (as many placed)", runs=30, warmup=3)
    app, url, _approver = prepared_app("approvals", args)
    with app.app_context():
        email = controller_email()
        buyer_id = db.session.scalar(select(User.id).where(User.name == "Bench Buyer 7"))
    client = app.test_client()
    response = client.post("/login", data={"email": email, "password": PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    late = max(1, -(-2 * args.orders // app.config["PAGE_SIZE"]) - 2)
    pages = [
        "/orders",
        f"/orders?page={late}",
        "/orders?sort=total_desc",
        "/orders?sort=state_asc&page=200",
        "/orders?state=placed&sort=number_asc",
        f"/orders?orderer={buyer_id}&date_from=2020-01-01&date_to=2099-12-31",
        "/orders?q=B-0000012",
        "/orders?q=no-such-reference",
    ]
    rows = [
        (path, measure(client, path, args.runs, args.warmup), sql_share(app, client, path, 5))
        for path in pages
    ]
    csv_path = f"/orders/export.csv?orderer={buyer_id}"
    csv_times = measure(client, csv_path, max(3, args.runs // 10), 1)
    with app.app_context():
        db.engine.dispose()
    dialect = url.split(":", 1)[0]
    print(f"order list, {2 * args.orders} orders of one company, {dialect}, {args.runs} runs")
    print(f"{'url':<66} {'median':>8} {'p95':>8} {'max':>8} {'SQL':>8}")
    ok = True
    for path, times, sql in rows:
        median, p95, slowest = summarize(times)
        ok &= p95 < TARGET_MS
        print(f"{path:<66} {median:>6.1f}ms {p95:>6.1f}ms {slowest:>6.1f}ms {sql:>6.1f}ms")
    median, p95, slowest = summarize(csv_times)
    print(f"{csv_path + ' (CSV)':<66} {median:>6.1f}ms {p95:>6.1f}ms {slowest:>6.1f}ms")
    print(f"target: p95 < {TARGET_MS} ms per page: {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
