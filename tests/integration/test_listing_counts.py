"""Catalogue totals are kept in the database for a while instead of counted per request
(#10), and never shown wrong where a page can tell. A category page's total comes from its
kept facet bitmaps (#11), exact and without counting."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import event, update

from shop.extensions import db
from shop.models import ListingCount, Product
from shop.models.clock import utcnow
from tests.conftest import FreshContextClient
from tests.factories import make_category, make_product


@pytest.fixture
def browser(app, app_context):
    app.test_client_class = FreshContextClient
    return app.test_client()


def shown_count(browser, path: str) -> str:
    html = browser.get(path, headers={"Accept-Language": "en"}).get_data(as_text=True)
    return html.split('<span class="count">')[1].split("</span>")[0]


TOTAL = re.compile(r"SELECT count\(\*\) AS \w+ FROM products\b")


def counts_run(browser, path: str) -> int:
    """How many count(*) statements one request of `path` runs."""
    statements: list[str] = []

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        browser.get(path)
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    # The listing's total, not the facets' counts per attribute value.
    return sum(bool(TOTAL.match(" ".join(statement.split()))) for statement in statements)


def test_the_total_is_counted_once_and_then_read_from_the_database(browser):
    category = make_category()
    for _ in range(30):
        make_product(category)
    path = "/catalog"

    first, second = counts_run(browser, path), counts_run(browser, path)

    assert (first, second) == (1, 0)
    assert shown_count(browser, path) == "30 products"
    assert db.session.get(ListingCount, "all").total == 30


def test_a_category_page_shows_the_exact_total_of_its_bitmaps_without_counting(browser):
    category = make_category()
    for _ in range(30):
        make_product(category)
    path = f"/catalog/{category.slug}"
    db.session.add(ListingCount(key=f"category:{category.id}", total=12_345, counted_at=utcnow()))
    db.session.commit()

    assert counts_run(browser, path) == 0
    assert shown_count(browser, path) == "30 products"


def test_every_process_shows_the_total_kept_in_the_database(browser):
    # Another web process counted 12,345 a moment ago: this one shows that, not its own.
    category = make_category()
    for _ in range(30):
        make_product(category)
    db.session.add(ListingCount(key="all", total=12_345, counted_at=utcnow()))
    db.session.commit()

    assert shown_count(browser, "/catalog") == "12345 products"


def test_a_kept_total_is_recounted_once_it_is_older_than_the_setting(app, browser):
    category = make_category()
    for _ in range(30):
        make_product(category)
    path = "/catalog"
    browser.get(path)
    for _ in range(5):
        make_product(category)

    kept = shown_count(browser, path)
    db.session.execute(
        update(ListingCount).values(
            counted_at=utcnow() - timedelta(seconds=app.config["CATALOG_COUNT_SECONDS"] + 1)
        )
    )
    db.session.commit()
    recounted = shown_count(browser, path)

    assert (kept, recounted) == ("30 products", "35 products")


def test_a_page_that_shows_the_kept_total_wrong_counts_again_at_once(browser):
    category = make_category()
    products = [make_product(category) for _ in range(3)]
    path = "/catalog"
    browser.get(path)

    make_product(category)
    grown = shown_count(browser, path)
    db.session.execute(update(Product).where(Product.id == products[0].id).values(published=False))
    db.session.commit()
    shrunk = shown_count(browser, path)

    assert (grown, shrunk) == ("4 products", "3 products")


def test_a_late_page_after_products_were_withdrawn_shows_the_new_last_page(browser):
    category = make_category()
    products = [make_product(category) for _ in range(50)]
    browser.get("/catalog")  # keeps 50: three pages of 24
    withdrawn = [p.id for p in products[:30]]
    db.session.execute(update(Product).where(Product.id.in_(withdrawn)).values(published=False))
    db.session.commit()

    html = browser.get("/catalog?page=3").get_data(as_text=True)

    assert "20 products" in html
    assert html.count('class="product-card"') == 20
    assert "Page 1 of 1" not in html  # a single page shows no pagination at all
