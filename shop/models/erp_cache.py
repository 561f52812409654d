"""Last known answers of the ERP: customer prices per company and SKU, stock per SKU."""

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from shop.extensions import db
from shop.models.types import FixedDecimal


class CachedPrice(db.Model):
    __tablename__ = "price_cache"
    __table_args__ = (UniqueConstraint("company_id", "sku"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"))
    sku: Mapped[str] = mapped_column(String(40))
    # None: the ERP has no customer price for this SKU (the list price applies).
    net_price: Mapped[Decimal | None] = mapped_column(FixedDecimal(2))
    currency: Mapped[str] = mapped_column(String(3))  # always written with the price
    fetched_at: Mapped[datetime]


class CachedStock(db.Model):
    __tablename__ = "stock_cache"

    sku: Mapped[str] = mapped_column(String(40), primary_key=True)
    quantity: Mapped[int]
    fetched_at: Mapped[datetime]


class StockLookup(db.Model):
    """The one row saying when the worker last asked the ERP for the stock nobody knew yet of
    products that keep a category from going live (#12, §13); shown in the content report."""

    __tablename__ = "stock_lookup"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    looked_up_at: Mapped[datetime]


class StockVersion(db.Model):
    """The one row whose token changes whenever a product's "in stock" changes (#10).

    Triggers on stock_cache write it (migration 0043), so every writer bumps it,
    in the writer's own transaction: a process keeps the category pages' "in stock" bitmaps
    under this token (shop.catalog.in_stock_bits). A random token, not a counter: a database
    emptied or restored never repeats one that a process still keeps.
    """

    __tablename__ = "stock_version"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    token: Mapped[str] = mapped_column(String(32))
