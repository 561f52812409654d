"""The tokens of the facet bitmaps kept per process (#10, #11): shop.catalog.facet_bitmaps."""

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from shop.extensions import db

# The rows: one token per kind of change, so that their writers never wait for each
# other's token row (see migration 0045).
BITMAPS = 1  # replaced by every write of facet_bitmaps
LABELS = 2  # replaced when an attribute row's key, values or labels change


class FacetVersion(db.Model):
    """Tokens that change whenever the kept facet bitmaps or their values' labels may change.

    Triggers write them (migration 0045) in the writer's own transaction: any write of
    facet_bitmaps replaces the BITMAPS row's token, a changed key, value or label of an
    attribute row the LABELS row's. A process keeps each category's decoded bitmaps and
    labels under both. Random, like shop.models.StockVersion: an emptied or restored
    database never repeats one.
    """

    __tablename__ = "facet_version"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    token: Mapped[str] = mapped_column(String(32))
