"""Scale out (#10): two web instances and two outbox workers on one PostgreSQL database.

Two gunicorn masters on two ports (as on two machines behind a proxy), each with sync
workers as `bin/run` starts them, and two `flask erp worker` processes, all on the test
database, with the ERP simulator and the mail sink. Everything goes over real HTTP with one
cookie jar, as a browser behind a proxy would send it to either instance. Nothing two
machines must agree on may live in one process's memory: sessions, CSRF tokens, rate-limit
counters, carts, cached prices and the outbox are all in the database (or the signed cookie).
What a process keeps for speed (a category's "in stock" bitmap and sorted listing) it keeps
under tokens the database replaces on every change, so both instances show a change at once.

PostgreSQL only (bin/test runs it in the PostgreSQL pass): SQLite is one file on one machine.
"""

import os
import re
import subprocess
from contextlib import ExitStack
from pathlib import Path

import pytest
import requests
from limits import parse_many
from sqlalchemy import func, select, update

from shop.demo.catalog_data import demo_products
from shop.extensions import db
from shop.models import CachedPrice, CachedStock, OutboxEntry, Product
from shop.models.clock import utcnow
from shop.web import throttling
from tests.conftest import csrf_token_from
from tests.factories import PASSWORD, make_category, make_company, make_product, make_user
from tests.services import (
    gunicorn_command,
    listening_socket,
    start_worker,
    stop_worker,
    wait_for_first_round,
)
from tests.waiting import wait_until

ROOT = Path(__file__).resolve().parents[2]
EN = {"Accept-Language": "en"}
# Both instances sign cookies with the same key, as every machine of one shop must.
SHARED_SECRET = "scale-out-test-secret-shared-by-every-instance-0123"
# One sync worker each keeps start-up cheap on CI's 2 cores; two masters are the point.
WEB_WORKERS = 1
ORDERS = 6
CHECKOUT_TOKEN = re.compile(r'name="checkout_token" type="hidden" value="([^"]+)"')
ADDRESS = re.compile(r'name="address"[^>]*value="(\d+)"')


@pytest.fixture(scope="module")
def postgres_url(database_url) -> str:
    assert database_url.startswith("postgresql"), (
        "the scale-out test needs PostgreSQL: set TEST_DATABASE_URL=postgresql+psycopg://…"
    )
    return database_url


def _answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=10).status_code == 200
    except requests.RequestException:
        return False


@pytest.fixture(scope="module")
def instances(app, postgres_url, erp_simulator, mail_sink, tmp_path_factory):
    """Web instances A and B (base URLs); two outbox workers deliver meanwhile."""
    folder = tmp_path_factory.mktemp("scale-out")
    environment = {
        **os.environ,
        "FLASK_APP": "wsgi",
        "SHOP_ENV": "production",
        # Plain HTTP in the test; behind a TLS proxy production keeps secure cookies.
        "SESSION_COOKIE_SECURE": "false",
        "SECRET_KEY": SHARED_SECRET,
        "DATABASE_URL": postgres_url,
        "ERP_WSDL_URL": erp_simulator.wsdl_url,
        # A test that stops the ERP must not leave an instance's circuit open for the next.
        "ERP_PAUSE_AFTER_FAILURE": "0.5",
        "MAIL_PORT": str(mail_sink.port),
        "PUBLIC_URL": "http://shop.test",
    }
    environment.pop("RATELIMIT_STORAGE_URI", None)
    with ExitStack() as stack:
        servers = []
        for name in ("a", "b"):
            listener = stack.enter_context(listening_socket())
            log = stack.enter_context(open(folder / f"gunicorn-{name}.log", "wb"))
            instance = dict(environment, SHOP_INSTANCE_DIR=str(folder / name))
            process = subprocess.Popen(
                gunicorn_command(listener, workers=WEB_WORKERS, sync_workers=True),
                cwd=ROOT,
                env=instance,
                stdout=log,
                stderr=log,
                pass_fds=(listener.fileno(),),
            )
            stack.callback(_stop, process)
            servers.append((process, f"http://127.0.0.1:{listener.getsockname()[1]}"))
        worker_logs = [folder / f"{name}.log" for name in ("worker-1", "worker-2")]
        for log in worker_logs:
            # Production's lease: a slow CI machine must not make a worker take over an entry
            # the other is still sending (the ERP would count that resend).
            worker = start_worker(app, erp_simulator, log.stem, log=log, OUTBOX_LEASE_SECONDS="120")
            stack.callback(stop_worker, worker)
        for process, base in servers:
            wait_until(lambda base=base: _answers(f"{base}/login"), timeout=120)
            assert process.poll() is None
        # The tests make up companies the ERP does not know; a worker's first customer sync
        # would lock out one made while it runs (on a busy CI machine, it did).
        for log in worker_logs:
            wait_for_first_round(log, timeout=120)
        yield [base for _, base in servers]
    for name in ("a", "b"):
        text = (folder / f"gunicorn-{name}.log").read_text()
        assert "Traceback" not in text, text


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    process.wait(timeout=30)


def log_in(http: requests.Session, base: str, email: str, password: str = PASSWORD):
    token = csrf_token_from(http.get(f"{base}/login", headers=EN, timeout=30).text)
    return http.post(
        f"{base}/login",
        data={"email": email, "password": password, "csrf_token": token},
        headers=EN,
        allow_redirects=False,
        timeout=30,
    )


def priced_product(**overrides):
    """A product the simulator has a customer price for (a demo SKU)."""
    spec = demo_products()[0]
    values = {"sku": spec.sku, "name_en": spec.name_en, "list_price": spec.list_price}
    return make_product(make_category(slug="scale-out"), **{**values, **overrides})


def place_order(http: requests.Session, base: str, sku: str) -> str:
    """Add the product, open checkout and place the order on this instance; its number."""
    token = csrf_token_from(http.get(f"{base}/cart", headers=EN, timeout=30).text)
    added = http.post(
        f"{base}/cart/add",
        data={"sku": sku, "quantity": 1, "csrf_token": token},
        allow_redirects=False,
        timeout=30,
    )
    assert added.status_code == 302, added.text
    page = http.get(f"{base}/checkout", headers=EN, timeout=30)
    assert page.status_code == 200, page.text
    form = {
        "csrf_token": token,
        "checkout_token": CHECKOUT_TOKEN.search(page.text)[1],
        "address": ADDRESS.search(page.text)[1],
        "payment_method": "invoice",
        "delivery_method": "standard",
        "customer_reference": "",
        "comment": "",
        "new_country": "DE",
    }
    placed = http.post(f"{base}/checkout", data=form, allow_redirects=False, timeout=60)
    assert placed.status_code == 302, placed.text
    assert "/checkout/confirmation/" in placed.headers["Location"]
    return placed.headers["Location"].rsplit("/", 1)[1]


def get_prices_calls(erp) -> int:
    return erp.control("status")["soapCallsByOperation"].get("GetPrices", 0)


def test_a_session_started_on_one_instance_works_on_the_other(instances, app_context):
    first, second = instances
    user = make_user(name="Sabine Scale")
    http = requests.Session()

    login = log_in(http, first, user.email)
    assert login.status_code == 302, login.text
    account = http.get(f"{second}/account", headers=EN, allow_redirects=False, timeout=30)
    # A CSRF token issued by A is accepted by B: logging out there ends the session on A.
    token = csrf_token_from(account.text)
    logout = http.post(
        f"{second}/logout", data={"csrf_token": token}, allow_redirects=False, timeout=30
    )
    after = http.get(f"{first}/account", headers=EN, allow_redirects=False, timeout=30)

    assert account.status_code == 200
    assert "Sabine Scale" in account.text
    assert logout.status_code == 302
    assert after.status_code == 302 and "/login" in after.headers["Location"]


def test_failed_logins_spread_over_both_instances_trip_the_limit_at_its_count(
    instances, app_context
):
    user = make_user()
    allowed = parse_many(throttling.PER_ACCOUNT_AND_ADDRESS)[0].amount
    http = requests.Session()

    statuses = [
        log_in(http, instances[attempt % 2], user.email, "wrong-Password-1").status_code
        for attempt in range(allowed + 1)
    ]
    # Refused on either instance once the limit is reached, even with the right password.
    right = [log_in(http, base, user.email).status_code for base in instances]

    assert statuses == [200] * allowed + [429]
    assert right == [429, 429]


def test_orders_placed_on_both_instances_reach_the_erp_exactly_once(
    instances, app_context, erp, mail_sink
):
    product = priced_product(allows_backorder=True)
    buyer = make_user(make_company(customer_number="10002"))
    http = requests.Session()
    assert log_in(http, instances[0], buyer.email).status_code == 302

    numbers = [place_order(http, instances[index % 2], product.sku) for index in range(ORDERS)]

    received = wait_until(lambda: (o := erp.orders()) and len(o) >= ORDERS and o, timeout=30)
    assert sorted(received) == sorted(numbers)
    assert all(order["received"] == 1 for order in received.values())

    def outbox_done() -> bool:
        db.session.remove()
        states = db.session.execute(
            select(OutboxEntry.kind, OutboxEntry.status, func.count()).group_by(
                OutboxEntry.kind, OutboxEntry.status
            )
        ).all()
        delivered = {kind: count for kind, status, count in states if status == "delivered"}
        finished = all(status == "delivered" for _, status, _ in states)
        return finished and delivered.get("submit_order") == ORDERS

    wait_until(outbox_done, timeout=30)
    receipts = [
        mail.subject.rsplit(" ", 1)[1]
        for mail in mail_sink.mails()
        if mail.to == buyer.email and mail.subject.startswith("We have received your order")
    ]
    assert sorted(receipts) == sorted(numbers)
    assert erp.orders().keys() == received.keys()
    assert all(order["received"] == 1 for order in erp.orders().values())


def test_a_price_cached_by_one_instance_is_used_by_the_other(instances, app_context, erp):
    product = priced_product()
    customer = make_user(make_company(customer_number="10002"))
    http = requests.Session()
    assert log_in(http, instances[0], customer.email).status_code == 302
    before = get_prices_calls(erp)

    on_a = http.get(f"{instances[0]}/products/{product.sku}", headers=EN, timeout=30)
    calls_after_a = get_prices_calls(erp)
    on_b = http.get(f"{instances[1]}/products/{product.sku}", headers=EN, timeout=30)
    calls_after_b = get_prices_calls(erp)
    erp.stop()
    on_b_without_erp = http.get(f"{instances[1]}/products/{product.sku}", headers=EN, timeout=30)

    cached = db.session.scalars(select(CachedPrice).where(CachedPrice.sku == product.sku)).all()
    assert len(cached) == 1 and cached[0].net_price is not None
    price = f"€{cached[0].net_price:,.2f}"
    assert cached[0].net_price != product.list_price
    assert calls_after_a - before == 1
    assert calls_after_b == calls_after_a
    for page in (on_a, on_b, on_b_without_erp):
        assert page.status_code == 200
        assert price in page.text
    assert "could not be confirmed" not in on_b_without_erp.text


def listed_skus(base: str, path: str, skus: list[str]) -> list[str]:
    """The given SKUs in the order one instance lists them on the page at `path`."""
    page = requests.get(f"{base}{path}", headers=EN, timeout=30)
    assert page.status_code == 200, page.text
    return sorted((sku for sku in skus if sku in page.text), key=page.text.index)


def test_a_stock_change_shows_in_the_in_stock_filter_both_instances_keep(instances, app_context):
    category = make_category(slug="scale-out-stock")
    skus = [make_product(category, sku=f"SCALE-STOCK-{n}").sku for n in range(3)]
    db.session.add_all(CachedStock(sku=sku, quantity=5, fetched_at=utcnow()) for sku in skus)
    db.session.commit()
    path = f"/catalog/{category.slug}?in_stock=1"
    before = [set(listed_skus(base, path, skus)) for base in instances]

    # As a worker or the other machine writes an ERP answer: only the database is told.
    db.session.execute(update(CachedStock).where(CachedStock.sku == skus[0]).values(quantity=0))
    db.session.commit()
    after = [set(listed_skus(base, path, skus)) for base in instances]

    assert before == [set(skus), set(skus)]
    assert after == [set(skus[1:]), set(skus[1:])]


def test_a_renamed_product_moves_in_the_listing_both_instances_keep(instances, app_context):
    category = make_category(slug="scale-out-order")
    products = [
        make_product(category, sku=f"SCALE-ORDER-{n}", name_en=name)
        for n, name in enumerate(["Alpha clamp", "Beta clamp", "Gamma clamp"])
    ]
    skus = [product.sku for product in products]
    path = f"/catalog/{category.slug}?sort=name"
    before = [listed_skus(base, path, skus) for base in instances]

    db.session.execute(update(Product).where(Product.sku == skus[0]).values(name_en="Zeta clamp"))
    db.session.commit()
    after = [listed_skus(base, path, skus) for base in instances]

    assert before == [skus, skus]
    assert after == [[*skus[1:], skus[0]]] * 2


def test_a_new_word_is_corrected_alike_by_both_instances(instances, app_context):
    make_product(sku="SCALE-WORD-1", name_en="Hex nut M8", name_de="Sechskantmutter M8")
    for base in instances:  # each instance builds its vocabulary without the new word
        page = requests.get(f"{base}/search?q=wingnot", headers=EN, timeout=30)
        assert "No product matches" in page.text

    make_product(sku="SCALE-WORD-2", name_en="Wingnut M8", name_de="Flügelmutter M8")
    pages = [requests.get(f"{base}/search?q=wingnot", headers=EN, timeout=30) for base in instances]

    for page in pages:
        assert "Showing results for <em>wingnut</em>" in page.text and "SCALE-WORD-2" in page.text
