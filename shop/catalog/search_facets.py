"""The facets of a search's results and the results its filters let through (#10, #11).

The search page filters and counts its best matches (at most the view's 500 ids) of any
number of categories, so no kept category bitmap covers them. The SQL counts of
shop.catalog.facets grouped the hits' attribute rows once per facet group, with the 500 ids
in every part, and a filter read the kept hits in a statement of its own: at 100,000
products ~27 ms of CPU per "bolt" on SQLite, ~300 ms with a filter. Here one statement reads
the hits' facts grouped (makers with their stock, attribute values with their labels),
shop.domain.hit_bits numbers the hits as one category, and the counts and the filter are the
bit operations of a category page (shop.domain.facet_bits): the same rule, the same numbers.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Float,
    String,
    bindparam,
    case,
    cast,
    func,
    literal,
    select,
    union_all,
)
from sqlalchemy.orm import aliased

from shop.catalog.facets import FacetPanel, panel_from_rows
from shop.domain.facet_bits import count
from shop.domain.facets import ATTRIBUTE_FACETS, MANUFACTURER, Selection
from shop.domain.hit_bits import hit_bits
from shop.extensions import db
from shop.models import CachedStock, Product, ProductAttribute

# The key of the rows that carry a hit's manufacturer and stock instead of an attribute
# (attribute keys start with a letter: shop.domain.catalog_import.ATTRIBUTE_KEY).
_PRODUCT_ROW = "@product"


@dataclass(frozen=True)
class SearchFacets:
    panel: FacetPanel
    # The hits the filters let through, in the search's order.
    matching: list[int]


def search_facets(hits: Sequence[int], selection: Selection, language: str) -> SearchFacets:
    """The facet panel over these product ids (a search's hits, best first) and those of
    them `selection` lets through."""
    makers: list[tuple[str, bool, list[int]]] = []
    attributes: list[tuple[str, str, float | None, list[int]]] = []
    labels: dict[tuple[str, str], tuple[str, str]] = {}
    rows = db.session.execute(_facts(language), {"ids": list(hits)})
    for key, value_en, number, members, value_label, key_label in rows:
        ids = [int(member) for member in members.split(",")]
        if key == _PRODUCT_ROW:
            makers.append((value_en, bool(number), ids))
        else:
            attributes.append((key, value_en, number, ids))
            labels[(key, value_en)] = (value_label, key_label)
    bits = hit_bits(makers, attributes)
    counted = count([bits], selection)
    attribute_rows: dict[str, list[tuple]] = {}
    for key in ATTRIBUTE_FACETS:
        for value, found in counted.counts.get(key, {}).items():
            value_label, key_label = labels[(key, value)]
            attribute_rows.setdefault(key, []).append(
                (value, value_label, key_label, counted.numbers[key].get(value), found)
            )
    panel = panel_from_rows(
        attribute_rows,
        list(counted.counts.get(MANUFACTURER, {}).items()),
        counted.in_stock,
        selection,
    )
    if selection.is_empty:
        return SearchFacets(panel, list(hits))
    kept = set(bits.matching_ids(selection))
    return SearchFacets(panel, [product_id for product_id in hits if product_id in kept])


@lru_cache(maxsize=4)
def _facts(language: str) -> CompoundSelect:
    """The facts of the products `ids`, grouped, as rows (key, value_en, number, product
    ids joined by commas, value label, key label): per manufacturer and stock state (key
    _PRODUCT_ROW, number 1 if in stock), and per attribute value and number, with the labels
    of the value's first row in the catalogue as the SQL counts show them. Grouped, a common
    word's 500 hits come as a few dozen rows instead of ~1,500 (each row handed to Python
    cost more than finding it); built once per language, the ids one expanding parameter."""
    ids = bindparam("ids", expanding=True)
    stocked = case((CachedStock.quantity > 0, 1.0), else_=0.0).cast(Float)
    no_text = literal("", String)
    products = (
        select(
            literal(_PRODUCT_ROW, String),
            Product.manufacturer,
            stocked,
            _joined(Product.id),
            no_text,
            no_text,
        )
        .outerjoin(CachedStock, CachedStock.sku == Product.sku)
        .where(Product.id.in_(ids))
        .group_by(Product.manufacturer, stocked)
    )
    attribute = ProductAttribute
    # Read from the (product, key, value, category, number) index alone; the labels are
    # looked up once per value, not per row. "|| ''": by the key, SQLite would walk the
    # (key, value) index in GROUP BY order and check each row's product (48 ms, not 6).
    attributes = (
        select(
            attribute.key,
            attribute.value_en,
            attribute.number,
            _joined(attribute.product_id),
            _first_of(f"value_{language}", attribute),
            _first_of(f"label_{language}", attribute),
        )
        .where(attribute.product_id.in_(ids), attribute.key.concat("").in_(ATTRIBUTE_FACETS))
        .group_by(attribute.key, attribute.value_en, attribute.number)
    )
    return union_all(products, attributes)


def _joined(product_id: ColumnElement[int]) -> ColumnElement[str]:
    """The group's product ids as one text (group_concat, string_agg)."""
    return func.aggregate_strings(cast(product_id, String), ",")


def _first_of(column: str, counted) -> ColumnElement[str]:
    row = aliased(ProductAttribute)
    return (
        select(getattr(row, column))
        .where(row.key == counted.key, row.value_en == counted.value_en)
        .limit(1)
        .scalar_subquery()
    )
