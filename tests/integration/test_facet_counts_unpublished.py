"""Facet counts of a category with subcategories and unpublished products (#11): the counts
subtract the unpublished products' attributes instead of filtering every row, and must stay
exact after combining filters."""

from urllib.parse import parse_qsl

import pytest

from shop.catalog.facets import facet_panel
from shop.catalog.queries import category_scope, category_tree
from shop.domain.facets import ProductFacts, facet_counts, parse_selection
from shop.extensions import db
from shop.models import CachedStock
from shop.models.clock import utcnow
from tests.factories import make_attribute, make_category, make_product

# sku: (subcategory?, material, length mm, manufacturer, in stock, published)
PRODUCTS = {
    "UNP-1": (False, "steel", 20, "Acme", True, True),
    "UNP-2": (True, "steel", 40, "Bolzwerk", False, True),
    "UNP-3": (True, "brass", 40, "Acme", True, True),
    "UNP-4": (False, "brass", 60, "Bolzwerk", True, True),
    # Unpublished: a value only it has, a shared value, a length beyond the others'.
    "UNP-5": (False, "titanium", 99, "Hidden", True, False),
    "UNP-6": (True, "steel", 5, "Acme", True, False),
}


@pytest.fixture
def parent(app_context):
    top = make_category(slug="unp-top")
    below = make_category(slug="unp-below", parent_id=top.id)
    for sku, (in_below, material, length, maker, stocked, published) in PRODUCTS.items():
        product = make_product(
            below if in_below else top, sku=sku, manufacturer=maker, published=published
        )
        make_attribute(product, "material", material, material, label_en="Material")
        make_attribute(product, "length", f"{length} mm", number=length, unit="mm")
        if stocked:
            db.session.add(CachedStock(sku=sku, quantity=3, fetched_at=utcnow()))
    db.session.commit()
    return category_tree().by_slug["unp-top"]


@pytest.mark.parametrize(
    "query",
    [
        "",
        "f.material=steel",
        "f.material=brass&f.length.min=30",
        "in_stock=1&f.manufacturer=Acme",
        "f.material=steel&f.material=brass&f.length.max=50&in_stock=1",
    ],
)
def test_unpublished_products_count_nowhere_whatever_the_filters(parent, query):
    selection = parse_selection(parse_qsl(query))
    facts = [
        ProductFacts(
            {"material": (material, None), "length": (f"{length} mm", float(length))},
            maker,
            stocked,
        )
        for _, material, length, maker, stocked, published in PRODUCTS.values()
        if published
    ]

    panel = facet_panel(category_scope(parent), selection, "en")

    expected, in_stock = facet_counts(facts, selection)
    shown = {(f.key, v.value): v.count for f in panel.facets for v in f.values if v.count}
    wanted = {(key, value): n for key, counter in expected.items() for value, n in counter.items()}
    assert shown == wanted
    assert panel.in_stock_count == in_stock
    values = {v.value for f in panel.facets for v in f.values}
    assert "titanium" not in values and "Hidden" not in values


def test_the_range_bounds_leave_out_unpublished_products(parent):
    panel = facet_panel(category_scope(parent), parse_selection([]), "en")

    length = next(f for f in panel.facets if f.key == "length")
    assert length.bounds == (20, 60)
