"""The transactional outbox: messages to the ERP, written in the same transaction as the
change they report, and delivered later by `flask erp worker`."""

from datetime import datetime

from sqlalchemy import JSON, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from shop.extensions import db
from shop.models.clock import utcnow


class OutboxEntry(db.Model):
    __tablename__ = "outbox"
    __table_args__ = (
        # The worker's scan: due entries of a status, oldest first.
        Index("ix_outbox_status_due", "status", "next_attempt_at", "id"),
        Index("ix_outbox_key", "key", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))  # OutboxKind
    # Entries with the same key are delivered one after another, in id order.
    key: Mapped[str] = mapped_column(String(100))
    payload: Mapped[dict] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), default="pending")  # OutboxStatus
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    # A worker's lease: set when claimed; an expired lease (crashed worker) can be taken over.
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_until: Mapped[datetime | None]
    last_error: Mapped[str] = mapped_column(Text, default="")
    result: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    delivered_at: Mapped[datetime | None]
