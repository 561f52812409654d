"""Rate-limit counters in the shop's own database, shared by every web process (#14).

Flask-Limiter's counters lived in each gunicorn worker's memory, so every limit was as many
times higher as there were workers. `limits` has no SQL storage; this one registers the
scheme "database://" and keeps fixed-window counters in the table below, on the database
the shop already uses (zero set-up on SQLite, shared across hosts on PostgreSQL).
Production may point RATELIMIT_STORAGE_URI at its Redis instead.
"""

import hashlib
import itertools
import time

from limits.storage import Storage
from sqlalchemy import Float, String, case, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, mapped_column

from shop.extensions import db

# Expired counters are deleted on every this many increments of a process.
_PURGE_EVERY = 200


class RateLimitCounter(db.Model):
    __tablename__ = "rate_limit_counters"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    count: Mapped[int]
    # Seconds since the epoch, as `limits` counts them.
    expires_at: Mapped[float] = mapped_column(Float)


class DatabaseStorage(Storage):
    """Fixed-window counters for Flask-Limiter, one row per key, written atomically."""

    STORAGE_SCHEME = ["database"]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options) -> None:
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self._increments = itertools.count(1)

    @property
    def base_exceptions(self) -> type[Exception]:
        return SQLAlchemyError

    @staticmethod
    def _key(key: str) -> str:
        # Keys carry what a visitor typed (an address, a customer number): a long one, or one
        # with a character PostgreSQL text cannot hold (NUL), is stored as its digest.
        if len(key) <= 200 and key.isprintable():
            return key
        return "sha256:" + hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = time.time()
        table = RateLimitCounter.__table__
        insert = (postgresql if db.engine.dialect.name == "postgresql" else sqlite).insert
        expired = table.c.expires_at <= now
        statement = (
            insert(table)
            .values(key=self._key(key), count=amount, expires_at=now + expiry)
            .on_conflict_do_update(
                index_elements=[table.c.key],
                set_={
                    "count": case((expired, amount), else_=table.c.count + amount),
                    "expires_at": case((expired, now + expiry), else_=table.c.expires_at),
                },
            )
            .returning(table.c.count)
        )
        # Own connection and transaction: a counted failure stays counted whatever the
        # request does with its own session.
        with db.engine.begin() as connection:
            count = connection.execute(statement).scalar_one()
            if next(self._increments) % _PURGE_EVERY == 0:
                connection.execute(delete(table).where(expired))
        return count

    def _row(self, key: str) -> tuple[int, float] | None:
        table = RateLimitCounter.__table__
        with db.engine.connect() as connection:
            row = connection.execute(
                select(table.c.count, table.c.expires_at).where(
                    table.c.key == self._key(key), table.c.expires_at > time.time()
                )
            ).first()
        return (row.count, row.expires_at) if row else None

    def get(self, key: str) -> int:
        row = self._row(key)
        return row[0] if row else 0

    def get_expiry(self, key: str) -> float:
        row = self._row(key)
        return row[1] if row else time.time()

    def check(self) -> bool:
        try:
            with db.engine.connect() as connection:
                connection.execute(select(1))
        except SQLAlchemyError:
            return False
        return True

    def reset(self) -> int | None:
        with db.engine.begin() as connection:
            return connection.execute(delete(RateLimitCounter.__table__)).rowcount

    def clear(self, key: str) -> None:
        table = RateLimitCounter.__table__
        with db.engine.begin() as connection:
            connection.execute(delete(table).where(table.c.key == self._key(key)))
