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
from tests.services import Mailbox, MailSink

# The cheapest Argon2id cost: (time cost, memory in KiB, parallelism).
TEST_PASSWORD_HASH_COST = (1, 8, 1)

# The bundled ERP simulator as a real process: fixtures `erp_simulator` (session) and `erp`.
pytest_plugins = ["tests.erp_simulator"]


def pytest_addoption(parser):
    parser.addoption(
        "--only-database-bound",
        action="store_true",
        help="deselect the tests that do not use the test database (bin/test's second pass)",
    )


def pytest_collection_modifyitems(config, items):
    """With --only-database-bound, run only the tests that use the test database.

    The others (SOAP clients against the simulator, migrations on a SQLite file of their
    own, the benchmark smoke test) run exactly alike on either database: the SQLite pass
    runs them, and the PostgreSQL pass need not repeat them.
    """
    if not config.getoption("--only-database-bound"):
        return
    bound = [item for item in items if "database_url" in getattr(item, "fixturenames", ())]
    if len(bound) < len(items):
        kept = set(map(id, bound))
        config.hook.pytest_deselected(items=[item for item in items if id(item) not in kept])
        items[:] = bound


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
            # Templates as production has them: loaded once, so pages take the kept markup's
            # path (shop.web.kept_markup), which reloading templates bypasses.
            "TEMPLATES_AUTO_RELOAD": False,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "MAIL_PORT": mail_sink.port,
            "MAIL_SINK_DIR": str(mail_sink.folder),
            "INSTANCE_DIR": str(tmp_path_factory.mktemp("instance")),
            "PUBLIC_URL": "http://localhost",
            "ERP_WSDL_URL": erp_simulator.wsdl_url,
            # Argon2 at its production cost takes ~0.1 s a login; tests/security/
            # test_password_hash_cost.py keeps production's cost strong.
            "PASSWORD_HASH_COST": TEST_PASSWORD_HASH_COST,
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
        with db.engine.begin() as connection:
            empty_tables(connection)
        limiter.reset()
    erp_gates.reset()
    request.getfixturevalue("mail_sink").clear()


def empty_tables(connection) -> None:
    """Delete the rows of every table that has some, in foreign-key order, and restart ids.

    A test writes to a few of the ~40 tables: one query finds them, and a DELETE of a few
    rows is far cheaper than a TRUNCATE of all tables (~0.2 s a test on PostgreSQL).
    """
    tables = list(reversed(db.metadata.sorted_tables))
    quote = connection.dialect.identifier_preparer.format_table
    probe = " UNION ALL ".join(
        f"SELECT {i} WHERE EXISTS (SELECT 1 FROM {quote(table)})" for i, table in enumerate(tables)
    )
    written = set(connection.scalars(text(probe)))
    for i, table in enumerate(tables):
        if i in written:
            connection.execute(table.delete())
    if connection.dialect.name == "postgresql":
        # What TRUNCATE ... RESTART IDENTITY did: ids start at 1 again (SQLite reuses them
        # once the table is empty). Also sequences of tables a rolled-back insert left empty.
        connection.execute(
            text(
                "SELECT setval(format('%I.%I', schemaname, sequencename), 1, false) "
                "FROM pg_sequences "
                "WHERE schemaname = current_schema() AND last_value IS NOT NULL"
            )
        )


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
def mailbox(mail_sink, app):
    """The mails as their recipients get them: the outbox's due mails are delivered first."""
    return Mailbox(mail_sink, app)


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
