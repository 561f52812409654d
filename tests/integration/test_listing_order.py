"""A category listing's sorted ids kept per process (#10): not sorted by the database on every
page, yet a product renamed, repriced, added or withdrawn moves on the next request."""

from decimal import Decimal

import pytest
from sqlalchemy import event, update

from shop.catalog.facet_bitmaps import category_facets
from shop.catalog.listing_order import sorted_ids
from shop.catalog.queries import category_scope, category_tree, products_page
from shop.domain.facets import Selection
from shop.extensions import db
from shop.models import CachedStock, Product
from shop.models.clock import utcnow
from shop.services.live_categories import refresh_live_categories
from tests.factories import make_category, make_product


@pytest.fixture
def shelf(app_context):
    category = make_category(slug="listing-order")
    for number, name in enumerate(["Anchor", "Bolt", "Clamp", "Dowel"]):
        make_product(category, sku=f"ORDER-{number}", name_en=name, list_price=Decimal(10 + number))
    db.session.commit()
    return category


def shown(slug: str, sort: str = "name") -> list[str]:
    """The SKUs of the listing's first page, as the category page reads them."""
    scope = category_scope(category_tree().by_slug_or_404(slug))
    facets = category_facets(scope, Selection(), "en")
    ordered = sorted_ids(scope, sort, "en", facets.listing_token)
    page = products_page(scope.products, sort, 1, 10, "en", ordered=ordered)
    return [card.sku for card in page.items]


def test_a_renamed_product_moves_in_the_kept_order_on_the_next_request(shelf):
    assert shown(shelf.slug) == ["ORDER-0", "ORDER-1", "ORDER-2", "ORDER-3"]

    db.session.execute(update(Product).where(Product.sku == "ORDER-0").values(name_en="Zinc"))
    db.session.commit()

    assert shown(shelf.slug) == ["ORDER-1", "ORDER-2", "ORDER-3", "ORDER-0"]


def test_a_repriced_product_moves_in_the_kept_price_order(shelf):
    assert shown(shelf.slug, "price_desc") == ["ORDER-3", "ORDER-2", "ORDER-1", "ORDER-0"]

    db.session.execute(update(Product).where(Product.sku == "ORDER-0").values(list_price=99))
    db.session.commit()

    assert shown(shelf.slug, "price_desc") == ["ORDER-0", "ORDER-3", "ORDER-2", "ORDER-1"]


def test_products_added_and_withdrawn_change_the_kept_listing(shelf):
    assert shown(shelf.slug) == ["ORDER-0", "ORDER-1", "ORDER-2", "ORDER-3"]

    make_product(shelf, sku="ORDER-4", name_en="Bracket")
    for number in range(5):  # known stock keeps the category live (§13)
        db.session.add(CachedStock(sku=f"ORDER-{number}", quantity=1, fetched_at=utcnow()))
    db.session.execute(update(Product).where(Product.sku == "ORDER-2").values(published=False))
    refresh_live_categories([shelf.id])
    db.session.commit()

    assert shown(shelf.slug) == ["ORDER-0", "ORDER-1", "ORDER-4", "ORDER-3"]


def test_a_category_page_is_not_sorted_by_the_database_again(shelf, client):
    client.get(f"/catalog/{shelf.slug}")
    statements: list[str] = []

    def note(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        html = client.get(f"/catalog/{shelf.slug}").get_data(as_text=True)
    finally:
        event.remove(db.engine, "before_cursor_execute", note)

    assert html.index("ORDER-0") < html.index("ORDER-1") < html.index("ORDER-3")
    sorting = [s for s in statements if "FROM products" in s and "ORDER BY products.name_en" in s]
    assert sorting == []
