"""Issue #14: login limits count failures only, cannot be used to lock a user out from
elsewhere, answer 429 with the real wait, and hold across web processes."""

import math
import os
import re
import subprocess
from pathlib import Path

import pytest
import redis
import requests

from shop.web import throttling
from tests.conftest import FreshContextClient, csrf_token_from
from tests.factories import PASSWORD, make_user
from tests.services import STARTUP, gunicorn_command, listening_socket
from tests.waiting import wait_until

ROOT = Path(__file__).resolve().parents[2]
EN = {"Accept-Language": "en"}

pytestmark = pytest.mark.usefixtures("app_context")


def browser(app, address: str = "198.51.100.7") -> FreshContextClient:
    app.test_client_class = FreshContextClient
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def attempt(client, email: str, password: str):
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    return client.post(
        "/login", data={"email": email, "password": password, "csrf_token": token}, headers=EN
    )


def test_successful_logins_do_not_count_toward_the_limits(app):
    user = make_user()
    office = browser(app)

    statuses = [attempt(office, user.email, PASSWORD).status_code for _ in range(25)]

    assert statuses == [302] * 25


def test_ten_wrong_passwords_from_elsewhere_do_not_lock_the_user_out(app):
    user = make_user()
    attacker = browser(app, "203.0.113.9")

    statuses = [attempt(attacker, user.email, "wrong-Password-1").status_code for _ in range(11)]
    login = attempt(browser(app, "198.51.100.7"), user.email, PASSWORD)

    assert statuses == [200] * 10 + [429]
    assert login.status_code == 302


def test_the_answer_to_too_many_attempts_states_the_real_wait(app):
    user = make_user()
    client = browser(app)

    for _ in range(10):
        assert attempt(client, user.email, "wrong-Password-1").status_code == 200
    refused = attempt(client, user.email, PASSWORD)

    assert refused.status_code == 429
    seconds = int(refused.headers["Retry-After"])
    assert 14 * 60 < seconds <= 15 * 60
    minutes = math.ceil(seconds / 60)
    assert f"Please try again in {minutes} minutes." in refused.get_data(as_text=True)


def test_an_account_attacked_from_many_addresses_waits_but_its_known_browser_gets_in(app):
    user = make_user()
    office = browser(app)
    assert attempt(office, user.email, PASSWORD).status_code == 302
    limit = int(re.match(r"\d+", throttling.PER_ACCOUNT).group())

    for number in range(limit):
        attacker = browser(app, f"203.0.113.{number % 200 + 1}")
        assert attempt(attacker, user.email, f"guess-Number-{number}").status_code == 200
    from_a_new_address = attempt(browser(app, "192.0.2.50"), user.email, PASSWORD)
    from_the_known_browser = attempt(office, user.email, PASSWORD)

    assert from_a_new_address.status_code == 429
    assert 0 < int(from_a_new_address.headers["Retry-After"]) <= 3600
    assert from_the_known_browser.status_code == 302


@pytest.fixture
def redis_storage(tmp_path):
    """A real redis-server of its own, on a Unix socket (no port another test could take)."""
    sock = tmp_path / "redis.sock"
    process = subprocess.Popen(
        [
            "redis-server",
            "--port",
            "0",
            "--unixsocket",
            str(sock),
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until(sock.exists, timeout=STARTUP)
        yield f"redis+unix://{sock}"
    finally:
        process.terminate()
        process.wait(timeout=STARTUP)


@pytest.fixture(params=["database", "redis"])
def storage_uri(request):
    """Where the counters live: the default (the shop's database) and a Redis (README,
    "Deploying"), each tested as production would run it."""
    if request.param == "database":
        return "database://"
    return request.getfixturevalue("redis_storage")


@pytest.fixture
def two_web_processes(app, tmp_path, storage_uri):
    """Two gunicorn servers (each its own process and memory) on the test database."""
    env = {
        **os.environ,
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "SECRET_KEY": "shared-test-secret-of-enough-length-0123456789",
        "SHOP_INSTANCE_DIR": str(tmp_path),
        "MAIL_PORT": str(app.config["MAIL_PORT"]),
        "ERP_WSDL_URL": app.config["ERP_WSDL_URL"],
        "RATELIMIT_STORAGE_URI": storage_uri,
    }
    servers = []
    for number in range(2):
        listener = listening_socket()
        with open(tmp_path / f"gunicorn-{number}.log", "wb") as log:
            process = subprocess.Popen(
                gunicorn_command(listener, workers=1),
                cwd=ROOT,
                env=env,
                pass_fds=(listener.fileno(),),
                stdout=log,
                stderr=log,
            )
        port = listener.getsockname()[1]
        listener.close()  # the server holds it now
        servers.append((process, f"http://127.0.0.1:{port}"))
    try:
        for _, url in servers:
            # A worker imports the whole shop before its first answer: slow on a busy machine.
            wait_until(lambda url=url: _answers(url), timeout=120)
        yield [url for _, url in servers]
    finally:
        for process, _ in servers:
            process.terminate()
        for process, _ in servers:
            try:
                # gunicorn lets its workers finish for up to 30 s; a busy machine needs it.
                process.wait(timeout=STARTUP)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


def _answers(url: str) -> bool:
    try:
        return requests.get(f"{url}/login", timeout=5).status_code == 200
    except requests.RequestException:
        return False


def test_two_web_processes_share_the_limit(two_web_processes, storage_uri):
    first, second = two_web_processes
    user = make_user()
    http = requests.Session()
    token = csrf_token_from(http.get(f"{first}/login", timeout=10).text)

    def post(server: str) -> requests.Response:
        data = {"email": user.email, "password": "wrong-Password-1", "csrf_token": token}
        return http.post(f"{server}/login", data=data, timeout=10, allow_redirects=False)

    statuses = [post(server).status_code for server in [first, second] * 5]
    eleventh = post(first)

    assert statuses == [200] * 10
    assert eleventh.status_code == 429
    # 10 per 15 minutes, counted from the first failure a moment ago: the real wait.
    assert 800 < int(eleventh.headers["Retry-After"]) <= 900
    if storage_uri.startswith("redis"):
        # The counters are in that Redis, not in the database.
        store = redis.Redis(unix_socket_path=storage_uri.removeprefix("redis+unix://"))
        assert any(b"login-account" in key for key in store.scan_iter())


WEBER = {
    "customer_number": "10003",
    "invoice_number": "RE-2026-10003-07",
    "email": "laura.weber@weber-elektro.example.com",
    "name": "Laura Weber",
}


def register(client, **overrides):
    page = client.get("/customer-center/register").get_data(as_text=True)
    data = {**WEBER, **overrides, "csrf_token": csrf_token_from(page)}
    return client.post("/customer-center/register", data=data, headers=EN)


def test_refused_registrations_from_elsewhere_do_not_block_the_company(app, erp):
    attacker = browser(app, "203.0.113.9")

    statuses = [
        register(attacker, invoice_number=f"RE-GUESS-{number}").status_code for number in range(6)
    ]
    real = register(browser(app, "198.51.100.7"))

    assert statuses == [422] * 5 + [429]
    assert real.status_code == 200
    assert "Check your inbox" in real.get_data(as_text=True)
