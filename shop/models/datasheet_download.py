"""Data-sheet downloads by customer users (#12): the usage check's "data sheets downloaded"."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index
from sqlalchemy.orm import Mapped, mapped_column

from shop.extensions import db
from shop.models.clock import utcnow


class DatasheetDownload(db.Model):
    """One download of a product's data sheet by a signed-in customer user."""

    __tablename__ = "datasheet_downloads"
    # The onboarding board counts downloads per company.
    __table_args__ = (Index("ix_datasheet_downloads_company_at", "company_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    at: Mapped[datetime] = mapped_column(default=utcnow)
