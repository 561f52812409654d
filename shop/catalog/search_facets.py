"""The facets of a search's results and the results its filters let through (#10, #11).

The search page filters and counts its best matches (at most the view's 500 ids) of any
number of categories. Every published product has kept bitmaps in its category, decoded once
per process (shop.catalog.facet_bitmaps): the hits are numbered as one category's products
from them and counted and filtered by the bit operations of a category page (shop.domain.
facet_bits), with no statement but the tokens' (a grouped statement over the hits cost
40-55 ms on PostgreSQL, several ms of CPU on SQLite).

A hit without kept bitmaps (its category's rebuild not committed yet) falls back to one
statement reading the hits' facts grouped (makers with their stock, attribute values with
their labels), numbered by shop.domain.hit_bits: the same rule, the same numbers.
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

from shop.catalog.facet_bitmaps import hit_facets
from shop.catalog.facets import FacetPanel, first_label, panel_from_rows
from shop.domain.facet_bits import CategoryBits, count
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
    kept = hit_facets(hits, selection, language)
    if kept is not None:
        panel, bits = kept
    else:
        panel, bits = _facets_read(hits, selection, language)
    if selection.is_empty:
        return SearchFacets(panel, list(hits))
    passing = set(bits.matching_ids(selection))
    return SearchFacets(panel, [product_id for product_id in hits if product_id in passing])


def _facets_read(
    hits: Sequence[int], selection: Selection, language: str
) -> tuple[FacetPanel, CategoryBits]:
    """The panel and the hits' bitmaps from their facts as the database holds them."""
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
    return panel, bits


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
            first_label(f"value_{language}", attribute.key, attribute.value_en),
            first_label(f"label_{language}", attribute.key, attribute.value_en),
        )
        .where(attribute.product_id.in_(ids), attribute.key.concat("").in_(ATTRIBUTE_FACETS))
        .group_by(attribute.key, attribute.value_en, attribute.number)
    )
    return union_all(products, attributes)


def _joined(product_id: ColumnElement[int]) -> ColumnElement[str]:
    """The group's product ids as one text (group_concat, string_agg)."""
    return func.aggregate_strings(cast(product_id, String), ",")
