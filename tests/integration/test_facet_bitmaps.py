"""A category page's facets from the kept bitmaps (#11): over a category and its
subcategory, the counts and the filtered listing (its total, sort orders and pages, both
ways of reading them) equal the SQL filter and counts that search results still use."""

from decimal import Decimal
from urllib.parse import parse_qsl

import pytest
from sqlalchemy import select

from shop.catalog import queries
from shop.catalog.facet_bitmaps import category_facets
from shop.catalog.facets import facet_panel, selection_conditions
from shop.catalog.listing_order import sorted_ids
from shop.catalog.queries import category_scope, category_tree, products_page
from shop.domain.facets import parse_selection
from shop.extensions import db
from shop.models import CachedStock, Product
from shop.models.clock import utcnow
from tests.facet_sql import found_scope
from tests.factories import make_attribute, make_category, make_product

MATERIALS = ["steel", "brass", "A2 stainless"]
QUERIES = [
    "",
    "f.material=steel&f.material=brass",
    "f.material=steel&f.manufacturer=Acme",
    "f.length.min=25&f.length.max=60",
    "f.material=brass&f.length.min=25&in_stock=1",
    "in_stock=1",
    "f.material=copper",
]


@pytest.fixture
def bolts(app_context):
    parent = make_category(slug="bits-fasteners")
    child = make_category(slug="bits-bolts", parent_id=parent.id)
    for number in range(14):
        product = make_product(
            parent if number % 3 == 0 else child,
            name_en=f"Bolt {number % 5}",
            list_price=Decimal(20 - number),
            manufacturer="Acme" if number % 2 else "Bolzwerk",
            published=number != 7,
        )
        make_attribute(product, "material", MATERIALS[number % 3])
        length = 10 * (number % 7 + 1)
        make_attribute(product, "length", f"{length} mm", number=float(length), unit="mm")
        if number % 4:
            db.session.add(CachedStock(sku=product.sku, quantity=number % 5, fetched_at=utcnow()))
    db.session.commit()
    return category_tree().by_slug_or_404("bits-fasteners")


def ids(page) -> list[int]:
    return [product.id for product in page.items]


@pytest.mark.parametrize("kept", [False, True], ids=["sorted anew", "kept sorted"])
def test_the_filtered_listing_equals_the_sql_filter_in_every_order_and_page(bolts, kept):
    scope = category_scope(bolts)
    for query in QUERIES:
        selection = parse_selection(parse_qsl(query))
        facets = category_facets(scope, selection, "en")
        conditions = selection_conditions(selection)
        expected = db.session.scalars(select(Product.id).where(*scope.products, *conditions))
        assert (facets.matching or set()) == (set(expected.all()) if query else set()), query
        for sort in queries.SORTS:
            for page in (1, 2, 3):
                shown = products_page(
                    scope.products,
                    sort,
                    page,
                    3,
                    "en",
                    only=facets.matching,
                    ordered=sorted_ids(scope, sort, "en", facets.listing_token if kept else None),
                )
                wanted = products_page(scope.products, sort, page, 3, "en", filters=conditions)
                assert (ids(shown), shown.total, shown.page) == (
                    ids(wanted),
                    wanted.total,
                    wanted.page,
                ), (query, sort, page)


@pytest.mark.parametrize("query", QUERIES)
def test_bitmap_counts_equal_the_sql_counts(bolts, query):
    selection = parse_selection(parse_qsl(query))
    scope = category_scope(bolts)
    published = db.session.scalars(select(Product.id).where(*scope.products)).all()

    kept = facet_panel(scope, selection, "en")
    counted = facet_panel(found_scope(published), selection, "en")

    def shown(panel) -> dict:
        return {
            (facet.key, value.value, value.label, facet.label): value.count
            for facet in panel.facets
            for value in facet.values
        }

    assert shown(kept) == shown(counted)
    assert [f.bounds for f in kept.facets] == [f.bounds for f in counted.facets]
    assert kept.in_stock_count == counted.in_stock_count
