"""Time to apply 1,000 ERP order updates (#16): GetOrderUpdates over SOAP from the bundled
simulator, each update applied in its own unit of work.

    .venv/bin/python bench/order_updates.py [--orders 200] [--database-url URL]

200 orders × 5 updates (confirmed, paid, shipped, invoiced, delivered) = 1,000 updates.
Prints the whole poll (SOAP pages of 100 + applying), reading the same pages again (SOAP
only) and the difference: the shop's own time for applying them.
"""

import argparse
import json
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from bench.erp_call import free_port, start_simulator  # noqa: E402
from bench.harness import bench_app, bench_order, redact  # noqa: E402
from erp_bridge import ErpClient  # noqa: E402
from shop.extensions import db  # noqa: E402
from shop.models import Company, ErpUpdateReceipt, Order, User  # noqa: E402
from shop.models.clock import utcnow  # noqa: E402
from shop.services.order_updates import PAGE_SIZE, poll_order_updates  # noqa: E402
from shop.services.outbox_handlers import order_to_submit  # noqa: E402

KINDS_AFTER_CONFIRMATION = ("paid", "shipped", "invoiced", "delivered")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orders", type=int, default=200, help="orders, 5 updates each")
    parser.add_argument("--database-url", help="an empty database (default: fresh SQLite)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        work_dir = Path(folder)
        url = args.database_url or f"sqlite:///{work_dir / 'bench.sqlite3'}"
        port = free_port()
        simulator = start_simulator(port, work_dir / "erp-state.json")
        try:
            wsdl_url = f"http://127.0.0.1:{port}/soap?wsdl"
            app = bench_app(url, work_dir, ERP_WSDL_URL=wsdl_url)
            client = ErpClient(wsdl_url)
            with app.app_context():
                upgrade()
                prepare(client, args.orders, port)
                started = time.perf_counter()
                results = poll_order_updates(client, utcnow())
                poll_seconds = time.perf_counter() - started
                applied = db.session.scalar(select(func.count(ErpUpdateReceipt.id)))
                delivered = db.session.scalar(
                    select(func.count(Order.id)).where(Order.status == "delivered")
                )
                started = time.perf_counter()
                fetched = read_all(client)
                fetch_seconds = time.perf_counter() - started
                db.engine.dispose()
        finally:
            simulator.terminate()
            simulator.wait(timeout=10)
    assert len(results) == applied == fetched == args.orders * 5, (len(results), applied)
    assert delivered == args.orders, delivered
    apply_seconds = poll_seconds - fetch_seconds
    print(f"order updates: {applied} on {redact(url).split(':', 1)[0]}, pages of {PAGE_SIZE}")
    print(f"{'poll (SOAP + apply)':<28} {poll_seconds * 1000:>9.0f} ms")
    print(f"{'GetOrderUpdates only':<28} {fetch_seconds * 1000:>9.0f} ms")
    print(
        f"{'applying (difference)':<28} {apply_seconds * 1000:>9.0f} ms"
        f"  ({apply_seconds / applied * 1000:.2f} ms per update)"
    )
    return 0


def prepare(client: ErpClient, count: int, port: int) -> None:
    """`count` transmitted orders of customer 10001, known to the simulator, each with its
    confirmation and four more updates recorded there."""
    company = Company(customer_number="10001", name="Bench Order Life GmbH")
    user = User(company=company, email="bench-life@example.com", name="Bench", password_hash="")
    db.session.add_all([company, user])
    db.session.flush()
    orders = []
    for index in range(count):
        order = bench_order(
            f"B2B-BENCH-{index:06d}",
            company.id,
            user.id,
            status="transmitted",
            payment_method="invoice",
            token=f"bench-token-{index:06d}",
        )
        db.session.add(order)
        orders.append(order)
    db.session.commit()
    for order in orders:
        order.erp_order_number = client.submit_order(order_to_submit(order))
    db.session.commit()
    for order in orders:
        for kind in KINDS_AFTER_CONFIRMATION:
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/control/order-event",
                data=json.dumps({"orderNumber": order.number, "kind": kind}).encode(),
                method="POST",
                headers={"Content-Type": "application/json"},
            )
            urllib.request.urlopen(request, timeout=10).close()


def read_all(client: ErpClient) -> int:
    """Read every update again, page by page, without applying anything."""
    after, total = None, 0
    while True:
        page = client.get_order_updates(after, limit=PAGE_SIZE)
        total += len(page.updates)
        after = page.next_cursor
        if not page.has_more or not page.updates:
            return total


if __name__ == "__main__":
    sys.exit(main())
