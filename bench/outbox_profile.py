"""The outbox worker's CPU per order, in one process (#10).

`bench/outbox_workers.py` measures orders per second with several worker processes; on a
shared machine that figure moves with everyone else's load. This script runs the worker's
delivery loop (`deliver_due`) in its own process against the simulator and reports the CPU
time that process and the simulator spent per order (SubmitOrder + ReleaseOrder), and the
SQL statements per order: figures that hold still while others use the cores. `--profile`
writes a cProfile dump (CPU clock) of the measured rounds (read it with `python -m pstats`).

    .venv/bin/python bench/outbox_profile.py --database-url postgresql+psycopg://user@host/db
    .venv/bin/python bench/outbox_profile.py --database-url ... --orders 500 --profile out.prof

The database must be PostgreSQL or SQLite with a quiet outbox (the run delivers whatever
is due). Exit status 2 when an order was not delivered exactly once and released.
"""

import argparse
import cProfile
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import event  # noqa: E402

from bench.erp_call import free_port  # noqa: E402
from bench.harness import bench_app, redact  # noqa: E402
from bench.outbox_workers import (  # noqa: E402
    _control,
    _cpu_seconds,
    _start_simulator,
    _stop,
    queue_orders,
)
from shop.erp import erp_client  # noqa: E402
from shop.extensions import db  # noqa: E402
from shop.models.clock import utcnow  # noqa: E402
from shop.services.outbox import deliver_due  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--orders", type=int, default=300, help="orders per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--profile", type=Path, help="write a cProfile dump here")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as run_dir:
        port = free_port()
        simulator = _start_simulator(port, Path(run_dir) / "erp-state.json")
        try:
            erp = f"http://127.0.0.1:{port}"
            app = bench_app(
                args.database_url,
                Path(run_dir),
                ERP_WSDL_URL=f"{erp}/soap?wsdl",
                ERP_WORKER_PROCESS=True,
            )
            with app.app_context():
                upgrade()
                return _measure(args, erp, simulator.pid)
        finally:
            _stop(simulator)


def _measure(args: argparse.Namespace, erp: str, simulator: int) -> int:
    client = erp_client()
    statements = [0]
    event.listen(db.engine, "before_cursor_execute", lambda *_: _count(statements))
    # Warm up: the WSDL, the connection pool, whatever is still due from earlier runs.
    queue_orders(20)
    _deliver_all(client)
    # The CPU clock: waiting for the simulator or the database is not the worker's cost.
    profiler = cProfile.Profile(time.process_time) if args.profile else None
    rows = []
    numbers: list[str] = []
    for _ in range(args.rounds):
        ours = queue_orders(args.orders)
        numbers += ours
        db.session.remove()
        statements[0] = 0
        simulator_before = _cpu_seconds(simulator)
        cpu_before, wall_before = time.process_time(), time.perf_counter()
        if profiler:
            profiler.enable()
        _deliver_all(client)
        if profiler:
            profiler.disable()
        cpu = time.process_time() - cpu_before
        wall = time.perf_counter() - wall_before
        rows.append(
            (
                cpu / args.orders * 1000,
                (_cpu_seconds(simulator) - simulator_before) / args.orders * 1000,
                statements[0] / args.orders,
                wall / args.orders * 1000,
            )
        )
    if profiler:
        profiler.dump_stats(args.profile)
    received = {o["orderNumber"]: o for o in _control(erp, "orders")["orders"]}
    wrong = [n for n in numbers if n not in received or received[n]["received"] != 1] + [
        n for n in numbers if n in received and not received[n]["released"]
    ]
    print(f"outbox worker in one process: {redact(str(db.engine.url))}, source {ROOT}")
    print("| round | worker CPU ms | simulator CPU ms | statements | wall ms |  (per order)")
    print("|---:|---:|---:|---:|---:|")
    for index, row in enumerate(rows, start=1):
        print(f"| {index} | " + " | ".join(f"{value:.2f}" for value in row) + " |")
    print(
        f"median worker CPU {statistics.median(r[0] for r in rows):.2f} ms/order, "
        f"statements {statistics.median(r[2] for r in rows):.1f}/order; "
        f"{len(numbers)} orders, not exactly once or not released: {len(wrong)}"
    )
    return 2 if wrong else 0


def _count(statements: list[int]) -> None:
    statements[0] += 1


def _deliver_all(client) -> None:
    while deliver_due(client, "outbox-profile", utcnow(), limit=sys.maxsize):
        pass


if __name__ == "__main__":
    sys.exit(main())
