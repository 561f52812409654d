"""Change requests of a customer's master data (#15): what the main contact asked the ERP for.

The ERP stays the master: a request changes nothing in the shop's copy of the company; that
changes when the ERP's customer data says so (the customer sync).
"""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from shop.extensions import db
from shop.models.clock import utcnow


class CustomerChangeRequest(db.Model):
    __tablename__ = "customer_change_requests"
    __table_args__ = (
        Index("ix_customer_change_requests_company_created", "company_id", "created_at"),
        Index("ix_customer_change_requests_status_created", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"))
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    requested_by_label: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32))  # ChangeKind
    details: Mapped[dict] = mapped_column(JSON)  # the address fields, or {"vat_id": ...}
    status: Mapped[str] = mapped_column(String(16), default="pending")  # ChangeRequestStatus
    erp_reference: Mapped[str] = mapped_column(String(64), default="")
    # The ERP's reason when it refused, or why the request could not be delivered.
    erp_message: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    answered_at: Mapped[datetime | None]
    # The operator who dealt with a refused request (§12), and their note.
    handled_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_members.id"))
    handled_note: Mapped[str] = mapped_column(Text, default="")
    handled_at: Mapped[datetime | None]
