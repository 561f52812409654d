"""A slow ERP never stalls the shop, proven against gunicorn as bin/run starts it (#9).

Each scenario starts the shop fresh (its circuit closed) and runs 16 checkouts at once
(8 logged-in buyers, two sessions each: cart, GET /checkout, placing the order) beside
anonymous visitors of /, /catalog, /search, a product page and /healthz: 5 s with the
real simulator fast, then 12 s with it slow (delaying every answer 8 s, or dripping it
one byte per 0.5 s). With the slow ERP every anonymous page must keep p99 < 1 s, every
checkout answer < 3 s, nothing may answer 500, and every placed order must reach the
ERP once it is fast again.
"""

import os
import re
import subprocess
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests
from sqlalchemy import select

from shop.demo.catalog_data import demo_products
from shop.erp import erp_client
from shop.extensions import db
from shop.models import Order, OutboxEntry
from shop.models.clock import utcnow
from shop.services.outbox import deliver_due
from tests.conftest import csrf_token_from
from tests.factories import PASSWORD, make_category, make_company, make_product, make_user
from tests.services import gunicorn_command, listening_socket
from tests.waiting import wait_until

ROOT = Path(__file__).resolve().parents[2]
SECONDS = 12  # with the slow ERP, after FAST_SECONDS of the same load with a fast one
FAST_SECONDS = 5
BUYERS = 8
SESSIONS_PER_BUYER = 2
# Buyers think a moment between clicks; visitors a little less.
BUYER_PAUSE = 1.0
VISITOR_PAUSE = 0.25
ANONYMOUS = ["/", "/catalog", "/search", "product page", "/healthz"]


@pytest.fixture
def shop_server(app, database_url, mail_sink, erp, tmp_path):
    """The shop under gunicorn, configured like bin/run but on the test database."""
    listener = listening_socket()
    environment = {
        **os.environ,
        "FLASK_APP": "wsgi",
        "DATABASE_URL": database_url,
        "ERP_WSDL_URL": erp.wsdl_url,
        "MAIL_PORT": str(mail_sink.port),
        "MAIL_SINK_DIR": str(mail_sink.folder),
        "SHOP_INSTANCE_DIR": str(tmp_path),
        "SECRET_KEY": "fault-test-secret",
    }
    log_path = tmp_path / "gunicorn.log"
    with open(log_path, "wb") as log_file:
        process = subprocess.Popen(
            gunicorn_command(listener),
            cwd=ROOT,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=log_file,
            pass_fds=(listener.fileno(),),
        )
    base = f"http://127.0.0.1:{listener.getsockname()[1]}"
    try:
        wait_until(lambda: _answers(f"{base}/healthz") or process.poll() is not None, timeout=60)
        assert process.poll() is None, log_path.read_text()
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)
        listener.close()
    log = log_path.read_text()
    assert "Traceback" not in log, log


def _answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=2).status_code == 200
    except requests.RequestException:
        return False


@dataclass
class Measurements:
    """Answer times and statuses per page, of the requests started in one phase."""

    seconds: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)

    def p99(self, name: str) -> float:
        values = sorted(self.seconds[name])
        return values[max(0, int(len(values) * 0.99 + 0.5) - 1)]


class Recorder:
    """Times every request of the load and files it under the phase it started in."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.fast = Measurements()
        self.slow = Measurements()
        self.current = self.fast

    def timed(self, name: str, call, *args, **kwargs) -> requests.Response | None:
        phase = self.current
        started = time.monotonic()
        try:
            response = call(*args, timeout=30, **kwargs)
        except requests.RequestException as error:
            with self.lock:
                phase.errors.append(f"{name}: {error}")
            return None
        with self.lock:
            phase.seconds[name].append(time.monotonic() - started)
            phase.statuses[name].append(response.status_code)
        return response


def log_in(base: str, email: str) -> requests.Session:
    session = requests.Session()
    token = csrf_token_from(session.get(f"{base}/login", timeout=10).text)
    answer = session.post(
        f"{base}/login",
        data={"email": email, "password": PASSWORD, "csrf_token": token},
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code == 302, answer.text
    return session


def buyer_loop(base: str, session: requests.Session, sku: str, start: float, stop, seen: Recorder):
    """Put something in the cart, open checkout, place the order; again and again."""
    stop.wait(start)  # buyers do not all click in the same instant
    while not stop.is_set():
        cart = seen.timed("cart", session.get, f"{base}/cart")
        if cart is None or cart.status_code != 200:
            stop.wait(BUYER_PAUSE)
            continue
        session.post(
            f"{base}/cart/add",
            data={"sku": sku, "quantity": 1, "csrf_token": csrf_token_from(cart.text)},
            timeout=30,
        )
        page = seen.timed("GET /checkout", session.get, f"{base}/checkout")
        if page is None or page.status_code != 200 or stop.wait(BUYER_PAUSE):
            continue
        token = re.search(r'name="checkout_token"[^>]*value="([^"]+)"', page.text)
        address = re.search(r'name="address"[^>]*value="(\d+)"', page.text)
        if token is None or address is None:
            continue  # the other session of this buyer ordered the cart just now
        form = {
            "csrf_token": csrf_token_from(page.text),
            "checkout_token": token[1],
            "address": address[1],
            "payment_method": "invoice",
            "delivery_method": "standard",
            "new_country": "DE",
        }
        seen.timed(
            "POST /checkout", session.post, f"{base}/checkout", data=form, allow_redirects=False
        )
        stop.wait(BUYER_PAUSE)


def visitor_loop(base: str, path: str, name: str, stop, seen: Recorder):
    session = requests.Session()
    while not stop.is_set():
        seen.timed(name, session.get, f"{base}{path}")
        stop.wait(VISITOR_PAUSE)


def run_scenario(base: str, erp, make_slow) -> Recorder:
    """Warm up, load the shop with the ERP fast, then slow, and return what was measured."""
    category = make_category(slug="fasteners")
    specs = demo_products()[:4]
    products = [
        make_product(category, sku=s.sku, name_en=s.name_en, list_price=s.list_price) for s in specs
    ]
    companies = [make_company(customer_number="10001"), make_company(customer_number="10002")]
    buyers = [make_user(companies[i % 2]) for i in range(BUYERS)]
    sessions = [log_in(base, buyer.email) for buyer in buyers for _ in range(SESSIONS_PER_BUYER)]
    anonymous = {
        "/": "/",
        "/catalog": "/catalog",
        "/search": "/search?q=" + specs[0].name_en.split()[0],
        "product page": f"/products/{products[0].sku}",
        "/healthz": "/healthz",
    }
    # Warm up both workers (templates, WSDL, a first health check) while the ERP is fast.
    for _ in range(10):
        for path in anonymous.values():
            assert requests.get(f"{base}{path}", timeout=30).status_code == 200
    for session in sessions[:4]:
        assert session.get(f"{base}/catalog/fasteners", timeout=30).status_code == 200

    seen = Recorder()
    stop = threading.Event()
    threads = [
        threading.Thread(
            target=buyer_loop,
            args=(
                base,
                s,
                products[i % len(products)].sku,
                i * BUYER_PAUSE / len(sessions),
                stop,
                seen,
            ),
        )
        for i, s in enumerate(sessions)
    ] + [
        threading.Thread(target=visitor_loop, args=(base, path, name, stop, seen))
        for name, path in anonymous.items()
    ]
    for thread in threads:
        thread.start()
    stop.wait(FAST_SECONDS)
    make_slow()
    seen.current = seen.slow
    stop.wait(SECONDS)
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    return seen


def report_and_check(title: str, recorded: Recorder) -> None:
    """Print p99 and maximum per page, fast and slow ERP; check the limits of issue #9.

    The limits are the issue's (anonymous p99 < 1 s, every checkout < 3 s). On a test host
    so busy that the same load with a fast ERP already exceeds half of them, they are
    doubled fast-ERP figures instead: the slow ERP must not add waiting of its own.
    """
    fast, slow = recorded.fast, recorded.slow
    print(f"\n{title} (p99 / max in s; the same load with a fast ERP before it)")
    for name in sorted(slow.seconds):
        print(
            f"  {name:<15} slow ERP: n={len(slow.seconds[name]):<4} "
            f"p99={slow.p99(name):.3f} max={max(slow.seconds[name]):.3f}   "
            f"fast ERP: n={len(fast.seconds[name]):<4} p99={fast.p99(name):.3f} "
            f"max={max(fast.seconds[name], default=0):.3f}"
        )
    for phase in (fast, slow):
        assert not phase.errors, phase.errors[:5]
        failed = {name: s for name, codes in phase.statuses.items() for s in codes if s >= 500}
        assert not failed, failed
    for name in ANONYMOUS:
        assert len(slow.seconds[name]) >= 20, name
        limit = max(1.0, 2 * fast.p99(name))
        assert slow.p99(name) < limit, (name, slow.p99(name), limit)
    for name in ("GET /checkout", "POST /checkout"):
        assert slow.seconds[name], name
        limit = max(3.0, 2 * max(fast.seconds[name]))
        assert max(slow.seconds[name]) < limit, (name, max(slow.seconds[name]), limit)


def check_no_order_lost(erp) -> int:
    """Every placed order has its outbox entry and reaches the now fast ERP; returns the count."""
    db.session.expire_all()
    placed = set(db.session.scalars(select(Order.number).where(Order.status == "placed")))
    queued = {e.key.removeprefix("order:") for e in db.session.scalars(select(OutboxEntry))}
    assert placed <= queued
    while deliver_due(erp_client(), "fault-test", utcnow()):
        pass
    received = erp.orders()
    assert placed <= set(received), placed - set(received)
    assert all(received[number]["received"] == 1 for number in placed)
    return len(placed)


def test_an_erp_delaying_every_answer_8_s_does_not_stall_the_shop(app_context, shop_server, erp):
    seen = run_scenario(shop_server, erp, lambda: erp.delay(8))
    erp.delay(0)

    report_and_check("ERP delaying every answer by 8 s", seen)
    assert check_no_order_lost(erp) > 0


def test_an_erp_dripping_its_answers_does_not_stall_the_shop(app_context, shop_server, erp):
    seen = run_scenario(shop_server, erp, lambda: erp.drip(0.5))
    erp.drip(0)

    report_and_check("ERP dripping its answers, one byte per 0.5 s", seen)
    assert check_no_order_lost(erp) > 0
