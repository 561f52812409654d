"""CPU time and SQL statements per request of issue #10's pages, through the WSGI app.

Wall-clock figures on a shared machine scatter; the CPU time one request costs in this
process and the statements it sends do not. Prepares (or reuses) the data set of
bench/http_pages.py, starts the ERP simulator (customer prices and checkout ask it), logs
in the user who sees each page with Flask's test client, and prints per page the median
CPU ms (time.process_time) of --runs requests, its share of the bare Flask page's
(bench/bare_app.py, measured the same way in the same run), the goal, and the SQL count.

    .venv/bin/python bench/profile_pages.py --work-dir /tmp/bench-pages10      # 100,000 products
    .venv/bin/python bench/profile_pages.py --products 2000 --pending 200 --users 50 --runs 5
    .venv/bin/python bench/profile_pages.py --page "user list" --profile /tmp/users.prof
    .venv/bin/python bench/profile_pages.py --database-url postgresql+psycopg://...

--profile writes a cProfile of the --page requests (load it with pstats or snakeviz) and
prints its 25 most expensive functions by cumulative time. Rate limits stay on, as in
production; the ERP's own CPU time is the simulator process's, not counted here.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import argparse  # noqa: E402
import cProfile  # noqa: E402
import pstats  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from contextlib import ExitStack, contextmanager  # noqa: E402
from dataclasses import dataclass  # noqa: E402

from sqlalchemy import event  # noqa: E402

from bench import approvals, bare_app, catalog, http_pages, users  # noqa: E402
from bench.harness import bench_app  # noqa: E402
from shop.extensions import db  # noqa: E402

# Not in the HTTP benchmark: a trivial logged-in page, i.e. the set-up every logged-in
# request pays (session, user, CSRF, locale, header), against the bare page.
EXTRA_PAGES = [http_pages.Page("`/account`, logged in", "/account", None, "buyer")]


@dataclass(frozen=True)
class Figure:
    name: str
    cpu_ms: float
    statements: int
    goal: float | None


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(argv)
    with ExitStack() as stack:
        url = stack.enter_context(catalog._database(args))
        prepared = http_pages.prepare(args, url)
        wsdl = stack.enter_context(erp_simulator(args.work_dir))
        app = bench_app(url, args.work_dir, ERP_WSDL_URL=wsdl, RATELIMIT_ENABLED=True, MAIL_PORT=1)
        figures = [measure_bare(args)]
        clients = log_in(app, prepared)
        for page in [*http_pages.pages_of(prepared), *EXTRA_PAGES]:
            if args.page and page.name.replace("`", "") not in args.page:
                continue
            client = clients[page.login] if page.login else app.test_client()
            figures.append(
                measure(app, args, page.name, page.goal, lambda c=client, p=page: _get(c, p.path))
            )
        if not args.page or "checkout" in args.page:
            figures.append(measure_checkout(app, args, clients["checkout"]))
        with app.app_context():
            db.engine.dispose()
    print(format_table(figures, url, prepared["products"], args.runs))
    return 0


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="an existing database (default: SQLite)")
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--pending", type=int, default=10_000)
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=30, help="measured requests per page")
    parser.add_argument(
        "--page",
        action="append",
        help="only this page (its name in the table, or 'checkout'); repeat for more pages",
    )
    parser.add_argument("--profile", type=Path, help="write a cProfile of --page's requests")
    parser.add_argument("--work-dir", type=Path, default=catalog.WORK_DIR)
    parser.add_argument("--fresh", action="store_true", help="build the database again")
    args = parser.parse_args(argv)
    if args.profile and len(args.page or ()) != 1:
        parser.error("--profile needs one --page")
    # What http_pages.prepare reads: one buyer for the pages, one for checkout.
    args.connections, args.postgres = 1, False
    return args


@contextmanager
def erp_simulator(work_dir: Path):
    """The bundled simulator on a free port; yields its WSDL URL."""
    port = http_pages._free_port()
    logs = work_dir / "profile-logs"
    logs.mkdir(parents=True, exist_ok=True)
    with open(logs / "erp.log", "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "erp_bridge.simulator", "--port", str(port)],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
    try:
        deadline = time.monotonic() + 60
        while not http_pages._is_ready(f"http://127.0.0.1:{port}/", None):
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"the ERP simulator did not start: see {logs / 'erp.log'}")
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}/soap?wsdl"
    finally:
        http_pages._stop(process)


def log_in(app, prepared: dict) -> dict:
    """A test client per login of http_pages.pages_of, plus a buyer for checkout."""
    buyers = prepared["buyers"]
    clients = {
        "buyer": _login(app, buyers[0], http_pages.BUYER_PASSWORD),
        "approver": _login(app, prepared["approver"], approvals.PASSWORD),
        "orderer": _login(app, http_pages.ORDERER_EMAIL, approvals.PASSWORD),
        "main contact": _login(app, users.MAIN_CONTACT, users.PASSWORD),
        "checkout": _login(app, buyers[1], http_pages.BUYER_PASSWORD),
    }
    token = http_pages._csrf_of(_get(clients["buyer"], "/cart").get_data(as_text=True))
    for sku in http_pages.CART_SKUS:
        clients["buyer"].post("/cart/add", data={"sku": sku, "quantity": 1, "csrf_token": token})
    return clients


def _login(app, email: str, password: str):
    client = app.test_client()
    client.environ_base.update(
        {"HTTP_USER_AGENT": http_pages.USER_AGENT, "HTTP_ACCEPT_LANGUAGE": "en"}
    )
    token = http_pages._csrf_of(client.get("/login").get_data(as_text=True))
    answer = client.post("/login", data={"email": email, "password": password, "csrf_token": token})
    if answer.status_code != 302:
        raise SystemExit(f"{email} could not log in (HTTP {answer.status_code})")
    return client


def _get(client, path: str):
    answer = client.get(path)
    if answer.status_code != 200:
        raise SystemExit(f"{path} answered HTTP {answer.status_code}")
    return answer


@contextmanager
def counting_statements(engine):
    """A list that grows by one per SQL statement sent while inside."""
    sent: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:
        sent.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", count)


def measure(
    app, args: argparse.Namespace, name: str, goal: float | None, request: Callable[[], object]
) -> Figure:
    """Median CPU ms of `request` over --runs calls after two unmeasured ones; its statements."""
    for _ in range(2):
        request()
    with app.app_context():
        engine = db.engine
    timings: list[float] = []
    # Timed in CPU time: on a shared machine wall-clock time charges other processes' work
    # to whichever function happens to run.
    profiler = cProfile.Profile(time.process_time) if args.profile else None
    with counting_statements(engine) as sent:
        for _ in range(args.runs):
            before = len(sent)
            if profiler:
                profiler.enable()
            started = time.process_time()
            request()
            timings.append((time.process_time() - started) * 1000)
            if profiler:
                profiler.disable()
            statements = len(sent) - before
    if profiler:
        profiler.dump_stats(args.profile)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    print(f"{name}: {statistics.median(timings):.2f} ms CPU", file=sys.stderr, flush=True)
    return Figure(name, statistics.median(timings), statements, goal)


def measure_bare(args: argparse.Namespace) -> Figure:
    database = args.work_dir / "bare.sqlite3"
    bare_app.prepare(database)
    app = bare_app.create_app(database)
    client = app.test_client()
    engine_holder: list = []
    with app.app_context():
        engine_holder.append(bare_app.db.engine)
    for _ in range(2):
        client.get("/")
    timings = []
    with counting_statements(engine_holder[0]) as sent:
        for _ in range(args.runs):
            before = len(sent)
            started = time.process_time()
            client.get("/")
            timings.append((time.process_time() - started) * 1000)
            statements = len(sent) - before
    return Figure(http_pages.BARE, statistics.median(timings), statements, None)


def measure_checkout(app, args: argparse.Namespace, client) -> Figure:
    """Placing an order (POST /checkout: budget check, outbox write), as the HTTP bench does."""
    token = http_pages._csrf_of(_get(client, "/cart").get_data(as_text=True))
    forms: list[dict] = []

    def prepare_round() -> None:
        client.post(
            "/cart/add",
            data={"sku": http_pages.CART_SKUS[0], "quantity": 1, "csrf_token": token},
        )
        page = _get(client, "/checkout").get_data(as_text=True)
        forms.append(
            {
                "csrf_token": token,
                "checkout_token": http_pages.CHECKOUT_TOKEN.search(page)[1],
                "address": http_pages.ADDRESS.search(page)[1],
                "payment_method": "invoice",
                "delivery_method": "standard",
                "new_country": "DE",
            }
        )

    def place() -> None:
        prepare_round()
        answer = client.post("/checkout", data=forms.pop())
        if answer.status_code != 302:
            raise SystemExit(f"placing an order answered HTTP {answer.status_code}")

    # Only the POST is timed: the cart and checkout page before it are not the goal's.
    timings: list[float] = []
    with app.app_context():
        engine = db.engine
    for _ in range(2):
        place()
    profiler = cProfile.Profile(time.process_time) if args.profile else None
    with counting_statements(engine) as sent:
        for _ in range(args.runs):
            prepare_round()
            before = len(sent)
            if profiler:
                profiler.enable()
            started = time.process_time()
            answer = client.post("/checkout", data=forms.pop())
            timings.append((time.process_time() - started) * 1000)
            if profiler:
                profiler.disable()
            statements = len(sent) - before
            if answer.status_code != 302:
                raise SystemExit(f"placing an order answered HTTP {answer.status_code}")
    if profiler:
        profiler.dump_stats(args.profile)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    print(f"checkout: {statistics.median(timings):.2f} ms CPU", file=sys.stderr, flush=True)
    return Figure(
        "checkout (POST)", statistics.median(timings), statements, http_pages.CUSTOMER_CENTER_GOAL
    )


def format_table(figures: list[Figure], url: str, products: int, runs: int) -> str:
    bare = figures[0]
    dialect = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
    lines = [
        f"{dialect}, {products} products; median CPU ms of {runs} requests per page",
        "",
        "| page | CPU ms | bare page's share | goal | SQL statements |",
        "|---|---:|---:|---|---:|",
    ]
    for figure in figures:
        # Requests per second of one core scale with 1 / CPU time: the share is the ratio.
        share = bare.cpu_ms / figure.cpu_ms if figure.cpu_ms else 0.0
        goal = ""
        if figure.goal is not None:
            goal = f"≥ {figure.goal:.0%} {'ok' if share >= figure.goal else 'MISSED'}"
        lines.append(
            f"| {figure.name} | {figure.cpu_ms:.2f} | {share:.0%} | {goal} | {figure.statements} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
