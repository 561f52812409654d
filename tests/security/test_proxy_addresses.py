"""Behind reverse proxies (#10): the client's address and scheme are the ones the trusted
proxies report (TRUSTED_PROXIES), never ones a client forges.

Without it every request behind a proxy came from the proxy's address, so one client's
failed logins counted against the per-address limit of every customer behind that proxy.
"""

import pytest
from limits import parse_many

from shop import create_app
from shop.config import Config, ConfigError
from shop.extensions import db
from shop.web import throttling
from tests.conftest import FreshContextClient, csrf_token_from
from tests.factories import PASSWORD, make_user

PROXY = "10.0.0.5"
EN = {"Accept-Language": "en"}
# The settings of the test app that a second app on the same database needs.
SHARED = (
    "TESTING",
    "ENV_NAME",
    "SECRET_KEY",
    "SQLALCHEMY_DATABASE_URI",
    "MAIL_PORT",
    "MAIL_SINK_DIR",
    "INSTANCE_DIR",
    "PUBLIC_URL",
    "ERP_WSDL_URL",
)

pytestmark = pytest.mark.usefixtures("app_context")


@pytest.fixture
def behind_one_proxy(app):
    """The shop configured for one reverse proxy in front of it."""
    proxied = create_app({**{key: app.config[key] for key in SHARED}, "TRUSTED_PROXIES": 1})
    yield proxied
    with proxied.app_context():
        db.session.remove()
        db.engine.dispose()


def through_proxy(app, client_address: str) -> FreshContextClient:
    """A browser whose requests reach the shop through the proxy, which names its address."""
    app.test_client_class = FreshContextClient
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = PROXY
    client.environ_base["HTTP_X_FORWARDED_FOR"] = client_address
    return client


def log_in(client, email: str, password: str) -> int:
    token = csrf_token_from(client.get("/login", headers=EN).get_data(as_text=True))
    data = {"email": email, "password": password, "csrf_token": token}
    return client.post("/login", data=data, headers=EN).status_code


def test_one_clients_failed_logins_behind_a_proxy_do_not_lock_out_the_others(
    behind_one_proxy,
):
    allowed = parse_many(throttling.PER_ADDRESS)[0].amount
    customer = make_user()
    guesser = through_proxy(behind_one_proxy, "203.0.113.9")

    guesses = [
        log_in(guesser, f"nobody{attempt}@example.com", "wrong-Password-1")
        for attempt in range(allowed + 1)
    ]
    login = log_in(through_proxy(behind_one_proxy, "198.51.100.7"), customer.email, PASSWORD)

    assert guesses == [200] * allowed + [429]
    assert login == 302


def test_a_forwarded_address_is_ignored_unless_a_proxy_is_trusted(app):
    allowed = parse_many(throttling.PER_ADDRESS)[0].amount
    app.test_client_class = FreshContextClient
    guesser = app.test_client()
    guesser.environ_base["REMOTE_ADDR"] = "203.0.113.9"

    guesses = []
    for attempt in range(allowed + 1):
        # A new forged address on every attempt must not escape the limit.
        guesser.environ_base["HTTP_X_FORWARDED_FOR"] = f"192.0.2.{attempt + 1}"
        guesses.append(log_in(guesser, f"nobody{attempt}@example.com", "wrong-Password-1"))

    assert guesses == [200] * allowed + [429]


def test_https_reported_by_the_trusted_proxy_turns_on_strict_transport_security(
    behind_one_proxy,
):
    browser = through_proxy(behind_one_proxy, "198.51.100.7")

    secure = browser.get("/login", headers={"X-Forwarded-Proto": "https"})
    plain = browser.get("/login", headers={"X-Forwarded-Proto": "http"})

    assert "Strict-Transport-Security" in secure.headers
    assert "Strict-Transport-Security" not in plain.headers


@pytest.mark.parametrize("value", ["one", "-1", "1.5"])
def test_a_trusted_proxy_count_that_is_no_whole_number_refuses_to_start(monkeypatch, value):
    monkeypatch.setenv("TRUSTED_PROXIES", value)

    with pytest.raises(ConfigError, match="TRUSTED_PROXIES"):
        Config()
