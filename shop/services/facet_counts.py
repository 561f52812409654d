"""The unfiltered facet counts kept per category (#11): shop.models.FacetCount.

Counting the attribute rows of a large category on every page cost 70-200 ms at 100,000
products; an unfiltered category page (the common case) sums the few kept rows of its
categories instead. They are recomputed exactly, for the categories concerned, wherever
publishing changes: `refresh_live_categories` (publish, withdraw, catalogue check, CSV and
ERP import, demo data and the generator) calls this. A product's
attributes change only through those paths. "In stock" is not kept: stock levels change
with every ERP answer, so it is counted live over the category's products.
"""

from collections.abc import Iterable

from sqlalchemy import Float, String, delete, func, insert, literal, null, select

from shop.domain.facet_bits import MAKER_KEY
from shop.extensions import db
from shop.models import FacetCount, Product, ProductAttribute

__all__ = ["MAKER_KEY", "refresh_facet_counts"]


def refresh_facet_counts(category_ids: Iterable[int] | None = None) -> None:
    """Recount the facet values of these categories' published products (None: all).

    Called inside the caller's unit of work, after `refresh_live_categories` updated the
    categories' rows: that row lock keeps two recounts of one category apart on PostgreSQL.
    """
    ids = None if category_ids is None else sorted(set(category_ids))
    if ids == []:
        return
    counted = (
        select(
            Product.category_id,
            ProductAttribute.key,
            ProductAttribute.value_en,
            func.min(ProductAttribute.number),
            func.count(),
        )
        .join(Product, Product.id == ProductAttribute.product_id)
        .where(Product.published)
        .group_by(Product.category_id, ProductAttribute.key, ProductAttribute.value_en)
    )
    makers = (
        select(
            Product.category_id,
            literal(MAKER_KEY, String),
            Product.manufacturer,
            null().cast(Float),
            func.count(),
        )
        .where(Product.published, Product.manufacturer != "")
        .group_by(Product.category_id, Product.manufacturer)
    )
    drop = delete(FacetCount)
    if ids is not None:
        counted = counted.where(Product.category_id.in_(ids))
        makers = makers.where(Product.category_id.in_(ids))
        drop = drop.where(FacetCount.category_id.in_(ids))
    db.session.flush()
    db.session.execute(drop.execution_options(synchronize_session=False))
    columns = ["category_id", "key", "value_en", "number", "products"]
    db.session.execute(insert(FacetCount).from_select(columns, counted))
    db.session.execute(insert(FacetCount).from_select(columns, makers))
