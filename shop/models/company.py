"""Customer companies and their addresses."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shop.extensions import db
from shop.models.clock import utcnow


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
    synced_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    addresses: Mapped[list["Address"]] = relationship(
        back_populates="company", order_by="Address.id", cascade="all, delete-orphan"
    )
    users: Mapped[list["User"]] = relationship(back_populates="company")  # noqa: F821


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
