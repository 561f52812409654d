"""Orders with their lines; prices, names and the delivery address are frozen at order time."""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shop.extensions import db
from shop.models.clock import utcnow
from shop.models.types import FixedDecimal


class OrderNumberCounter(db.Model):
    """Last order number handed out per year; incremented under a row lock."""

    __tablename__ = "order_number_counters"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last_value: Mapped[int] = mapped_column(default=0)


class Order(db.Model):
    __tablename__ = "orders"
    __table_args__ = (
        Index("ix_orders_company_created", "company_id", "created_at"),
        # A user's month spend (§5: every checkout reads it in its write transaction) from
        # the index alone (#10): the columns it filters by and sums follow the keys.
        Index(
            "ix_orders_user_month_spend",
            "user_id",
            "created_at",
            "company_id",
            "status",
            "total_net",
        ),
        # The approval inbox's count and page, from the index alone (#10): the orderer is in
        # it because an approver's own orders are left out.
        Index("ix_orders_company_status", "company_id", "status", "awaiting_since", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(String(32))
    currency: Mapped[str] = mapped_column(String(3))
    total_net: Mapped[Decimal] = mapped_column(FixedDecimal(2))
    total_vat: Mapped[Decimal] = mapped_column(FixedDecimal(2))
    total_gross: Mapped[Decimal] = mapped_column(FixedDecimal(2))
    delivery_name: Mapped[str] = mapped_column(String(200))
    delivery_street: Mapped[str] = mapped_column(String(200))
    delivery_postal_code: Mapped[str] = mapped_column(String(16))
    delivery_city: Mapped[str] = mapped_column(String(100))
    delivery_country: Mapped[str] = mapped_column(String(2))
    payment_method: Mapped[str] = mapped_column(String(32))
    delivery_method: Mapped[str] = mapped_column(String(32))
    customer_reference: Mapped[str] = mapped_column(String(100), default="")
    comment: Mapped[str] = mapped_column(Text, default="")
    # The day the customer asked to receive it (#15); None: as soon as possible.
    requested_delivery_date: Mapped[date | None]
    # One token per rendered checkout form: a second submit finds the first order.
    checkout_token: Mapped[str] = mapped_column(String(64), unique=True)
    erp_order_number: Mapped[str | None] = mapped_column(String(40))
    transmitted_at: Mapped[datetime | None]
    # Optimistic locking: every decision or change bumps it; a stale form is refused (§6).
    version: Mapped[int] = mapped_column(default=1)
    # The limits this order exceeded when it was (re)submitted: budgets.Exceedance as data.
    budget_exceedances: Mapped[list] = mapped_column(JSON, default=list)
    # When it started waiting for approval, for sorting the inbox by age.
    awaiting_since: Mapped[datetime | None]
    # §8: when the review request mail was queued; set once, so it is never sent twice.
    review_requested_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    lines: Mapped[list["OrderLine"]] = relationship(
        order_by="OrderLine.position", cascade="all, delete-orphan"
    )
    user: Mapped["User"] = relationship()  # noqa: F821


class OrderLine(db.Model):
    __tablename__ = "order_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    position: Mapped[int]
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id"))
    sku: Mapped[str] = mapped_column(String(40))
    name_en: Mapped[str] = mapped_column(String(300))
    name_de: Mapped[str] = mapped_column(String(300))
    quantity: Mapped[int]
    unit_price: Mapped[Decimal] = mapped_column(FixedDecimal(2))
    vat_rate: Mapped[Decimal] = mapped_column(FixedDecimal(2))
    line_net: Mapped[Decimal] = mapped_column(FixedDecimal(2))
