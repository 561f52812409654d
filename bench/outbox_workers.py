"""Outbox delivery with several workers on PostgreSQL (#10): orders per second to the ERP.

Starts the ERP simulator and `--workers` real `flask erp worker` processes, waits until each
has finished its first round, then queues `--orders` prepayment orders at once (one commit),
each with two entries of the same key: SubmitOrder, then ReleaseOrder. It measures from that
commit until every entry is delivered and checks the simulator: every order received exactly
once, and released (a ReleaseOrder sent before its order's SubmitOrder would be refused as an
unknown order and parked, so order kept per order means: nothing parked, everything released).

    .venv/bin/python bench/outbox_workers.py --postgres        # throwaway PostgreSQL, port 55434
    .venv/bin/python bench/outbox_workers.py --database-url postgresql+psycopg://user@host/db
    .venv/bin/python bench/outbox_workers.py --postgres --erp-state memory   # simulator w/o file

Exit status 0 when the goal (--goal orders/s) is met with no duplicate, loss or reordering;
1 when the rate misses the goal; 2 when delivery was wrong or the bench failed.
"""

import argparse
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import func, select, text  # noqa: E402

from bench.catalog import throwaway_postgres  # noqa: E402
from bench.erp_call import free_port  # noqa: E402
from bench.harness import bench_app, bench_order, redact  # noqa: E402
from shop.domain.outbox import OutboxKind  # noqa: E402
from shop.extensions import db  # noqa: E402
from shop.models import Company, OutboxEntry, User  # noqa: E402

WORK_DIR = Path(tempfile.gettempdir()) / "shop-bench"
PG_PORT = 55434
# Demo customer known to the simulator, allowed to pay in advance.
CUSTOMER_NUMBER = "10001"


@dataclass(frozen=True)
class Outcome:
    orders: int
    seconds: float
    # CPU seconds each part used while delivering (None: the database is on another host).
    cpu: dict[str, float | None]
    received_once: int
    duplicates: int
    missing: int
    not_released: int
    parked: int

    @property
    def rate(self) -> float:
        return self.orders / self.seconds

    @property
    def correct(self) -> bool:
        return (
            self.received_once == self.orders
            and self.duplicates == self.missing == self.not_released == self.parked == 0
        )


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(argv)
    if args.database_url is None and not args.postgres:
        raise SystemExit("the outbox bench runs on PostgreSQL: --postgres or --database-url")
    with ExitStack() as stack:
        url = args.database_url or stack.enter_context(
            throwaway_postgres(args.work_dir / "pg-outbox", args.pg_port, fresh=False)
        )
        run_dir = Path(stack.enter_context(tempfile.TemporaryDirectory(dir=_mkdir(args.work_dir))))
        erp_port = free_port()
        state = None if args.erp_state == "memory" else run_dir / "erp-state.json"
        simulator = _start_simulator(erp_port, state)
        stack.callback(_stop, simulator)
        erp = f"http://127.0.0.1:{erp_port}"
        app = bench_app(url, run_dir, ERP_WSDL_URL=f"{erp}/soap?wsdl")
        with app.app_context():
            upgrade()
            waiting = _undelivered_entries()
            db.engine.dispose()
        if waiting:
            # The workers would send those too, and the figure would not be ours.
            raise SystemExit(f"the outbox holds {waiting} undelivered entries: use a quiet one")
        _progress(f"database {redact(url)}; starting {args.workers} workers")
        workers = [_start_worker(url, erp, run_dir, index) for index in range(args.workers)]
        for worker in workers:
            stack.callback(_stop, worker)
        # A busy machine takes long over the workers' first rounds: as long as delivery may.
        _wait_for(
            lambda: _calls(erp, "GetOrderUpdates") >= args.workers, "the workers", args.timeout
        )
        parts = {"simulator": [simulator.pid], "workers": [w.pid for w in workers]}
        with app.app_context():
            outcome = deliver(args.orders, erp, args.timeout, parts)
            db.engine.dispose()
        if not outcome.correct:
            # The workers' logs go with the run's folder: their warnings say what went wrong.
            _progress(_warnings(run_dir))
    print(report(args, outcome))
    if not outcome.correct:
        return 2
    return 0 if outcome.rate >= args.goal else 1


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orders", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=4, help="`flask erp worker` processes")
    parser.add_argument("--database-url", help="a PostgreSQL database (migrated if needed)")
    parser.add_argument("--postgres", action="store_true", help="throwaway PostgreSQL server")
    parser.add_argument("--pg-port", type=int, default=PG_PORT)
    parser.add_argument(
        "--erp-state",
        choices=("file", "memory"),
        default="file",
        help="the simulator keeps its state in a file as bin/run starts it, or only in memory",
    )
    parser.add_argument("--goal", type=float, default=50.0, help="orders per second")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds for delivery")
    parser.add_argument("--work-dir", type=Path, default=WORK_DIR)
    args = parser.parse_args(argv)
    if args.postgres and args.database_url:
        parser.error("--postgres starts its own server; leave out --database-url")
    return args


def deliver(count: int, erp: str, timeout: float, parts: dict[str, list[int]]) -> Outcome:
    """Queue `count` orders in one commit; wait until the workers delivered every entry."""
    numbers = queue_orders(count)
    database = _database_backends()
    before = {pid: _cpu_seconds(pid) for pids in parts.values() for pid in pids}
    before.update({pid: _cpu_seconds(pid) for pid in database or ()})
    started = time.perf_counter()
    _progress(f"{count} orders queued; delivering")

    def undelivered() -> int:
        db.session.remove()
        return db.session.scalar(
            select(func.count(OutboxEntry.id)).where(
                OutboxEntry.key.in_([f"order:{n}" for n in numbers]),
                OutboxEntry.status == "pending",
            )
        )

    _wait_for(lambda: undelivered() == 0, "delivery", timeout, interval=0.1)
    seconds = time.perf_counter() - started
    cpu: dict[str, float | None] = {
        name: sum(_cpu_seconds(pid) - before[pid] for pid in pids) for name, pids in parts.items()
    }
    after = _database_backends()
    cpu["database"] = (
        None
        if after is None
        else sum(_cpu_seconds(pid) - before.get(pid, 0.0) for pid in after | set(database))
    )
    parked = db.session.scalar(
        select(func.count(OutboxEntry.id)).where(
            OutboxEntry.key.in_([f"order:{n}" for n in numbers]), OutboxEntry.status != "delivered"
        )
    )
    received = {order["orderNumber"]: order for order in _control(erp, "orders")["orders"]}
    ours = [received[number] for number in numbers if number in received]
    return Outcome(
        orders=count,
        seconds=seconds,
        cpu=cpu,
        received_once=sum(1 for order in ours if order["received"] == 1),
        duplicates=sum(order["received"] - 1 for order in ours),
        missing=count - len(ours),
        not_released=sum(1 for order in ours if not order["released"]),
        parked=parked,
    )


def queue_orders(count: int) -> list[str]:
    """`count` placed prepayment orders of the demo customer, each with SubmitOrder and then
    ReleaseOrder in the outbox (as a paid prepayment order has them), in one transaction."""
    run = secrets.token_hex(3).upper()
    company = db.session.scalar(select(Company).where(Company.customer_number == CUSTOMER_NUMBER))
    if company is None:
        company = Company(customer_number=CUSTOMER_NUMBER, name="Bench Outbox GmbH")
    user = User(company=company, email=f"bench-outbox-{run}@example.com", name="Bench")
    user.password_hash = ""
    db.session.add_all([company, user])
    db.session.flush()
    numbers = []
    for index in range(count):
        number = f"OB-{run}-{index:06d}"
        db.session.add(
            bench_order(
                number,
                company.id,
                user.id,
                status="placed",
                payment_method="prepayment",
                token=f"bench-outbox-{run}-{index}",
            )
        )
        for kind in (OutboxKind.SUBMIT_ORDER, OutboxKind.RELEASE_ORDER):
            payload = {"order_number": number}
            db.session.add(OutboxEntry(kind=kind.value, key=f"order:{number}", payload=payload))
        numbers.append(number)
    db.session.commit()
    return numbers


def report(args: argparse.Namespace, outcome: Outcome) -> str:
    verdict = "met" if outcome.rate >= args.goal else "MISSED"
    checks = "ok" if outcome.correct else "WRONG"
    return "\n".join(
        [
            f"outbox delivery: {outcome.orders} orders (SubmitOrder + ReleaseOrder each), "
            f"{args.workers} workers, simulator state in {args.erp_state}",
            f"  {outcome.seconds:.1f} s  ->  {outcome.rate:.1f} orders/s "
            f"(goal {args.goal:g}: {verdict})",
            "  CPU per order: "
            + ", ".join(
                f"{name} {'n/a' if used is None else f'{used / outcome.orders * 1000:.1f} ms'}"
                for name, used in outcome.cpu.items()
            )
            + f"; machine load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores",
            f"  received once {outcome.received_once}, duplicates {outcome.duplicates}, "
            f"missing {outcome.missing}, not released {outcome.not_released}, "
            f"parked {outcome.parked}: {checks}",
        ]
    )


def _warnings(run_dir: Path) -> str:
    lines = [
        f"{log.name}: {line}"
        for log in sorted(run_dir.glob("worker-*.log"))
        for line in log.read_text(errors="replace").splitlines()
        if " WARNING " in line or " ERROR " in line
    ]
    return "\n".join(lines[-40:]) or "no warnings in the workers' logs"


def _undelivered_entries() -> int:
    return db.session.scalar(
        select(func.count(OutboxEntry.id)).where(OutboxEntry.status.in_(("pending", "parked")))
    )


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (0 once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _database_backends() -> set[int] | None:
    """Process ids of this database's server processes when it runs on this machine."""
    if db.engine.url.host not in ("127.0.0.1", "localhost", None):
        return None
    pids = db.session.scalars(
        text("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")
    )
    return set(pids)


def _start_simulator(port: int, state: Path | None) -> subprocess.Popen:
    command = [sys.executable, "-m", "erp_bridge.simulator", "--port", str(port)]
    if state is not None:
        command += ["--state", str(state)]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL)
    _wait_for(lambda: _answers(f"http://127.0.0.1:{port}/"), "the ERP simulator", 60)
    return process


def _start_worker(url: str, erp: str, run_dir: Path, index: int) -> subprocess.Popen:
    """`flask erp worker` as production runs it; order updates and the customer sync are
    put off, so the figure is the outbox's alone (they run once, at start)."""
    environment = {
        **os.environ,
        "FLASK_APP": "wsgi",
        "SHOP_ENV": "production",
        "SECRET_KEY": secrets.token_hex(32),
        "DATABASE_URL": url,
        "ERP_WSDL_URL": f"{erp}/soap?wsdl",
        "SHOP_INSTANCE_DIR": str(run_dir),
        "ERP_UPDATES_SECONDS": "3600",
        "CUSTOMER_SYNC_SECONDS": "3600",
    }
    log = open(run_dir / f"worker-{index}.log", "wb")  # noqa: SIM115 (closed with the process)
    return subprocess.Popen(
        [sys.executable, "-m", "flask", "erp", "worker"],
        cwd=ROOT,
        env=environment,
        stdout=log,
        stderr=log,
    )


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _control(erp: str, action: str) -> dict:
    with urllib.request.urlopen(f"{erp}/control/{action}", timeout=60) as answer:
        return json.loads(answer.read())


def _calls(erp: str, operation: str) -> int:
    return _control(erp, "status")["soapCallsByOperation"].get(operation, 0)


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2):
            return True
    except OSError:
        return False


def _wait_for(condition, what: str, timeout: float, interval: float = 0.2) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"{what}: not done within {timeout:g} s")
        time.sleep(interval)


def _mkdir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
