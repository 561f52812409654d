"""Facets in SQL: the filters and counts of shop.domain.facets over the catalogue (#11).

`scope` (shop.catalog.queries.Scope) is what a listing shows before any filter. Pages count
from the bitmaps kept per category, decoded once per process (shop.catalog.facet_bitmaps),
category pages and search results alike; the counts here, over any set of products, are what
those are checked against (tests, bench/catalog.py). They follow the disjunctive rule of the
domain module: one SELECT per group of facets that share their filters (`count_groups`) and
one for "in stock", sent as one UNION ALL statement. The panel and the labels of its values
(`panel_from_rows`, `first_label`) are shared by every way of counting.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, Float, Select, String, func, literal, null, select, union_all
from sqlalchemy.orm import aliased

from shop.domain.facets import (
    ATTRIBUTE_FACETS,
    IN_STOCK,
    MANUFACTURER,
    RANGE_FACETS,
    Range,
    RangeProblem,
    Selection,
    count_groups,
    plain_number,
)
from shop.extensions import db
from shop.models import CachedStock, Product, ProductAttribute

if TYPE_CHECKING:
    from shop.catalog.queries import Scope


@dataclass(frozen=True)
class FacetValue:
    value: str  # what the URL carries (the English text, the same in every language)
    label: str  # in the reader's language
    count: int
    chosen: bool


@dataclass(frozen=True)
class Facet:
    key: str
    label: str | None  # None: the page names it (manufacturer)
    values: list[FacetValue]
    # Measurements: the smallest and largest number in scope and the chosen range.
    bounds: tuple[float, float] | None = None
    chosen_range: Range | None = None
    problem: RangeProblem | None = None

    @property
    def low_text(self) -> str:
        """The chosen lower bound as the form shows it ("" for none)."""
        return plain_number(self.chosen_range.low) if self.chosen_range else ""

    @property
    def high_text(self) -> str:
        return plain_number(self.chosen_range.high) if self.chosen_range else ""

    @property
    def is_active(self) -> bool:
        return self.chosen_range is not None or any(v.chosen for v in self.values)


@dataclass(frozen=True)
class FacetPanel:
    facets: list[Facet]
    in_stock_count: int
    selection: Selection


def selection_conditions(
    selection: Selection,
    product_id: ColumnElement[int] | None = None,
    category_ids: Sequence[int] | None = None,
) -> list[ColumnElement[bool]]:
    """Conditions that keep the products `selection` lets through.

    product_id: the column naming the product in the query (default Product.id, in a query
    of products; ProductAttribute.product_id in the attribute counts). category_ids: the
    query keeps only products of these categories, so a value is looked up among theirs
    alone (an attribute carries its product's category), not across the catalogue.
    """
    on_products = product_id is None
    product_id = Product.id if product_id is None else product_id
    other = aliased(ProductAttribute)
    conditions: list[ColumnElement[bool]] = []
    for key in sorted(selection.filtered_keys()):
        if key == IN_STOCK:
            in_stock = select(CachedStock.sku).where(CachedStock.quantity > 0)
            if on_products:
                conditions.append(Product.sku.in_(in_stock))
            else:
                conditions.append(
                    product_id.in_(select(Product.id).where(Product.sku.in_(in_stock)))
                )
            continue
        chosen = selection.values.get(key)
        if key == MANUFACTURER:
            if chosen:
                by_maker = Product.manufacturer.in_(sorted(chosen))
                conditions.append(
                    by_maker if on_products else product_id.in_(select(Product.id).where(by_maker))
                )
            continue
        within = [] if category_ids is None else [other.category_id.in_(category_ids)]
        if chosen:
            having_value = select(other.product_id).where(
                *within, other.key == key, other.value_en.in_(sorted(chosen))
            )
            conditions.append(product_id.in_(having_value))
        bounds = selection.ranges.get(key)
        if bounds is not None:
            # Not within the categories: the (key, number) index finds a range faster than
            # the category's index, which holds the number after the value.
            in_range = select(other.product_id).where(other.key == key)
            if bounds.low is not None:
                in_range = in_range.where(other.number >= bounds.low)
            if bounds.high is not None:
                in_range = in_range.where(other.number <= bounds.high)
            conditions.append(product_id.in_(in_range))
    return conditions


def facet_panel(scope: "Scope", selection: Selection, language: str) -> FacetPanel:
    """The facets of the products in scope, with the count of each value.

    A category's come from its kept bitmaps; any other scope's from one SQL statement.
    """
    if scope.by_category:
        # Imported here: that module builds on this one's panel.
        from shop.catalog.facet_bitmaps import category_facets

        return category_facets(scope, selection, language).panel
    rows: dict[str, list[tuple]] = {}
    makers: list[tuple[str, int]] = []
    in_stock = 0
    for key, value, label, facet_label, number, count in db.session.execute(
        union_all(*_count_statements(scope, selection, language))
    ):
        if key == IN_STOCK:
            in_stock = count
        elif key == MANUFACTURER:
            makers.append((value, count))
        else:
            rows.setdefault(key, []).append((value, label, facet_label, number, count))
    return panel_from_rows(rows, makers, in_stock, selection)


def panel_from_rows(
    rows: dict[str, list[tuple]],
    makers: list[tuple[str, int]],
    in_stock: int,
    selection: Selection,
) -> FacetPanel:
    """The panel from the counted values: rows per attribute key (value, value label, facet
    label, number, count), makers (name, count) and the "in stock" count."""
    # A chosen value the other filters leave no product for still shows, to be unticked.
    for key, chosen in selection.values.items():
        if key != MANUFACTURER:
            known = {row[0] for row in rows.get(key, [])}
            rows.setdefault(key, []).extend((v, v, key, None, 0) for v in chosen - known)
    makers += [
        (name, 0) for name in selection.values.get(MANUFACTURER, set()) - dict(makers).keys()
    ]
    facets = [
        _attribute_facet(key, rows[key], selection) for key in ATTRIBUTE_FACETS if key in rows
    ]
    facets.append(
        Facet(
            MANUFACTURER,
            None,
            [
                FacetValue(name, name, count, selection.is_chosen(MANUFACTURER, name))
                for name, count in sorted(makers, key=lambda m: m[0].lower())
            ],
        )
    )
    return FacetPanel([f for f in facets if f.values or f.is_active], in_stock, selection)


def _count_statements(scope: "Scope", selection: Selection, language: str) -> list[Select]:
    """One SELECT per group of facets sharing their filters, and one for "in stock";
    each gives rows (facet, value, value label, facet label, number, count)."""
    no_text = literal("", String)
    no_number = null().cast(Float)
    statements = []
    product_id_of_products = Product.id + 0 if scope.by_category else None
    for keys, applied in count_groups(selection):
        attribute_keys = sorted(keys & set(ATTRIBUTE_FACETS))
        if attribute_keys:
            counted = _attribute_counts(scope, attribute_keys, applied)
            statements.append(
                select(
                    counted.c.key,
                    counted.c.value_en,
                    first_label(f"value_{language}", counted.c.key, counted.c.value_en),
                    first_label(f"label_{language}", counted.c.key, counted.c.value_en),
                    counted.c.number,
                    counted.c.products,
                )
            )
        if MANUFACTURER in keys:
            # Grouped by category first, in the order of the (published, category,
            # manufacturer) index, then summed: no sort of the category's products.
            per_category = (
                select(
                    Product.category_id,
                    Product.manufacturer,
                    func.count().label("products"),
                )
                .where(
                    *scope.products,
                    Product.manufacturer != "",
                    *selection_conditions(applied, product_id_of_products, scope.category_ids),
                )
                .group_by(Product.category_id, Product.manufacturer)
                .subquery()
            )
            statements.append(
                select(
                    literal(MANUFACTURER, String),
                    per_category.c.manufacturer,
                    per_category.c.manufacturer,
                    no_text,
                    no_number,
                    func.sum(per_category.c.products),
                ).group_by(per_category.c.manufacturer)
            )
    statements.append(
        select(literal(IN_STOCK, String), no_text, no_text, no_text, no_number, func.count())
        .select_from(Product)
        .join(CachedStock, CachedStock.sku == Product.sku)
        .where(
            *scope.products,
            CachedStock.quantity > 0,
            *selection_conditions(
                selection.without(IN_STOCK), product_id_of_products, scope.category_ids
            ),
        )
    )
    return statements


def _attribute_counts(scope: "Scope", keys: list[str], applied: Selection):
    """(key, value_en, number, products) of the products in scope that `applied` lets
    through, counted from the (category, key, value, number) index alone.

    Grouped by category first, as that index is ordered: otherwise SQLite picks the
    (key, value) index for the GROUP BY order and reads every row of the catalogue to check
    its category (1 s, not 20 ms). For the same reason the filters compare `product_id + 0`:
    SQLite would rather walk the products a filter lets through, everywhere in the catalogue.
    A category's rows include its unpublished products': their counts are subtracted, read
    from those few products (checking every row against them cost more than the count).
    """
    attribute = ProductAttribute
    product_id = attribute.product_id + 0 if scope.by_category else attribute.product_id
    parts = [
        select(
            attribute.category_id,
            attribute.key,
            attribute.value_en,
            func.min(attribute.number).label("number"),
            func.count().label("products"),
        )
        .where(
            *scope.attributes,
            attribute.key.in_(keys),
            *selection_conditions(applied, product_id, scope.category_ids),
        )
        .group_by(attribute.category_id, attribute.key, attribute.value_en)
    ]
    if scope.with_unpublished:
        hidden = select(Product.id).where(Product.published.is_(False))
        if scope.category_ids is not None:
            hidden = hidden.where(Product.category_id.in_(scope.category_ids))
        # "+ 0" and "|| ''": look the rows up by product, not by category or key.
        parts.append(
            select(
                attribute.category_id,
                attribute.key,
                attribute.value_en,
                null().cast(Float),
                (-func.count()).label("products"),
            )
            .where(
                attribute.product_id.in_(hidden),
                *(
                    [(attribute.category_id + 0).in_(scope.category_ids)]
                    if scope.category_ids is not None
                    else []
                ),
                attribute.key.concat("").in_(keys),
                *selection_conditions(applied, attribute.product_id + 0, scope.category_ids),
            )
            .group_by(attribute.category_id, attribute.key, attribute.value_en)
        )
    rows = union_all(*parts).subquery() if len(parts) > 1 else parts[0].subquery()
    return (
        select(
            rows.c.key,
            rows.c.value_en,
            func.min(rows.c.number).label("number"),
            func.sum(rows.c.products).label("products"),
        )
        .group_by(rows.c.key, rows.c.value_en)
        # A value only unpublished products have is no value of the listing.
        .having(func.sum(rows.c.products) > 0)
        .subquery()
    )


def first_label(
    column: str, key: ColumnElement[str], value_en: ColumnElement[str]
) -> ColumnElement[str]:
    """A column (value_de, label_en, ...) of the first attribute row with this key and value:
    the label a facet value shows, the same on category pages and search results."""
    row = aliased(ProductAttribute)
    return (
        select(getattr(row, column))
        .where(row.key == key, row.value_en == value_en)
        .limit(1)
        .scalar_subquery()
    )


def _attribute_facet(key: str, rows: list[tuple], selection: Selection) -> Facet:
    # rows: (value, label, attribute label, number, count)
    numbers = [row[3] for row in rows if row[3] is not None]
    is_range = key in RANGE_FACETS and numbers
    ordered = sorted(
        rows,
        key=lambda row: (row[3] is None, row[3] or 0, row[1].lower()),
    )
    problem = dict(selection.problems).get(key)
    labels = [row[2] for row in rows if row[3] is not None or row[4]] or [key]
    return Facet(
        key,
        max(labels),
        [FacetValue(row[0], row[1], row[4], selection.is_chosen(key, row[0])) for row in ordered],
        (min(numbers), max(numbers)) if is_range else None,
        selection.ranges.get(key),
        problem,
    )
