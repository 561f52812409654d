"""Who approves whose orders, absences with deputies, and each order's approval record."""

from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from shop.extensions import db
from shop.models.clock import utcnow


class ApproverAssignment(db.Model):
    """An approver for the whole company (orderer_id None) or for one orderer (§6)."""

    __tablename__ = "approver_assignments"
    __table_args__ = (UniqueConstraint("company_id", "orderer_id", "approver_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    orderer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approver_id: Mapped[int] = mapped_column(ForeignKey("users.id"))


class Absence(db.Model):
    """An approver is away from start to end (inclusive); the deputy decides meanwhile."""

    __tablename__ = "absences"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    start: Mapped[date]
    end: Mapped[date]
    deputy_id: Mapped[int] = mapped_column(ForeignKey("users.id"))


class OrderApprover(db.Model):
    """Who may decide an order, and why (frozen when the order is submitted for approval)."""

    __tablename__ = "order_approvers"
    __table_args__ = (
        UniqueConstraint("order_id", "approver_id"),
        Index("ix_order_approvers_approver", "approver_id", "order_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"))
    approver_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    # routing.RoutingReason as plain data, to explain "why" wherever the approver is named.
    reason: Mapped[dict] = mapped_column(JSON)


class OrderEventRecord(db.Model):
    """One entry of an order's history and conversation, oldest first (§6)."""

    __tablename__ = "order_events"
    __table_args__ = (Index("ix_order_events_order_at", "order_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor_label: Mapped[str] = mapped_column(String(200))
    event: Mapped[str] = mapped_column(String(32))  # approvals.OrderEvent
    from_status: Mapped[str | None] = mapped_column(String(32))
    to_status: Mapped[str] = mapped_column(String(32))
    comment: Mapped[str] = mapped_column(Text, default="")
    # What an approver or the orderer changed: lines, address, methods, totals (old → new).
    changes: Mapped[dict] = mapped_column(JSON, default=dict)
