"""What a listing's product cards and list rows show, read as plain rows (#10).

Loading a page's products as ORM entities with their media (two statements, an identity map
entry and instrumented attributes per product and per medium) cost a catalogue page ~6 ms
of CPU, more than the queries themselves. A card needs a dozen columns and its first image:
one Core statement reads them, and its attributes (the list view) a second one.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import groupby

from sqlalchemy import bindparam, func, select

from shop.models import Product, ProductAttribute, ProductMedia
from shop.services.plain_rows import rows_of


@dataclass(frozen=True, slots=True)
class CardImage:
    id: int
    filename: str


@dataclass(frozen=True, slots=True)
class CardAttribute:
    label_en: str
    label_de: str
    value_en: str
    value_de: str


@dataclass(frozen=True, slots=True)
class ProductCard:
    """A product as a card or list row shows it, with the fields prices and stock read
    (shop.services.prices, shop.services.stock) under a Product's names."""

    id: int
    sku: str
    category_id: int
    published: bool
    name_en: str
    name_de: str
    unit: str
    list_price: Decimal
    vat_rate: Decimal
    allows_backorder: bool
    image: CardImage | None
    attributes: tuple[CardAttribute, ...] = ()


# The product's first image, as Product.image picks it (media in id order).
_FIRST_IMAGE = (
    select(func.min(ProductMedia.id))
    .where(ProductMedia.product_id == Product.id, ProductMedia.kind == "image")
    .correlate(Product)
    .scalar_subquery()
)
# Built once: constructing a statement and its cache key costs more than running it here.
_CARDS = (
    select(
        Product.id,
        Product.sku,
        Product.category_id,
        Product.published,
        Product.name_en,
        Product.name_de,
        Product.unit,
        Product.list_price,
        Product.vat_rate,
        Product.allows_backorder,
        ProductMedia.id,
        ProductMedia.filename,
    )
    .outerjoin(ProductMedia, ProductMedia.id == _FIRST_IMAGE)
    .where(Product.id.in_(bindparam("ids", expanding=True)))
)
_ATTRIBUTES = (
    select(
        ProductAttribute.product_id,
        ProductAttribute.label_en,
        ProductAttribute.label_de,
        ProductAttribute.value_en,
        ProductAttribute.value_de,
    )
    .where(ProductAttribute.product_id.in_(bindparam("ids", expanding=True)))
    .order_by(ProductAttribute.product_id, ProductAttribute.position, ProductAttribute.id)
)


def product_cards(ids: Sequence[int], with_attributes: bool = False) -> list[ProductCard]:
    """The cards of these published products, in the order of `ids` (unknown ids left out).

    with_attributes: also each product's attributes in their order (the list view shows some).
    """
    if not ids:
        return []
    attributes: dict[int, tuple[CardAttribute, ...]] = {}
    if with_attributes:
        rows = rows_of(_ATTRIBUTES, {"ids": list(ids)})
        attributes = {
            product_id: tuple(CardAttribute(*row[1:]) for row in group)
            for product_id, group in groupby(rows, key=lambda row: row[0])
        }
    by_id = {}
    for row in rows_of(_CARDS, {"ids": list(ids)}):
        image = CardImage(row[10], row[11]) if row[10] is not None else None
        by_id[row[0]] = ProductCard(*row[:10], image, attributes.get(row[0], ()))
    return [by_id[i] for i in ids if i in by_id]


@dataclass(frozen=True, slots=True)
class ProductMedium:
    """An image or data sheet as the product page lists it (its content is not read)."""

    id: int
    kind: str
    filename: str
    title_en: str
    title_de: str
    size: int


@dataclass(frozen=True, slots=True)
class ProductDetails:
    """A product as its page shows it, under a Product's names (like ProductCard)."""

    id: int
    sku: str
    category_id: int
    published: bool
    name_en: str
    name_de: str
    description_en: str
    description_de: str
    manufacturer: str
    ean: str | None
    unit: str
    list_price: Decimal
    vat_rate: Decimal
    allows_backorder: bool
    attributes: tuple[CardAttribute, ...]
    media: tuple[ProductMedium, ...]

    @property
    def image(self) -> ProductMedium | None:
        return next((m for m in self.media if m.kind == "image"), None)

    @property
    def datasheets(self) -> list[ProductMedium]:
        return [m for m in self.media if m.kind == "datasheet"]


_PRODUCT = select(
    Product.id,
    Product.sku,
    Product.category_id,
    Product.published,
    Product.name_en,
    Product.name_de,
    Product.description_en,
    Product.description_de,
    Product.manufacturer,
    Product.ean,
    Product.unit,
    Product.list_price,
    Product.vat_rate,
    Product.allows_backorder,
).where(Product.sku == bindparam("sku"), Product.published)
_MEDIA = (
    select(
        ProductMedia.id,
        ProductMedia.kind,
        ProductMedia.filename,
        ProductMedia.title_en,
        ProductMedia.title_de,
        ProductMedia.size,
    )
    .where(ProductMedia.product_id == bindparam("product_id"))
    .order_by(ProductMedia.id)
)


def product_details(sku: str) -> ProductDetails | None:
    """The published product with this SKU, its attributes and media in their order."""
    row = rows_of(_PRODUCT, {"sku": sku}).first()
    if row is None:
        return None
    attributes = tuple(CardAttribute(*a[1:]) for a in rows_of(_ATTRIBUTES, {"ids": [row.id]}))
    media = tuple(ProductMedium(*m) for m in rows_of(_MEDIA, {"product_id": row.id}))
    return ProductDetails(*row, attributes, media)
