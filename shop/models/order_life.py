"""What the ERP reported about an order after it was placed (§8): every update received once,
updates parked for operators, and the shipments, invoices and payments they carried."""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, ForeignKey, Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shop.extensions import db
from shop.models.clock import utcnow
from shop.models.types import FixedDecimal


class ErpUpdateCursor(db.Model):
    """The one row saying how far the shop has read GetOrderUpdates (its `afterUpdateId`)."""

    __tablename__ = "erp_update_cursor"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    after_update_id: Mapped[str | None] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class ErpUpdateReceipt(db.Model):
    """One row per ERP update the shop has handled (applied or parked): the unique update id
    makes a replayed update, or one two workers read at once, change nothing."""

    __tablename__ = "erp_update_receipts"

    id: Mapped[int] = mapped_column(primary_key=True)
    update_id: Mapped[str] = mapped_column(String(64), unique=True)
    order_id: Mapped[int | None] = mapped_column(
        ForeignKey("orders.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    outcome: Mapped[str] = mapped_column(String(16))  # UpdateOutcome
    received_at: Mapped[datetime] = mapped_column(default=utcnow)


class ErpUpdateProblem(db.Model):
    """An update the shop could not apply, kept whole for an operator (never dropped)."""

    __tablename__ = "erp_update_problems"
    __table_args__ = (Index("ix_erp_update_problems_open", "resolved_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    update_id: Mapped[str] = mapped_column(String(64), unique=True)
    order_id: Mapped[int | None] = mapped_column(
        ForeignKey("orders.id", ondelete="CASCADE"), index=True
    )
    order_number: Mapped[str] = mapped_column(String(40))
    erp_order_number: Mapped[str] = mapped_column(String(40), default="")
    kind: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(String(32))  # ParkReason
    detail: Mapped[str] = mapped_column(Text, default="")
    payload: Mapped[dict] = mapped_column(JSON)  # the update as received, for a replay
    parked_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None]
    # The operator who marked it handled in the back office, and why (§12).
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_members.id"))
    resolution_note: Mapped[str] = mapped_column(Text, default="", server_default="")

    resolved_by: Mapped["StaffMember | None"] = relationship()  # noqa: F821


class Shipment(db.Model):
    __tablename__ = "shipments"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    update_id: Mapped[str] = mapped_column(String(64), unique=True)
    carrier: Mapped[str] = mapped_column(String(40), default="")
    tracking_number: Mapped[str] = mapped_column(String(100), default="")
    # The link the ERP sent; the page prefers the configured one per carrier (TRACKING_URLS).
    tracking_url: Mapped[str] = mapped_column(String(500), default="")
    shipped_at: Mapped[datetime]

    lines: Mapped[list["ShipmentLine"]] = relationship(
        order_by="ShipmentLine.line_number", cascade="all, delete-orphan"
    )


class ShipmentLine(db.Model):
    __tablename__ = "shipment_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    shipment_id: Mapped[int] = mapped_column(
        ForeignKey("shipments.id", ondelete="CASCADE"), index=True
    )
    line_number: Mapped[int]  # the order line's position as sent to the ERP (from 1)
    sku: Mapped[str] = mapped_column(String(40))
    quantity: Mapped[int]


class Invoice(db.Model):
    """An invoice as the ERP reported it, with the PDF the shop rendered of it.

    The PDF is rendered on the first download and stored; from then on it is served as
    stored, never rendered again (an invoice is a legal document)."""

    __tablename__ = "invoices"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    update_id: Mapped[str] = mapped_column(String(64), unique=True)
    number: Mapped[str] = mapped_column(String(40), unique=True)
    invoice_date: Mapped[date]
    due_date: Mapped[date | None]
    currency: Mapped[str] = mapped_column(String(3))
    net_amount: Mapped[Decimal | None] = mapped_column(FixedDecimal(2))
    vat_amount: Mapped[Decimal | None] = mapped_column(FixedDecimal(2))
    gross_amount: Mapped[Decimal | None] = mapped_column(FixedDecimal(2))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    pdf: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    pdf_locale: Mapped[str | None] = mapped_column(String(5))  # the language it was rendered in


class Payment(db.Model):
    """A payment the ERP reported as received for the order."""

    __tablename__ = "payments"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    update_id: Mapped[str] = mapped_column(String(64), unique=True)
    received_at: Mapped[datetime]
    currency: Mapped[str] = mapped_column(String(3))
    amount: Mapped[Decimal | None] = mapped_column(FixedDecimal(2))
