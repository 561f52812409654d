"""A search's facets from the hits' bitmaps (#10, #11): for every filter combination the
counts, labels, bounds and the filtered hits (in the search's order) equal the SQL counts
and the SQL filter that the search page used before, in both languages; and filtering the
hits costs no statement of its own."""

from decimal import Decimal
from urllib.parse import parse_qsl

import pytest
from sqlalchemy import delete, event, select

from shop.catalog.facets import facet_panel, selection_conditions
from shop.catalog.search_facets import search_facets
from shop.domain.facets import parse_selection
from shop.extensions import db
from shop.models import CachedStock, FacetBitmap, Product
from shop.models.clock import utcnow
from tests.facet_sql import found_scope
from tests.factories import make_attribute, make_category, make_product

MATERIALS = [("steel", "Stahl"), ("brass", "Messing"), ("A2 stainless", "A2 rostfrei")]
THREADS = ["M6", "M8", "M10"]
QUERIES = [
    "",
    "f.material=steel",
    "f.material=steel&f.material=brass",
    "f.material=steel&f.manufacturer=Acme",
    "f.manufacturer=Acme&f.manufacturer=Bolzwerk",
    "f.thread=M8&f.length.min=25",
    "f.length.min=25&f.length.max=60",
    "f.length.max=30&f.diameter.min=5",
    "f.material=brass&f.length.min=25&in_stock=1",
    "in_stock=1",
    "in_stock=1&f.manufacturer=Acme&f.thread=M6&f.thread=M10",
    "f.material=copper",
    "f.material=copper&f.thread=M8",
    "f.length.min=80&f.length.max=20",
    "f.length.min=abc&f.material=steel",
]


@pytest.fixture
def hits(app_context):
    """Published products of two unrelated categories, in a search's order (not by id); an
    unpublished one and one the search did not find share their values."""
    screws = make_category(slug="hits-screws")
    nuts = make_category(slug="hits-nuts")
    found = []
    for number in range(18):
        product = make_product(
            screws if number % 3 else nuts,
            manufacturer=["Acme", "Bolzwerk", ""][number % 3],
            published=number != 5,
        )
        english, german = MATERIALS[number % 3]
        make_attribute(product, "material", english, german)
        if number % 4 == 0:
            # A second value of one facet: counted under both, as the SQL counts do.
            make_attribute(product, "material", *MATERIALS[(number + 1) % 3])
        length = 10 * (number % 7 + 1)
        make_attribute(product, "length", f"{length} mm", number=float(length), unit="mm")
        if number % 2:
            make_attribute(product, "thread", THREADS[number % 3])
            make_attribute(product, "diameter", f"{number % 3 + 4} mm", number=number % 3 + 4.0)
        if number % 5:
            db.session.add(CachedStock(sku=product.sku, quantity=number % 4, fetched_at=utcnow()))
        if number not in (5, 11):
            found.append(product.id)
    db.session.commit()
    # Best first, as a search ranks them: neither by id nor by category.
    return found[1::2] + found[::-2]


def facet_of(facet) -> tuple:
    return (facet.key, facet.bounds, facet.chosen_range, facet.problem)


def shown(panel) -> dict:
    return {
        (facet.key, value.value, value.label, facet.label, value.chosen): value.count
        for facet in panel.facets
        for value in facet.values
    }


def test_the_hits_facets_and_filter_equal_the_sql_counts_and_filter(hits):
    assert_equal_to_the_sql_counts_and_filter(hits)


def test_a_single_hit_and_each_categorys_first_hit_equal_the_sql_counts(hits):
    assert_equal_to_the_sql_counts_and_filter(hits[:1])
    assert_equal_to_the_sql_counts_and_filter([hits[0], hits[-1]])


def test_hits_without_kept_bitmaps_are_counted_from_the_database(hits):
    # A category whose rebuild is not committed yet: its hits' facts are read instead.
    with db.engine.begin() as connection:
        category_id = connection.scalar(select(Product.category_id).where(Product.id == hits[0]))
        connection.execute(delete(FacetBitmap).where(FacetBitmap.category_id == category_id))

    assert_equal_to_the_sql_counts_and_filter(hits)


def assert_equal_to_the_sql_counts_and_filter(hits: list[int]) -> None:
    scope = found_scope(hits)
    for language in ("en", "de"):
        for query in QUERIES:
            selection = parse_selection(parse_qsl(query))

            facets = search_facets(hits, selection, language)
            counted = facet_panel(scope, selection, language)
            conditions = selection_conditions(selection)
            kept = set(db.session.scalars(select(Product.id).where(*scope.products, *conditions)))

            case = (language, query)
            assert shown(facets.panel) == shown(counted), case
            assert [facet_of(f) for f in facets.panel.facets] == [
                facet_of(f) for f in counted.facets
            ], case
            assert facets.panel.in_stock_count == counted.in_stock_count, case
            assert facets.matching == [p for p in hits if p in kept], case


def test_filtering_a_search_costs_no_statement_more_than_showing_it(client):
    # Before, the filtered hits were read by a statement of their own after the counts.
    category = make_category(slug="hits-filtered")
    for number in range(4):
        product = make_product(category, name_en=f"Carriage bolt {number}", list_price=Decimal(2))
        make_attribute(product, "material", MATERIALS[number % 2][0])
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    client.get("/search?q=carriage")  # the catalogue's words, read once per process
    event.listen(db.engine, "before_cursor_execute", record)
    try:
        plain = client.get("/search?q=carriage")
        shown_plain = len(statements)
        statements.clear()
        filtered = client.get("/search?q=carriage&f.material=brass")
        shown_filtered = len(statements)
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    assert plain.status_code == filtered.status_code == 200
    html = filtered.get_data(as_text=True)
    assert "Carriage bolt 1" in html and "Carriage bolt 0" not in html
    assert shown_filtered <= shown_plain
