"""The audit trail: who changed what, from which value to which, and when."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from shop.extensions import db
from shop.models.clock import utcnow


class AuditEntry(db.Model):
    __tablename__ = "audit_entries"
    __table_args__ = (
        Index("ix_audit_entries_company_at", "company_id", "at"),
        Index("ix_audit_entries_target", "target_type", "target_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id"))
    # None when the system changed it (e.g. the ERP sync); actor_label says who then.
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor_label: Mapped[str] = mapped_column(String(200))
    target_type: Mapped[str] = mapped_column(String(32))
    # target_id links the entry to the live row (a user's history, the filter by user);
    # target_key is what the reader knows it by (e-mail, role name, customer number), kept as
    # it was at the change so it outlives a deleted user or role.
    target_id: Mapped[str] = mapped_column(String(64))
    target_key: Mapped[str] = mapped_column(String(254), default="", server_default="")
    field: Mapped[str] = mapped_column(String(64))
    old_value: Mapped[str] = mapped_column(Text, default="")
    new_value: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(default=utcnow)
