"""The token of the search vocabulary (#10): shop.catalog.search.catalogue_vocabulary."""

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from shop.extensions import db


class VocabularyVersion(db.Model):
    """The one row whose token changes whenever the catalogue's names (search_names) change.

    Triggers on search_names write it (migration 0047) in the writer's own transaction: a
    name added, renamed or removed. A process keeps the search vocabulary (compounds, close
    spellings) under it. Random, like shop.models.StockVersion: an emptied or restored
    database never repeats one.
    """

    __tablename__ = "vocabulary_version"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    token: Mapped[str] = mapped_column(String(32))
