"""HTTP benchmark: every main page under gunicorn as in production, beside a bare Flask page.

Prepares (or reuses) the catalogue data set of bench/catalog.py plus the companies of
bench/approvals.py and bench/users.py and a few buyers, starts the ERP simulator, the
mail sink, the shop and bench/bare_app.py under gunicorn (the command line of bin/run,
--workers 2 of the sync worker class, no access log), runs wrk against each page, and
prints rps, p50 and p99 and each page's share of the bare page's rps (issue #10). The bare
page is measured just before each page (--bare-duration seconds, half of --duration by
default): a virtual machine's speed drifts over the minutes of a run, and one bare figure at
the start made every share depend on how fast the machine was in that first minute.
Checkout is a flow of three requests with a fresh form token each time, which wrk cannot
drive: a small Python client places orders with --connections buyers at once instead, once
as whole rounds (add, page, POST) and once timing only the POSTs of prepared forms.
The exit status is 1 when a share misses its goal, 2 when the bench itself fails.

    .venv/bin/python bench/http_pages.py                           # SQLite, 100,000 products
    .venv/bin/python bench/http_pages.py --duration 2 --products 2000 --pending 200 --users 50
    .venv/bin/python bench/http_pages.py --postgres                # throwaway PostgreSQL
    .venv/bin/python bench/http_pages.py --database-url postgresql+psycopg://...
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import argparse  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import secrets  # noqa: E402
import shlex  # noqa: E402
import shutil  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from contextlib import ExitStack  # noqa: E402
from dataclasses import dataclass, field, replace  # noqa: E402

import requests  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from bench import approvals, catalog, users  # noqa: E402
from bench.harness import bench_app, redact  # noqa: E402
from shop.demo.loader import BACKORDER_SKUS  # noqa: E402
from shop.domain.rights import PredefinedRole  # noqa: E402
from shop.extensions import db  # noqa: E402
from shop.models import Company, Order, User  # noqa: E402
from shop.services.customer_center.roles import ensure_predefined_roles  # noqa: E402
from shop.services.password_hashing import hash_password  # noqa: E402
from shop.services.unit_of_work import unit_of_work  # noqa: E402

# Buyers of the demo company (known to the bundled ERP, so customer prices are real).
BUYER_COMPANY = "10001"
# Each run has buyers of its own: a buyer's month spend is summed at every checkout, and
# buyers kept from run to run had placed thousands of orders in the month, more with each run.
BUYER_EMAIL = "bench-http-buyer-{run}-{n}@example.com"
BUYER_PASSWORD = "bench-Http-Password-1"
# One of the 20 buyers bench/approvals.py creates: 1 in 20 of its orders, half of them
# placed, half waiting for approval.
ORDERER_EMAIL = "bench-buyer-0@example.com"
# Two products that allow backorder and one that does not, so every checkout asks the ERP
# for fresh stock as a real cart does (#10); the simulator's stock does not go down with
# orders, and its 479 of FAS-SCR-000018 never run out.
CART_SKUS = [*sorted(BACKORDER_SKUS)[:2], "FAS-SCR-000018"]
# Flask-Login's "strong" session protection binds a session to its User-Agent: wrk and the
# Python client send the same one.
USER_AGENT = "shop-bench-http"
BARE = "bare Flask page"

# Goals of issue #10: share of the bare page's requests per second.
CATALOGUE_GOAL = 0.50
SEARCH_GOAL = 0.35
CUSTOMER_CENTER_GOAL = 0.50

GOAL_MISSED = 1
BENCH_FAILED = 2


class BenchError(Exception):
    """The bench could not measure (a server did not start, a page answered an error)."""


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    # Share of the bare page's rps this page must reach; None: shown without a goal.
    goal: float | None
    # Whose session requests it: None (anonymous) or a key of Sessions.by_login.
    login: str | None = None


@dataclass(frozen=True)
class Result:
    name: str
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    goal: float | None
    # The bare page's rps measured just before this page (the share's reference).
    reference: float | None = None

    def share(self, bare: "Result") -> float:
        reference = self.reference or bare.rps
        return self.rps / reference if reference else 0.0

    def meets_goal(self, bare: "Result") -> bool:
        return self.goal is None or self.share(bare) >= self.goal


@dataclass
class Sessions:
    """Logged-in HTTP sessions by role, and the buyers who place orders during checkout."""

    by_login: dict[str, requests.Session]
    checkout: list["Orderer"] = field(default_factory=list)


@dataclass(frozen=True)
class Orderer:
    """A logged-in buyer placing orders, with the CSRF token of the session."""

    session: requests.Session
    csrf_token: str


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(argv)
    try:
        ensure_wrk()
        with ExitStack() as stack:
            url = stack.enter_context(catalog._database(args))
            started = time.monotonic()
            prepared = prepare(args, url)
            _progress(f"data ready in {time.monotonic() - started:.0f} s")
            started = time.monotonic()
            base, bare_base = start_servers(args, url, stack)
            _progress(f"servers up in {time.monotonic() - started:.0f} s")
            pages = pages_of(prepared)
            sessions = log_in(base, prepared)
            bare_runs: list[Result] = []

            def beside_bare(measure) -> Result:
                # The machine's speed drifts over the minutes of a run (a virtual machine):
                # each page is compared with the bare page measured just before it.
                bare_page = Page(BARE, "/", None)
                bare_runs.append(measure_wrk(args, bare_base, bare_page, None, args.bare_duration))
                return replace(measure(), reference=bare_runs[-1].rps)

            results = []
            for page in pages:
                session = sessions.by_login[page.login] if page.login else None
                results.append(beside_bare(lambda p=page, s=session: measure_wrk(args, base, p, s)))
            results.append(beside_bare(lambda: measure_checkout(args, base, sessions.checkout)))
            results.append(
                beside_bare(lambda: measure_checkout_posts(args, base, sessions.checkout))
            )
            bare = bare_summary(bare_runs, args.bare_duration)
            results.insert(0, bare)
    except BenchError as error:
        print(f"bench failed: {error}", file=sys.stderr)
        return BENCH_FAILED
    except SystemExit as stop:
        # The other bench scripts' preparation stops with a message (e.g. more products in
        # the database than asked for): a failed bench, not a missed goal.
        if not isinstance(stop.code, str):
            raise
        print(f"bench failed: {stop.code}", file=sys.stderr)
        return BENCH_FAILED
    print(format_table(results, args, url, prepared["products"]))
    return 0 if all(r.meets_goal(bare) for r in results) else GOAL_MISSED


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url", help="an existing database (default: SQLite in the work dir)"
    )
    parser.add_argument(
        "--postgres",
        action="store_true",
        help=f"start a throwaway PostgreSQL on port {catalog.PG_PORT} and stop it afterwards",
    )
    parser.add_argument("--products", type=int, default=100_000, help="products in the catalogue")
    parser.add_argument(
        "--pending", type=int, default=10_000, help="orders waiting in the approval inbox"
    )
    parser.add_argument("--users", type=int, default=1000, help="users in the user-list company")
    parser.add_argument("--duration", type=int, default=20, help="seconds of load per page")
    parser.add_argument(
        "--bare-duration",
        type=int,
        help="seconds of load on the bare page before each page (default: half of --duration)",
    )
    parser.add_argument("--connections", type=int, default=8, help="concurrent connections")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument(
        "--worker-class",
        default="sync",
        help="gunicorn worker class (sync, or gthread with bin/run's threads per worker)",
    )
    parser.add_argument(
        "--work-dir",
        type=Path,
        default=catalog.WORK_DIR,
        help=f"where data, logs and PostgreSQL live between runs (default {catalog.WORK_DIR})",
    )
    parser.add_argument(
        "--fresh", action="store_true", help="throw away the prepared database and build it again"
    )
    args = parser.parse_args(argv)
    if args.postgres and args.database_url:
        parser.error("--postgres starts its own server; leave out --database-url")
    if args.threads > args.connections:
        parser.error("--threads must not exceed --connections (wrk)")
    if args.bare_duration is None:
        args.bare_duration = max(1, args.duration // 2)
    return args


def ensure_wrk() -> None:
    """Install Debian's wrk when it is missing (as root), or fail saying how to get it."""
    if shutil.which("wrk"):
        return
    if os.geteuid() != 0:
        raise BenchError("wrk is not installed: run `apt-get install wrk` as root")
    environment = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "-q", "--no-install-recommends", "wrk"]
    if subprocess.run(install, env=environment).returncode != 0:
        subprocess.run(["apt-get", "update", "-q"], env=environment, check=False)
        subprocess.run(install, env=environment, check=False)
    if not shutil.which("wrk"):
        raise BenchError("wrk could not be installed with apt-get")


# -- preparing the data --------------------------------------------------------------------


def prepare(args: argparse.Namespace, url: str) -> dict:
    """Catalogue, approval inbox, user list and buyers (each reused when already there)."""
    app = bench_app(url, args.work_dir)
    with app.app_context():
        products = catalog.prepare_database(args.products, owned=args.database_url is None)
        approver = approvals.prepare(args.pending)
        users.prepare_company(args.users)
        buyers = prepare_buyers(args.connections + 1)
        orders = db.session.scalar(
            select(func.count(Order.id)).join(User).where(User.email == ORDERER_EMAIL)
        )
        db.session.remove()
    category, product = _category_and_product(app)
    with app.app_context():
        db.engine.dispose()
    _progress(f"database: {redact(url)} ({products} products)")
    return {
        "products": products,
        "approver": approver,
        "buyers": buyers,
        "orders": orders,
        "category": category,
        "product": product,
    }


def prepare_buyers(count: int) -> list[str]:
    """`count` new buyers of the demo company for this run; their e-mail addresses."""
    company = db.session.scalar(select(Company).where(Company.customer_number == BUYER_COMPANY))
    if company is None:
        raise BenchError(f"the database has no company {BUYER_COMPANY} (the demo data)")
    run = f"{time.time_ns():x}"
    emails = [BUYER_EMAIL.format(run=run, n=n) for n in range(count)]
    password = hash_password(BUYER_PASSWORD)
    with unit_of_work():
        buyer = ensure_predefined_roles(company)[PredefinedRole.BUYER]
        for email in emails:
            user = User(company=company, email=email, name=email.split("@")[0], locale="en")
            user.password_hash = password
            user.roles = [buyer]
            db.session.add(user)
    return emails


def _category_and_product(app) -> tuple[str, str]:
    """The category page and product page bench/catalog.py measures."""
    paths = [url for url, _kind, _target in catalog.bench_urls(app)]
    category = next(p for p in paths if p.startswith("/catalog/") and "?" not in p)
    product = next(p for p in paths if p.startswith("/products/"))
    return category, product


def pages_of(prepared: dict) -> list[Page]:
    """The pages of issue #10's table, in its order."""
    return [
        Page("`/catalog`", "/catalog", CATALOGUE_GOAL),
        Page("`/catalog?page=50`", "/catalog?page=50", CATALOGUE_GOAL),
        Page(f"category `{prepared['category']}`", prepared["category"], CATALOGUE_GOAL),
        Page(f"product `{prepared['product']}`", prepared["product"], CATALOGUE_GOAL),
        Page("`/catalog`, logged in", "/catalog", CATALOGUE_GOAL, "buyer"),
        # #10's goal holds for category pages logged in too (customer prices from the cache).
        Page("category, logged in", prepared["category"], CATALOGUE_GOAL, "buyer"),
        Page("product, logged in", prepared["product"], CATALOGUE_GOAL, "buyer"),
        Page("`/search?q=bolt`", "/search?q=bolt", SEARCH_GOAL),
        Page("`/search?q=din+933+m8`", "/search?q=din+933+m8", SEARCH_GOAL),
        Page("`/cart` (3 lines)", "/cart", None, "buyer"),
        Page(
            f"`/orders` ({prepared['orders']} orders)",
            "/orders",
            None,
            "orderer",
        ),
        Page("approval inbox", "/customer-center/approvals", CUSTOMER_CENTER_GOAL, "approver"),
        Page("user list", "/customer-center/users", CUSTOMER_CENTER_GOAL, "main contact"),
    ]


# -- the servers ---------------------------------------------------------------------------


def gunicorn_command(args: argparse.Namespace, port: int, app: str) -> list[str]:
    """bin/run's gunicorn line, bound to `port`, without access log, with our worker settings."""
    line = next(
        line for line in (ROOT / "bin/run").read_text().splitlines() if "bin/gunicorn" in line
    )
    words = [word for word in shlex.split(line) if word != "&"]
    words[words.index("--bind") + 1] = f"127.0.0.1:{port}"
    words[words.index("--workers") + 1] = str(args.workers)
    for option in ("--access-logfile", "--worker-class", "-k"):
        if option in words:
            at = words.index(option)
            del words[at : at + 2]
    if args.worker_class != "gthread" and "--threads" in words:
        # gunicorn turns sync workers into gthread ones when given threads.
        at = words.index("--threads")
        del words[at : at + 2]
    words[-1] = app
    return [str(ROOT / words[0]), *words[1:-1], "--worker-class", args.worker_class, app]


@dataclass
class Server:
    """A process the bench started, and how to tell it is ready."""

    name: str
    process: subprocess.Popen
    log_path: Path
    ready_url: str | None = None
    port: int | None = None

    def is_ready(self) -> bool:
        return _is_ready(self.ready_url, self.port)


def start_servers(args: argparse.Namespace, url: str, stack: ExitStack) -> tuple[str, str]:
    """Simulator, mail sink, the shop and the bare app, started at once; they end with `stack`."""
    from bench import bare_app

    logs = args.work_dir / "http-logs"
    logs.mkdir(parents=True, exist_ok=True)
    bare_database = args.work_dir / "bare.sqlite3"
    bare_app.prepare(bare_database)
    erp_port, mail_port, shop_port, bare_port = (_free_port() for _ in range(4))
    base, bare_base = f"http://127.0.0.1:{shop_port}", f"http://127.0.0.1:{bare_port}"
    python = sys.executable
    shop_environment = {
        "DATABASE_URL": url,
        "ERP_WSDL_URL": f"http://127.0.0.1:{erp_port}/soap?wsdl",
        "MAIL_PORT": str(mail_port),
        "MAIL_SINK_DIR": str(logs / "mail"),
        "SHOP_INSTANCE_DIR": str(args.work_dir),
        "SHOP_ENV": "production",
        "SECRET_KEY": secrets.token_hex(32),
        # Production sets secure cookies; the bench speaks plain HTTP on 127.0.0.1.
        "SESSION_COOKIE_SECURE": "0",
    }
    servers = [
        _spawn(
            stack,
            "ERP simulator",
            [python, "-m", "erp_bridge.simulator", "--port", str(erp_port)],
            {},
            logs,
        ),
        _spawn(
            stack,
            "mail sink",
            [python, "-m", "shop.mail_sink", "--port", str(mail_port), "--dir", str(logs / "mail")],
            {},
            logs,
        ),
        _spawn(
            stack, "shop", gunicorn_command(args, shop_port, "wsgi:app"), shop_environment, logs
        ),
        _spawn(
            stack,
            "bare app",
            gunicorn_command(args, bare_port, "bench.bare_app:app"),
            {"BARE_APP_DATABASE": str(bare_database)},
            logs,
        ),
    ]
    servers[0].ready_url = f"http://127.0.0.1:{erp_port}/"
    servers[1].port = mail_port
    servers[2].ready_url = f"{base}/healthz"
    servers[3].ready_url = f"{bare_base}/"
    deadline = time.monotonic() + 120
    waiting = list(servers)
    while waiting:
        for server in list(waiting):
            if server.process.poll() is not None or time.monotonic() > deadline:
                log = server.log_path.read_text()[-3000:]
                raise BenchError(f"the {server.name} did not start:\n{log}")
            if server.is_ready():
                waiting.remove(server)
        time.sleep(0.1)
    return base, bare_base


def _spawn(
    stack: ExitStack, name: str, command: list[str], environment: dict, logs: Path
) -> Server:
    log_path = logs / f"{name.replace(' ', '-')}.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**os.environ, **environment},
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
    stack.callback(_stop, process)
    return Server(name, process, log_path)


def _is_ready(url: str | None, port: int | None) -> bool:
    if url is None:
        with socket.socket() as sock:
            return sock.connect_ex(("127.0.0.1", port)) == 0
    try:
        return requests.get(url, timeout=5).status_code == 200
    except requests.RequestException:
        return False


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# -- logging in ----------------------------------------------------------------------------

CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
CHECKOUT_TOKEN = re.compile(r'name="checkout_token"[^>]*value="([^"]+)"')
ADDRESS = re.compile(r'name="address"[^>]*value="(\d+)"')


def _new_session() -> requests.Session:
    session = requests.Session()
    session.headers.update({"User-Agent": USER_AGENT, "Accept-Language": "en"})
    return session


def _csrf_of(html: str) -> str:
    match = CSRF.search(html)
    if match is None:
        raise BenchError("no CSRF token on the page")
    return match[1]


def login(base: str, email: str, password: str) -> requests.Session:
    session = _new_session()
    token = _csrf_of(session.get(f"{base}/login", timeout=30).text)
    answer = session.post(
        f"{base}/login",
        data={"email": email, "password": password, "csrf_token": token},
        allow_redirects=False,
        timeout=30,
    )
    if answer.status_code != 302:
        raise BenchError(f"{email} could not log in (HTTP {answer.status_code})")
    return session


def log_in(base: str, prepared: dict) -> Sessions:
    """Sessions of a buyer with a filled cart, the approver, the main contact, the orderers."""
    buyers = prepared["buyers"]
    buyer = login(base, buyers[0], BUYER_PASSWORD)
    token = _csrf_of(buyer.get(f"{base}/cart", timeout=30).text)
    for sku in CART_SKUS:
        answer = buyer.post(
            f"{base}/cart/add",
            data={"sku": sku, "quantity": 1, "csrf_token": token},
            allow_redirects=False,
            timeout=30,
        )
        if answer.status_code not in (200, 302, 303):
            raise BenchError(f"adding {sku} to the cart answered HTTP {answer.status_code}")
    return Sessions(
        by_login={
            "buyer": buyer,
            "approver": login(base, prepared["approver"], approvals.PASSWORD),
            "orderer": login(base, ORDERER_EMAIL, approvals.PASSWORD),
            "main contact": login(base, users.MAIN_CONTACT, users.PASSWORD),
        },
        checkout=[_orderer(base, email) for email in buyers[1:]],
    )


def _orderer(base: str, email: str) -> Orderer:
    session = login(base, email, BUYER_PASSWORD)
    return Orderer(session, _csrf_of(session.get(f"{base}/cart", timeout=30).text))


# -- measuring -----------------------------------------------------------------------------


def bare_summary(runs: list[Result], duration: int) -> Result:
    """The bare page's row: the median of its runs (one before each page), their range."""
    ordered = sorted(runs, key=lambda run: run.rps)
    middle = ordered[len(ordered) // 2]
    name = (
        f"{BARE} (median of {len(runs)} runs of {duration} s, one before each page: "
        f"{ordered[0].rps:.0f}–{ordered[-1].rps:.0f} rps)"
    )
    requests_sent = sum(run.requests for run in runs)
    return Result(name, middle.rps, middle.p50_ms, middle.p99_ms, requests_sent, None, middle.rps)


def measure_wrk(
    args: argparse.Namespace,
    base: str,
    page: Page,
    session: requests.Session | None,
    duration: int | None = None,
) -> Result:
    """wrk against one page, after warming every worker up and checking it answers 200."""
    headers = {"User-Agent": USER_AGENT, "Accept-Language": "en"}
    if session is not None:
        headers["Cookie"] = "; ".join(f"{c.name}={c.value}" for c in session.cookies)
    _warm_up(base + page.path, headers, args.workers, page.name)
    command = [
        "wrk",
        f"-t{args.threads}",
        f"-c{args.connections}",
        f"-d{duration or args.duration}s",
        "--timeout",
        "10s",
        "--latency",
        *(item for name, value in headers.items() for item in ("-H", f"{name}: {value}")),
        base + page.path,
    ]
    run = subprocess.run(command, capture_output=True, text=True)
    if run.returncode != 0:
        raise BenchError(f"wrk failed on {page.name}: {run.stderr or run.stdout}")
    result = parse_wrk(page, run.stdout)
    if session is not None:
        # A session that ended would have measured the redirect to the login page.
        _warm_up(base + page.path, headers, 1, page.name)
    _progress(f"{page.name}: {result.rps:.1f} rps")
    return result


def _warm_up(url: str, headers: dict, count: int, name: str) -> None:
    """`count` requests at once (one per gunicorn worker), each of which must answer 200."""
    statuses: list[int] = []

    def get() -> None:
        try:
            answer = requests.get(url, headers=headers, allow_redirects=False, timeout=60)
        except requests.RequestException:
            statuses.append(0)
            return
        statuses.append(answer.status_code)

    _in_threads(lambda _: get(), range(count))
    if any(status != 200 for status in statuses):
        raise BenchError(f"{name} answered HTTP {statuses}, not 200")


def parse_wrk(page: Page, output: str) -> Result:
    """Requests/sec, the 50 % and 99 % latencies and the request count of wrk's report."""
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors:
        raise BenchError(f"{page.name}: {errors[1]} answers were errors\n{output}")
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    count = re.search(r"(\d+) requests in", output)
    p50 = re.search(r"^\s+50%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.M)
    p99 = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.M)
    if not (rps and count and p50 and p99):
        raise BenchError(f"cannot read wrk's report for {page.name}:\n{output}")
    return Result(
        page.name, float(rps[1]), _ms(*p50.groups()), _ms(*p99.groups()), int(count[1]), page.goal
    )


def _ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[unit]


def measure_checkout(args: argparse.Namespace, base: str, orderers: list[Orderer]) -> Result:
    """Checkout rounds per second by --connections buyers at once; p50/p99 of POST /checkout.

    Each round is what a buyer does: add a product to the cart, open the checkout page (a
    fresh form token, fresh ERP prices), place the order (budget check, outbox write). The
    rate counts whole rounds (three requests), so it has no goal: the POST row has.
    """
    timings: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()

    def warm_up(orderer: Orderer) -> None:
        try:
            _checkout_round(base, orderer)  # unmeasured
        except (BenchError, requests.RequestException) as error:
            with lock:
                failures.append(str(error))

    _in_threads(warm_up, orderers)
    if failures:
        raise BenchError(f"checkout failed: {failures[0]}")
    started = time.monotonic()
    stop_at = started + args.duration

    def order_until_stop(orderer: Orderer) -> None:
        while time.monotonic() < stop_at:
            try:
                seconds = _checkout_round(base, orderer)
            except (BenchError, requests.RequestException) as error:
                with lock:
                    failures.append(str(error))
                return
            with lock:
                timings.append(seconds)

    _in_threads(order_until_stop, orderers)
    elapsed = time.monotonic() - started
    if failures:
        raise BenchError(f"checkout failed: {failures[0]}")
    timings.sort()
    _progress(f"checkout: {len(timings)} rounds")
    return Result(
        "checkout rounds (add, page, POST; rounds/s)",
        len(timings) / elapsed,
        _percentile(timings, 50) * 1000,
        _percentile(timings, 99) * 1000,
        len(timings),
        None,
    )


def measure_checkout_posts(args: argparse.Namespace, base: str, orderers: list[Orderer]) -> Result:
    """Orders per second of POST /checkout alone (the request issue #10's goal names).

    In batches: every buyer's cart and checkout form are prepared first, unmeasured (add a
    product, open the checkout page); then the --connections buyers post their forms at once.
    The rate is the orders over the time the batches' POSTs took, from the first sent to the
    last answered, for --duration seconds of POSTs. Between batches the server only prepares
    the next one, and the last POSTs of a batch leave some workers idle, so the rate is a
    little low rather than high.
    """
    timings: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()
    forms: dict[int, dict] = {}

    def prepare_form(orderer: Orderer) -> None:
        try:
            forms[id(orderer)] = _prepare_checkout(base, orderer)
        except (BenchError, requests.RequestException) as error:
            with lock:
                failures.append(str(error))

    def post(orderer: Orderer) -> None:
        try:
            seconds = _post_checkout(base, orderer, forms.pop(id(orderer)))
        except (BenchError, requests.RequestException) as error:
            with lock:
                failures.append(str(error))
            return
        with lock:
            timings.append(seconds)

    posting = 0.0
    while posting < args.duration and not failures:
        _in_threads(prepare_form, orderers)
        if failures:
            break
        started = time.monotonic()
        _in_threads(post, orderers)
        posting += time.monotonic() - started
    if failures:
        raise BenchError(f"checkout failed: {failures[0]}")
    timings.sort()
    _progress(f"checkout: {len(timings)} orders placed in {posting:.1f} s of POSTs")
    return Result(
        "checkout POST (orders/s; cart and page prepared unmeasured)",
        len(timings) / posting,
        _percentile(timings, 50) * 1000,
        _percentile(timings, 99) * 1000,
        len(timings),
        CUSTOMER_CENTER_GOAL,
    )


def _checkout_round(base: str, orderer: Orderer) -> float:
    """Add a product, open checkout, place the order; the seconds of the whole round."""
    started = time.perf_counter()
    _post_checkout(base, orderer, _prepare_checkout(base, orderer))
    return time.perf_counter() - started


def _prepare_checkout(base: str, orderer: Orderer) -> dict:
    """Add a product to the buyer's cart and open the checkout page; the form to post."""
    session = orderer.session
    answer = session.post(
        f"{base}/cart/add",
        data={"sku": CART_SKUS[0], "quantity": 1, "csrf_token": orderer.csrf_token},
        allow_redirects=False,
        timeout=60,
    )
    if answer.status_code not in (200, 302, 303):
        raise BenchError(f"adding to the cart answered HTTP {answer.status_code}")
    page = session.get(f"{base}/checkout", timeout=60)
    checkout_token, address = CHECKOUT_TOKEN.search(page.text), ADDRESS.search(page.text)
    if page.status_code != 200 or checkout_token is None or address is None:
        raise BenchError(f"the checkout page answered HTTP {page.status_code} without its form")
    return {
        "csrf_token": orderer.csrf_token,
        "checkout_token": checkout_token[1],
        "address": address[1],
        "payment_method": "invoice",
        "delivery_method": "standard",
        "new_country": "DE",
    }


def _post_checkout(base: str, orderer: Orderer, form: dict) -> float:
    """Place the order of a prepared form; the seconds the POST took."""
    started = time.perf_counter()
    answer = orderer.session.post(f"{base}/checkout", data=form, allow_redirects=False, timeout=60)
    seconds = time.perf_counter() - started
    if answer.status_code != 302 or "/checkout/confirmation/" not in answer.headers["Location"]:
        raise BenchError(f"placing an order answered HTTP {answer.status_code}")
    return seconds


def _in_threads(function, items) -> None:
    """Call `function` on every item at once, one thread each; return when all are done."""
    threads = [threading.Thread(target=function, args=(item,)) for item in items]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def _percentile(ordered: list[float], percent: int) -> float:
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, max(0, round(percent / 100 * len(ordered)) - 1))]


# -- the report ----------------------------------------------------------------------------


def format_table(results: list[Result], args: argparse.Namespace, url: str, products: int) -> str:
    bare = results[0]
    dialect = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
    lines = [
        f"{dialect}, {products} products, {args.pending} pending orders, {args.users} users; "
        f"gunicorn {args.workers} {args.worker_class} workers; "
        f"wrk -t{args.threads} -c{args.connections} -d{args.duration}s; "
        f"each share is of the bare page's rps measured just before the page "
        f"(-d{args.bare_duration}s)",
        "",
        "| page | rps | p50 ms | p99 ms | share of the bare page | goal |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for result in results:
        if result.goal is None:
            goal = ""
        else:
            verdict = "ok" if result.meets_goal(bare) else "MISSED"
            goal = f"≥ {result.goal:.0%} {verdict}"
        lines.append(
            f"| {result.name} | {result.rps:.1f} | {result.p50_ms:.1f} | {result.p99_ms:.1f} "
            f"| {result.share(bare):.0%} | {goal} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
