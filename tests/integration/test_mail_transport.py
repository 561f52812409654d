"""Mail over an authenticated relay: STARTTLS or implicit TLS with a login, one connection per
batch, Message-IDs under the sender's domain (issue #16). The relays are real aiosmtpd servers
with a certificate from a test CA."""

import ssl
import warnings
from email import message_from_bytes

import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from shop.config import Config, ConfigError, check_production_safety
from shop.mail import MailNotSent, compose_mail, mail_connection, send_mail
from tests.services import free_port

USER, PASSWORD = "shop-relay", "relay-secret-1"


class _Someone:
    name = "Erika Muster"
    email = "buyer@example.com"


class Relay:
    """Keeps what arrived, with the login it arrived under, and counts connections."""

    def __init__(self) -> None:
        self.mails: list[tuple[str | None, bytes]] = []
        self.peers: set = set()

    async def handle_EHLO(self, server, session, envelope, hostname, responses):  # noqa: N802
        # The client's port tells TCP connections apart (a STARTTLS restarts the session).
        self.peers.add(session.peer)
        session.host_name = hostname
        return responses

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        login = session.auth_data.login.decode() if session.authenticated else None
        self.mails.append((login, envelope.original_content or envelope.content))
        return "250 OK"


def _authenticate(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
        USER.encode(),
        PASSWORD.encode(),
    )
    return AuthResult(success=ok, auth_data=auth_data if ok else None)


@pytest.fixture(scope="module")
def certificate_authority():
    return trustme.CA()


@pytest.fixture(scope="module")
def ca_file(certificate_authority, tmp_path_factory):
    path = tmp_path_factory.mktemp("ca") / "ca.pem"
    certificate_authority.cert_pem.write_to_path(str(path))
    return str(path)


def _server_context(certificate_authority) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    certificate_authority.issue_cert("127.0.0.1").configure_cert(context)
    return context


@pytest.fixture
def starttls_relay(certificate_authority):
    relay = Relay()
    controller = Controller(
        relay,
        hostname="127.0.0.1",
        port=free_port(),
        tls_context=_server_context(certificate_authority),
        require_starttls=True,
        auth_required=True,
        auth_require_tls=True,
        authenticator=_authenticate,
    )
    controller.start()
    yield relay, controller.port
    controller.stop()


class _ImplicitTlsController(Controller):
    def factory(self):
        # aiosmtpd counts only STARTTLS as TLS and warns about AUTH without it on every
        # connection; here the whole connection is TLS.
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", "Requiring AUTH while not requiring TLS")
            return super().factory()


@pytest.fixture
def implicit_tls_relay(certificate_authority):
    relay = Relay()
    controller = _ImplicitTlsController(
        relay,
        hostname="127.0.0.1",
        port=free_port(),
        ssl_context=_server_context(certificate_authority),
        auth_required=True,
        auth_require_tls=False,
        authenticator=_authenticate,
    )
    controller.start()
    yield relay, controller.port
    controller.stop()


@pytest.fixture
def relay_config(app, monkeypatch, ca_file):
    def use(port: int, security: str, password: str = PASSWORD, ca: str | None = ca_file):
        settings = {
            "MAIL_HOST": "127.0.0.1",
            "MAIL_PORT": port,
            "MAIL_SECURITY": security,
            "MAIL_USERNAME": USER,
            "MAIL_PASSWORD": password,
            "MAIL_CA_FILE": ca or "",
            "MAIL_SENDER": "Muster Supply <orders@muster-supply.example>",
        }
        for key, value in settings.items():
            monkeypatch.setitem(app.config, key, value)

    return use


def _send_one(to: str = "buyer@example.com") -> None:
    send_mail(
        to, "password_reset", locale="de", user=_Someone(), link="https://x.example/r", hours=2
    )


def test_a_mail_goes_over_starttls_with_a_login(app_context, starttls_relay, relay_config):
    relay, port = starttls_relay
    relay_config(port, "starttls")

    _send_one()

    [(login, raw)] = relay.mails
    assert login == USER
    message = message_from_bytes(raw)
    assert message["To"] == "buyer@example.com"
    assert message["Message-ID"].endswith("@muster-supply.example>")


def test_a_mail_goes_over_implicit_tls_with_a_login(app_context, implicit_tls_relay, relay_config):
    relay, port = implicit_tls_relay
    relay_config(port, "ssl")

    _send_one()

    assert [login for login, _ in relay.mails] == [USER]


def test_a_wrong_password_is_mail_not_sent(app_context, starttls_relay, relay_config):
    relay, port = starttls_relay
    relay_config(port, "starttls", password="wrong")

    with pytest.raises(MailNotSent):
        _send_one()

    assert relay.mails == []


def test_a_certificate_nobody_vouches_for_is_refused(app_context, starttls_relay, relay_config):
    relay, port = starttls_relay
    relay_config(port, "starttls", ca=None)

    with pytest.raises(MailNotSent):
        _send_one()

    assert relay.mails == []


def test_without_tls_the_relay_refuses_and_nothing_is_sent(
    app_context, starttls_relay, relay_config
):
    relay, port = starttls_relay
    relay_config(port, "none")

    with pytest.raises(MailNotSent):
        _send_one()

    assert relay.mails == []


def test_a_batch_of_mails_shares_one_connection(app_context, starttls_relay, relay_config):
    relay, port = starttls_relay
    relay_config(port, "starttls")
    with mail_connection() as connection:
        for n in range(3):
            connection.send(
                compose_mail(
                    f"buyer{n}@example.com",
                    "password_reset",
                    "en",
                    user=_Someone(),
                    link="https://x.example/r",
                    hours=2,
                )
            )

    assert len(relay.mails) == 3
    assert len(relay.peers) == 1


def test_an_unknown_mail_security_mode_refuses_to_start(monkeypatch):
    monkeypatch.setenv("MAIL_SECURITY", "tls-please")

    with pytest.raises(ConfigError, match="MAIL_SECURITY"):
        Config()


def test_production_refuses_a_relay_password_in_clear_text():
    settings = {
        "ENV_NAME": "production",
        "SECRET_KEY": "x" * 40,
        "MAIL_PASSWORD": "secret",
        "MAIL_SECURITY": "none",
    }

    with pytest.raises(ConfigError, match="MAIL_PASSWORD"):
        check_production_safety(settings)
