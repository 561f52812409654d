"""The facet bitmaps kept per category (#11): shop.models.FacetBitmap.

Recomputed exactly, for the categories concerned, wherever publishing changes:
`refresh_live_categories` (publish, withdraw, catalogue check, CSV and ERP import, demo data
and the generator) calls this in the unit of work that changed publishing or attributes,
after updating the categories' rows, whose lock keeps two rebuilds of one category apart on
PostgreSQL. Every write of these rows replaces the facet token (shop.models.FacetVersion,
migration 0045), under which web processes keep them decoded (shop.catalog.facet_bitmaps).
"In stock" is not kept here: stock levels change with every ERP answer, so pages keep its
bitmap per process under a token the stock cache's writers replace
(shop.catalog.in_stock_bits).
"""

from collections.abc import Iterable

from sqlalchemy import delete, insert, select

from shop.domain.facet_bits import build_bits
from shop.extensions import db
from shop.models import FacetBitmap, Product, ProductAttribute


def refresh_facet_bitmaps(category_ids: Iterable[int] | None = None) -> None:
    """Rebuild the bitmaps of these categories' published products (None: all)."""
    ids = None if category_ids is None else sorted(set(category_ids))
    if ids == []:
        return
    products = select(Product.category_id, Product.id, Product.manufacturer).where(
        Product.published
    )
    attributes = (
        select(
            Product.category_id,
            ProductAttribute.product_id,
            ProductAttribute.key,
            ProductAttribute.value_en,
            ProductAttribute.number,
        )
        .join(Product, Product.id == ProductAttribute.product_id)
        .where(Product.published)
    )
    drop = delete(FacetBitmap)
    if ids is not None:
        products = products.where(Product.category_id.in_(ids))
        attributes = attributes.where(Product.category_id.in_(ids))
        drop = drop.where(FacetBitmap.category_id.in_(ids))
    db.session.flush()
    per_category: dict[int, tuple[list, list]] = {}
    for category_id, product_id, manufacturer in db.session.execute(products):
        per_category.setdefault(category_id, ([], []))[0].append((product_id, manufacturer))
    for category_id, *row in db.session.execute(attributes):
        per_category.setdefault(category_id, ([], []))[1].append(tuple(row))
    db.session.execute(drop.execution_options(synchronize_session=False))
    rows = [
        {
            "category_id": category_id,
            "key": kept.key,
            "value_en": kept.value_en,
            "number": kept.number,
            "bits": kept.bits,
        }
        for category_id, (product_rows, attribute_rows) in sorted(per_category.items())
        for kept in build_bits(product_rows, attribute_rows)
    ]
    if rows:
        db.session.execute(insert(FacetBitmap), rows)
