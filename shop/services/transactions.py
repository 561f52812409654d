"""Transaction helpers shared by the services that write."""

from sqlalchemy import text

from shop.extensions import db


def begin_write() -> None:
    """Start a fresh transaction as a writer, before the service reads what it will change.

    On SQLite this takes the write lock up front (BEGIN IMMEDIATE), so a concurrent writer
    waits instead of changing what we just read; PostgreSQL needs nothing here (row locks
    and unique keys settle races there). Objects the request loaded before are expired.
    """
    if db.session().in_transaction():
        db.session.commit()
    if db.engine.dialect.name == "sqlite":
        db.session.execute(text("BEGIN IMMEDIATE"))
