"""Customer companies and their addresses."""

from datetime import datetime
from decimal import Decimal

from sqlalchemy import JSON, ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shop.domain.budgets import Budget
from shop.extensions import db
from shop.models.clock import utcnow
from shop.models.types import FixedDecimal


class Company(db.Model):
    __tablename__ = "companies"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_number: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    vat_id: Mapped[str | None] = mapped_column(String(32))
    payment_terms: Mapped[str | None] = mapped_column(String(200))
    # Payment methods the ERP allows this customer (PaymentMethod values).
    allowed_payment_methods: Mapped[list] = mapped_column(JSON, default=list)
    # Mirrors the ERP's customer-center flag; False locks the company's users out (§3).
    customer_center: Mapped[bool] = mapped_column(default=True)
    # §8: the company asked for no review request mails.
    review_requests_opt_out: Mapped[bool] = mapped_column(default=False, server_default=false())
    synced_at: Mapped[datetime | None]
    # §5: the budget new users get (and users without their own); None = no limit.
    default_max_quantity_per_order: Mapped[int | None]
    default_max_order_value: Mapped[Decimal | None] = mapped_column(FixedDecimal(2))
    default_monthly_budget: Mapped[Decimal | None] = mapped_column(FixedDecimal(2))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    addresses: Mapped[list["Address"]] = relationship(
        back_populates="company", order_by="Address.id", cascade="all, delete-orphan"
    )
    users: Mapped[list["User"]] = relationship(back_populates="company")  # noqa: F821

    @property
    def default_budget(self) -> Budget:
        return Budget(
            self.default_max_quantity_per_order,
            self.default_max_order_value,
            self.default_monthly_budget,
        )


class Address(db.Model):
    __tablename__ = "addresses"

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16), default="delivery")
    name: Mapped[str] = mapped_column(String(200))
    street: Mapped[str] = mapped_column(String(200))
    postal_code: Mapped[str] = mapped_column(String(16))
    city: Mapped[str] = mapped_column(String(100))
    country: Mapped[str] = mapped_column(String(2), default="DE")
    is_default: Mapped[bool] = mapped_column(default=False)
    # True for addresses copied from the ERP; the customer sync replaces these.
    from_erp: Mapped[bool] = mapped_column(default=False)

    company: Mapped[Company] = relationship(back_populates="addresses")

    def one_line(self) -> str:
        return f"{self.name}, {self.street}, {self.postal_code} {self.city}, {self.country}"
