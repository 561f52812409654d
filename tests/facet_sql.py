"""The facet counts in SQL that the kept bitmaps are checked against (#11)."""

from collections.abc import Sequence

from shop.catalog.queries import Scope
from shop.models import Product, ProductAttribute


def found_scope(product_ids: Sequence[int]) -> Scope:
    """The scope of these products (a search's hits), for shop.catalog.facets.facet_panel."""
    ids = list(product_ids)
    return Scope([Product.id.in_(ids)], [ProductAttribute.product_id.in_(ids)])
