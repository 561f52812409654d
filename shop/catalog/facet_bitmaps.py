"""A category page's facet counts and filtered products from the kept bitmaps (#11).

Reads the bitmaps of the page's categories (shop.services.facet_bitmaps) and the labels of
their values in one statement, takes "in stock" from shop.catalog.in_stock_bits (kept per
process while no level crosses zero), and counts and filters in Python
(shop.domain.facet_bits). The listing, its count and its pages use the same filtered set.
Search results have no kept bitmaps (their scope is the hits): shop.catalog.facets counts
them in SQL.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, Select, bindparam, case, null, or_, select
from sqlalchemy.orm import aliased

from shop.catalog.facets import FacetPanel, panel_from_rows
from shop.catalog.in_stock_bits import add_in_stock, stock_token
from shop.catalog.listing_order import listing_token
from shop.domain.facet_bits import (
    MAKER_KEY,
    NUMBER_PREFIX,
    KeptRow,
    by_category,
    count,
    read_positions,
)
from shop.domain.facets import ATTRIBUTE_FACETS, MANUFACTURER, Selection
from shop.models import FacetBitmap, ProductAttribute
from shop.services.plain_rows import rows_of

if TYPE_CHECKING:
    from shop.catalog.queries import Scope


@dataclass(frozen=True)
class CategoryFacets:
    panel: FacetPanel
    # The ids of the products the filters let through; None when nothing is filtered.
    matching: frozenset[int] | None
    # The listing token read with the bitmaps (shop.catalog.listing_order); None: none kept.
    listing_token: str | None = None


def category_facets(scope: "Scope", selection: Selection, language: str) -> CategoryFacets:
    """The facet panel of a category page and the products its filters let through."""
    labels: dict[tuple[str, str], tuple[str, str]] = {}
    rows: list[tuple[int, KeptRow]] = []
    stock = listing = None
    # Plain rows: the ORM's execution layer cost ~0.8 ms CPU here (#10).
    for row in rows_of(_kept_rows(language), {"category_ids": list(scope.category_ids or ())}):
        category_id, key, value_en, number, bits, value_label, key_label, stock, listing = row
        rows.append((category_id, KeptRow(key, value_en, number, bits)))
        if value_label is not None:
            labels[(key, value_en)] = (value_label, key_label)
    categories = by_category(rows, _read_ids)
    add_in_stock(categories, stock)
    counted = count(list(categories.values()), selection)
    attribute_rows: dict[str, list[tuple]] = {}
    for key in ATTRIBUTE_FACETS:
        for value, found in counted.counts.get(key, {}).items():
            value_label, key_label = labels.get((key, value), (value, key))
            attribute_rows.setdefault(key, []).append(
                (value, value_label, key_label, counted.numbers[key].get(value), found)
            )
    makers = list(counted.counts.get(MANUFACTURER, {}).items())
    panel = panel_from_rows(attribute_rows, makers, counted.in_stock, selection)
    if selection.is_empty:
        return CategoryFacets(panel, None, listing)
    matching = frozenset(
        product_id
        for category in categories.values()
        for product_id in category.matching_ids(selection)
    )
    return CategoryFacets(panel, matching, listing)


@lru_cache(maxsize=64)
def _read_ids(blob: bytes) -> tuple[Sequence[int], Mapping[int, int]]:
    """A category's product ids and their positions, kept per process by the kept row's
    bytes themselves: a changed row is another key, so the process never differs from the
    database (building the positions of 16,000 products costs a few ms)."""
    return read_positions(blob)


@lru_cache(maxsize=4)
def _kept_rows(language: str) -> Select:
    """The kept rows of the categories `category_ids`, with the labels of the attribute
    values in `language` and the stock and listing tokens (one statement, built once per
    language)."""
    kept = FacetBitmap
    return select(
        kept.category_id,
        kept.key,
        kept.value_en,
        kept.number,
        kept.bits,
        _first_of(f"value_{language}"),
        _first_of(f"label_{language}"),
        # The tokens (shop.catalog.in_stock_bits, listing_order): same statement and snapshot.
        stock_token(),
        listing_token(),
    ).where(kept.category_id.in_(bindparam("category_ids", expanding=True)))


def _first_of(column: str) -> ColumnElement:
    """A column of the first attribute row with the kept row's key and value; looked up for
    attribute values only (not for the ids, manufacturers and numbers)."""
    row = aliased(ProductAttribute)
    first = (
        select(getattr(row, column))
        .where(row.key == FacetBitmap.key, row.value_en == FacetBitmap.value_en)
        .limit(1)
        .scalar_subquery()
    )
    other = or_(FacetBitmap.key.startswith(MAKER_KEY[0]), FacetBitmap.key.startswith(NUMBER_PREFIX))
    return case((other, null()), else_=first)
