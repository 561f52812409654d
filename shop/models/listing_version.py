"""The token of the category listings' order (#10): shop.catalog.listing_order."""

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from shop.extensions import db


class ListingVersion(db.Model):
    """The one row whose token changes whenever a listing's products or their order may change.

    Triggers on products write it (migration 0044): a product added or
    removed, or a change of what listings select by or sort by (published, category, names,
    list price, SKU). A process keeps each category listing's sorted ids under it. Random,
    like shop.models.StockVersion: an emptied or restored database never repeats one.
    """

    __tablename__ = "listing_version"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    token: Mapped[str] = mapped_column(String(32))
