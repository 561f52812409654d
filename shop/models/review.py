"""Review tickets (§8, §12): an order held for manual review, with its notes."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shop.extensions import db
from shop.models.clock import utcnow


class ReviewTicket(db.Model):
    __tablename__ = "review_tickets"
    __table_args__ = (Index("ix_review_tickets_status_created", "status", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    reason: Mapped[str] = mapped_column(String(32))  # ReviewReason
    status: Mapped[str] = mapped_column(String(16), default="open")  # TicketStatus
    # Assigned to a person, or to a team (ReviewQueue), or to nobody yet.
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("staff_members.id"))
    queue: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_members.id"))

    order: Mapped["Order"] = relationship()  # noqa: F821
    assignee: Mapped["StaffMember | None"] = relationship(foreign_keys=[assignee_id])  # noqa: F821
    notes: Mapped[list["ReviewNote"]] = relationship(
        order_by="ReviewNote.id", cascade="all, delete-orphan"
    )


class ReviewNote(db.Model):
    __tablename__ = "review_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("review_tickets.id"), index=True)
    # None for the system (e.g. the ERP's reason for a rejection).
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_members.id"))
    author_label: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(default=utcnow)
