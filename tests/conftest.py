"""Fixtures: app on a real database (SQLite, or PostgreSQL via TEST_DATABASE_URL), the SMTP sink,
test client with login, and a live server for the browser tests."""

import logging
import os
import re
import threading

import pytest
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import text
from werkzeug.serving import make_server

from shop import create_app
from shop.erp import erp_gates
from shop.extensions import db, limiter
from tests.factories import PASSWORD
from tests.services import MailSink

# The bundled ERP simulator as a real process: fixtures `erp_simulator` (session) and `erp`.
pytest_plugins = ["tests.erp_simulator"]


@pytest.fixture(scope="session")
def mail_sink(tmp_path_factory):
    sink = MailSink(tmp_path_factory.mktemp("mail"))
    yield sink
    sink.stop()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"


@pytest.fixture(scope="session")
def app(database_url, mail_sink, erp_simulator, tmp_path_factory):
    app = create_app(
        {
            "TESTING": True,
            "ENV_NAME": "test",
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "MAIL_PORT": mail_sink.port,
            "MAIL_SINK_DIR": str(mail_sink.folder),
            "INSTANCE_DIR": str(tmp_path_factory.mktemp("instance")),
            "PUBLIC_URL": "http://localhost",
            "ERP_WSDL_URL": erp_simulator.wsdl_url,
            # Each test builds its own catalogue: search reads its words afresh.
            "SEARCH_VOCABULARY_SECONDS": 0,
        }
    )
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as connection:
                connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        upgrade()  # the real migrations, never create_all
        db.engine.dispose()
    yield app
    with app.app_context():
        # Close pooled connections now, not in the garbage collector at exit.
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _clean_state(request):
    """Every test starts with empty tables, no caught mails and fresh rate limits."""
    yield
    if "app" not in request.fixturenames:
        return
    app = request.getfixturevalue("app")
    with app.app_context():
        db.session.remove()
        tables = list(reversed(db.metadata.sorted_tables))
        with db.engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                names = ", ".join(t.name for t in tables)
                connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
            else:
                for table in tables:
                    connection.execute(table.delete())
        limiter.reset()
    erp_gates.reset()
    request.getfixturevalue("mail_sink").clear()


@pytest.fixture
def app_context(app):
    with app.app_context():
        yield
        db.session.remove()


class FreshContextClient(FlaskClient):
    """Runs every request in its own app context, as in production.

    Otherwise a request would reuse the test's app context, with its session, cached
    user and cached locale, and hide bugs that only show between requests.
    """

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture
def client(app, app_context):
    app.test_client_class = FreshContextClient
    return app.test_client()


@pytest.fixture
def mailbox(mail_sink):
    return mail_sink


CSRF_INPUT = re.compile(
    r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"'
)


def csrf_token_from(html: str) -> str:
    match = CSRF_INPUT.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1) or match.group(2)


@pytest.fixture
def csrf(client):
    """A valid CSRF token for the client's session, read from a real page."""

    def token(path: str = "/login") -> str:
        return csrf_token_from(client.get(path).get_data(as_text=True))

    return token


@pytest.fixture
def login_as(client, csrf):
    def login(user, password: str = PASSWORD):
        response = client.post(
            "/login",
            data={"email": user.email, "password": password, "csrf_token": csrf("/login")},
        )
        assert response.status_code == 302, response.get_data(as_text=True)
        return user

    return login


@pytest.fixture(scope="session")
def live_server(app):
    """The app served over real HTTP in a thread, for the browser tests."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
