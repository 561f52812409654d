"""SQLite connection set-up: foreign keys on, WAL so readers never block the writer, and a
busy timeout so concurrent writers queue instead of failing.

pysqlite runs plain reads outside transactions and opens one at the first write. Services
that read and then write what they read start with BEGIN IMMEDIATE instead (see
shop/services/unit_of_work.py), so nobody else writes between their read and their write.
"""

from sqlalchemy import event
from sqlalchemy.engine import Engine

BUSY_TIMEOUT_MS = 15_000


def configure_sqlite(engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, connection_record):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.close()
