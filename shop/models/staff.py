"""The shop operator's staff (§12): accounts, their login sessions and their audit trail.

Apart from the customers' users on purpose: a staff member belongs to no company, and a
customer user can never become one.
"""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shop.domain.staff import StaffRight
from shop.extensions import db
from shop.models.clock import utcnow


class StaffMember(db.Model):
    __tablename__ = "staff_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    # StaffRight values
    rights_list: Mapped[list] = mapped_column("rights", JSON, default=list)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def rights(self) -> frozenset[StaffRight]:
        known = {right.value for right in StaffRight}
        return frozenset(StaffRight(r) for r in self.rights_list if r in known)

    def can(self, right: StaffRight | str) -> bool:
        return StaffRight(right) in self.rights


class StaffSession(db.Model):
    """One login of a staff member; the cookie carries a random token, only its hash is here."""

    __tablename__ = "staff_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_members.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_agent: Mapped[str] = mapped_column(String(255), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None]

    staff: Mapped[StaffMember] = relationship()


class StaffAuditEntry(db.Model):
    """What a staff member did, to what, and when (§12: every action is audited)."""

    __tablename__ = "staff_audit_entries"
    __table_args__ = (Index("ix_staff_audit_entries_at", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_members.id"), index=True)
    actor_label: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(32))  # StaffAction
    target_type: Mapped[str] = mapped_column(String(32), default="")
    target_id: Mapped[str] = mapped_column(String(64), default="")
    detail: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(default=utcnow)
