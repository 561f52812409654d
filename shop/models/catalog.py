"""Catalogue: category tree, products, their attributes and media (images, data sheets).

Full-text search is not mapped here: the migration adds an FTS5 table (SQLite) or a
generated tsvector column with a GIN index (PostgreSQL); see shop/catalog/search.py.
"""

from datetime import datetime
from decimal import Decimal

from sqlalchemy import Float, ForeignKey, Index, LargeBinary, String, Text, false
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from shop.extensions import db
from shop.models.clock import utcnow
from shop.models.types import FixedDecimal


class Category(db.Model):
    __tablename__ = "categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id"), index=True)
    name_en: Mapped[str] = mapped_column(String(200))
    name_de: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(default=0)
    # §13: live by its own products (one published with known stock), kept by
    # shop.services.live_categories; a parent is live also when a child is.
    live: Mapped[bool] = mapped_column(default=False, server_default=false())

    parent: Mapped["Category | None"] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list["Category"]] = relationship(
        back_populates="parent", order_by="Category.position"
    )


class Product(db.Model):
    __tablename__ = "products"
    # Catalogue pages filter on published (and category) and sort by one key: these
    # indexes hold all three, so a page is read in order and counted from the index.
    __table_args__ = (
        Index("ix_products_published_category", "published", "category_id"),
        Index("ix_products_published_name_en", "published", "name_en", "id", "category_id"),
        Index("ix_products_published_name_de", "published", "name_de", "id", "category_id"),
        Index("ix_products_published_price", "published", "list_price", "id", "category_id"),
        Index("ix_products_published_sku", "published", "sku", "id", "category_id"),
        # Facet counts by manufacturer and of products in stock read only this index (#11).
        Index("ix_products_facets", "published", "category_id", "manufacturer", "sku"),
        # A unique index, not a constraint: SQLite adds it without rebuilding the table (#11).
        Index("ix_products_ean", "ean", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sku: Mapped[str] = mapped_column(String(40), unique=True)
    # The EAN (GTIN-13/8, check digit validated: shop.domain.ean); search and quick order
    # find the product by it (#11). Optional: not every article carries a barcode.
    ean: Mapped[str | None] = mapped_column(String(13))
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id"))
    name_en: Mapped[str] = mapped_column(String(300))
    name_de: Mapped[str] = mapped_column(String(300))
    description_en: Mapped[str] = mapped_column(Text, default="")
    description_de: Mapped[str] = mapped_column(Text, default="")
    manufacturer: Mapped[str] = mapped_column(String(100), default="")
    unit: Mapped[str] = mapped_column(String(16), default="piece")
    list_price: Mapped[Decimal] = mapped_column(FixedDecimal(2))
    vat_rate: Mapped[Decimal] = mapped_column(FixedDecimal(2), default=Decimal("19.00"))
    published: Mapped[bool] = mapped_column(default=True)
    # §8: may be ordered beyond the ERP's stock (delivered when it is back in stock).
    allows_backorder: Mapped[bool] = mapped_column(default=False, server_default=false())
    # §8: too big for a parcel locker; such an order to a locker is held for review.
    bulky: Mapped[bool] = mapped_column(default=False, server_default=false())
    # §8: where a buyer reviews this product; the review request mail links it.
    review_url: Mapped[str | None] = mapped_column(String(500))
    # §13: what the product must have to be published (None: nothing known, never published).
    product_type_id: Mapped[int | None] = mapped_column(ForeignKey("product_types.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    category: Mapped[Category] = relationship()
    attributes: Mapped[list["ProductAttribute"]] = relationship(
        order_by="ProductAttribute.position", cascade="all, delete-orphan"
    )
    media: Mapped[list["ProductMedia"]] = relationship(
        order_by="ProductMedia.id", cascade="all, delete-orphan"
    )

    @property
    def image(self) -> "ProductMedia | None":
        return next((m for m in self.media if m.kind == "image"), None)

    @property
    def datasheets(self) -> list["ProductMedia"]:
        return [m for m in self.media if m.kind == "datasheet"]


class ProductAttribute(db.Model):
    """A technical attribute: its text per language, and number and unit for measurements (#11)."""

    __tablename__ = "product_attributes"
    # Facets (shop/catalog/facets.py) count a category's values and find products by a
    # key's value or number range: each index answers one of them without reading rows.
    __table_args__ = (
        Index(
            "ix_product_attributes_category_key",
            "category_id",
            "key",
            "value_en",
            "number",
            "product_id",
        ),
        Index("ix_product_attributes_key_value", "key", "value_en", "product_id"),
        Index("ix_product_attributes_key_number", "key", "number", "product_id"),
        Index(
            "ix_product_attributes_product_key",
            "product_id",
            "key",
            "value_en",
            "category_id",
            "number",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    # The product's category, copied so a category's facet counts are read from one index
    # without visiting every product (100,000 lookups cost ~0.5 s on SQLite). Whoever sets a
    # product's category sets its attributes' too (only the catalogue loader does).
    category_id: Mapped[int] = mapped_column()
    position: Mapped[int] = mapped_column(default=0)
    # Language-neutral name of the attribute ("material", "length"): facets and URLs use it.
    key: Mapped[str] = mapped_column(String(40))
    label_en: Mapped[str] = mapped_column(String(100))
    label_de: Mapped[str] = mapped_column(String(100))
    value_en: Mapped[str] = mapped_column(String(200))
    value_de: Mapped[str] = mapped_column(String(200))
    number: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str | None] = mapped_column(String(16))


class ProductMedia(db.Model):
    """An image or data sheet, kept in the database so web processes stay stateless."""

    __tablename__ = "product_media"

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    filename: Mapped[str] = mapped_column(String(200))
    mime_type: Mapped[str] = mapped_column(String(100))
    title_en: Mapped[str] = mapped_column(String(200), default="")
    title_de: Mapped[str] = mapped_column(String(200), default="")
    size: Mapped[int] = mapped_column(default=0)
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary))


class FacetBitmap(db.Model):
    """A published product set of one category, as a bitmap over the category's products
    (#11): per facet value, manufacturer and range number, plus the row of the products' ids
    by position. Filtered facet counts and listings are worked out from these rows instead
    of joining and grouping the attribute rows. Kept by shop.services.facet_bitmaps; the
    keys are explained in shop.domain.facet_bits."""

    __tablename__ = "facet_bitmaps"

    category_id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(50), primary_key=True)
    value_en: Mapped[str] = mapped_column(String(200), primary_key=True)
    number: Mapped[float | None] = mapped_column(Float)  # the smallest of the value's rows
    bits: Mapped[bytes] = mapped_column(LargeBinary)


class ListingCount(db.Model):
    """How many published products a catalogue listing holds, as last counted (#10).

    Counting 100,000 products took longer than rendering the page; every web process reads
    the count kept here and one recounts it once it is older than CATALOG_COUNT_SECONDS.
    """

    __tablename__ = "listing_counts"

    # "all" for the whole catalogue, "category:<id>" for a category and everything below it.
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    total: Mapped[int]
    counted_at: Mapped[datetime]


class SearchName(db.Model):
    """Every name and manufacturer products have had, once each: search reads its words
    (compounds, close spellings) from here instead of scanning every product.

    Filled by database triggers on `products` (migration 0018), so bulk inserts fill
    it too; a renamed product's old name stays, which costs nothing but a spare word.
    """

    __tablename__ = "search_names"

    name: Mapped[str] = mapped_column(String(300), primary_key=True)


class SearchLexeme(db.Model):
    """Every word of products' `title_vector` but numbers, once: PostgreSQL's
    suggestions look a typed prefix's words up here (a GIN prefix scan cost 3-4 times
    the words it stands for). Filled by a trigger on `products` on PostgreSQL only
    (migration 0041); SQLite's FTS5 answers prefixes itself."""

    __tablename__ = "search_lexemes"
    __table_args__ = (
        Index("ix_search_lexemes_prefix", "lexeme", postgresql_ops={"lexeme": "text_pattern_ops"}),
    )

    lexeme: Mapped[str] = mapped_column(String(300), primary_key=True)
