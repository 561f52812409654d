"""The one way a service writes: a unit of work around one database transaction.

    with unit_of_work():
        ...change objects...
    # committed here; any exception inside the block rolled everything back

Services use it; views, templates and CLI commands never commit or roll back themselves.
Two more ways out of a transaction live here and nowhere else: `end_reads()` before a slow
call, `discard()` after a failure outside any unit; and `separate_transaction()` for the few
writes that must stick whatever the request's unit does (cached ERP answers, a session's
last activity).
"""

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, text

from shop.extensions import db

_ACTIVE = "unit_of_work_active"


class UnsavedChanges(RuntimeError):
    """A unit of work began while the session held changes made outside any unit of work."""


@contextmanager
def unit_of_work() -> Iterator[None]:
    """Begin a transaction as a writer; commit when the block ends, roll back on any exception.

    The transaction is fresh: what the request read before (the current user, a product) is
    expired and read again inside it, so a decision is made on what is committed now. On
    SQLite it begins with the write lock (BEGIN IMMEDIATE), so a concurrent writer waits instead
    of changing what we just read; on PostgreSQL row locks (FOR UPDATE), guards in the UPDATE
    and unique keys settle races. A unit of work opened inside another one joins it: the outer
    one commits.
    """
    session = db.session()
    if session.info.get(_ACTIVE):
        yield
        return
    if session.new or session.deleted or _has_changes(session):
        # Changes made outside a unit of work would be committed silently here: refuse.
        raise UnsavedChanges("changes were made outside a unit of work")
    if session.in_transaction():
        # Only reads happened so far: end that transaction without writing anything.
        session.rollback()
    if db.engine.dialect.name == "sqlite":
        session.execute(text("BEGIN IMMEDIATE"))
    session.info[_ACTIVE] = True
    try:
        yield
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.info.pop(_ACTIVE, None)


def end_reads() -> None:
    """End a read-only transaction (e.g. before a slow ERP call), releasing its snapshot."""
    session = db.session()
    if session.info.get(_ACTIVE):
        raise RuntimeError("end_reads() inside a unit of work")
    if session.in_transaction():
        session.rollback()


def discard() -> None:
    """Throw away what the session holds after a failure outside any unit of work.

    A unit of work rolls back by itself; this is for a failed read (on PostgreSQL the
    transaction is then unusable until rolled back), so that an error page or a health check
    can still query.
    """
    db.session.rollback()


@contextmanager
def separate_transaction() -> Iterator[Connection]:
    """A short write on a connection of its own, committed when the block ends.

    It never commits, expires or joins the request's session, and stays written whatever
    the request's unit of work does later. On SQLite it takes the write lock up front, like
    a unit of work.
    """
    with db.engine.begin() as connection:
        if connection.dialect.name == "sqlite":
            connection.execute(text("BEGIN IMMEDIATE"))
        yield connection


def _has_changes(session) -> bool:
    # session.dirty also lists objects whose attributes were set to the same value; only
    # real changes count.
    return any(session.is_modified(obj) for obj in session.dirty)
