"""A category page's "in stock" bitmap kept per process (#10): no join over the category's
stock on every request, yet any change of a level across zero shows on the next request,
whoever wrote it (an ERP answer, a plain write) and wherever publishing moved positions."""

import pytest
from sqlalchemy import event, select, update

from shop.catalog.facet_bitmaps import category_facets
from shop.catalog.queries import category_scope, category_tree
from shop.domain.facets import parse_selection
from shop.extensions import db
from shop.models import CachedStock, Product
from shop.models.clock import utcnow
from shop.services.live_categories import refresh_live_categories
from tests.factories import make_category, make_product

IN_STOCK = parse_selection([("in_stock", "1")])


@pytest.fixture
def shelf(app_context):
    category = make_category(slug="stock-bits")
    products = [make_product(category, sku=f"STOCK-BITS-{n}") for n in range(3)]
    db.session.commit()
    return category, [product.sku for product in products]


def in_stock_now(slug: str) -> set[int]:
    scope = category_scope(category_tree().by_slug_or_404(slug))
    return set(category_facets(scope, IN_STOCK, "en").matching or ())


def skus_of(ids: set[int]) -> set[str]:
    return set(db.session.scalars(select(Product.sku).where(Product.id.in_(ids))))


def test_a_stock_answer_from_the_erp_changes_the_in_stock_filter_on_the_next_request(
    app, client, erp, shelf, monkeypatch
):
    category, skus = shelf
    monkeypatch.setitem(app.config, "STOCK_CACHE_SECONDS", 0)
    erp.set_stock({skus[0]: 5, skus[1]: 0, skus[2]: 0})
    client.get(f"/catalog/{category.slug}")  # its cards ask the ERP
    assert skus_of(in_stock_now(category.slug)) == {skus[0]}

    erp.set_stock({skus[0]: 0, skus[1]: 7, skus[2]: 0})
    client.get(f"/catalog/{category.slug}")

    assert skus_of(in_stock_now(category.slug)) == {skus[1]}
    html = client.get(f"/catalog/{category.slug}?in_stock=1").get_data(as_text=True)
    assert skus[1] in html and skus[0] not in html


def test_a_plain_write_to_the_stock_cache_changes_the_in_stock_filter(shelf):
    category, skus = shelf
    assert in_stock_now(category.slug) == set()

    db.session.add(CachedStock(sku=skus[2], quantity=3, fetched_at=utcnow()))
    db.session.commit()
    assert skus_of(in_stock_now(category.slug)) == {skus[2]}

    db.session.execute(update(CachedStock).values(quantity=0))
    db.session.commit()
    assert in_stock_now(category.slug) == set()


def test_the_kept_bitmap_follows_a_product_published_before_the_others(shelf):
    category, skus = shelf
    for sku in skus:
        db.session.add(CachedStock(sku=sku, quantity=1, fetched_at=utcnow()))
    db.session.commit()
    assert skus_of(in_stock_now(category.slug)) == set(skus)

    first = make_product(category, sku="STOCK-BITS-0A")  # a new position among the others
    refresh_live_categories([category.id])
    db.session.commit()

    assert skus_of(in_stock_now(category.slug)) == set(skus)
    db.session.add(CachedStock(sku=first.sku, quantity=2, fetched_at=utcnow()))
    db.session.commit()
    assert skus_of(in_stock_now(category.slug)) == {*skus, first.sku}


def test_a_category_page_reads_in_stock_without_joining_the_stock_cache_again(shelf, client):
    category, skus = shelf
    for sku, quantity in zip(skus, (4, 0, 0), strict=True):  # known: the cards ask no ERP
        db.session.add(CachedStock(sku=sku, quantity=quantity, fetched_at=utcnow()))
    db.session.commit()
    client.get(f"/catalog/{category.slug}")
    statements: list[str] = []

    def note(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        response = client.get(f"/catalog/{category.slug}?in_stock=1")
    finally:
        event.remove(db.engine, "before_cursor_execute", note)

    assert skus[0] in response.get_data(as_text=True)
    assert not [s for s in statements if "JOIN stock_cache" in s]
