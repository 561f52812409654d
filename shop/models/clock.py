"""The one source of 'now' for stored timestamps (naive UTC, same on SQLite and PostgreSQL)."""

from datetime import UTC, datetime


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)
