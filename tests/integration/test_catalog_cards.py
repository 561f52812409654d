"""Cards and lists (#11): the stock state on every card, the list (table) view."""

import re
from decimal import Decimal

import pytest
from sqlalchemy import event

from shop.domain.rights import PredefinedRole
from shop.extensions import db
from shop.models import CachedStock
from shop.models.clock import utcnow
from tests.clients import logged_in
from tests.factories import make_attribute, make_category, make_company, make_product, make_user

LEVELS = {"CARD-IN": 500, "CARD-LOW": 3, "CARD-OUT": 0, "CARD-BACK": 0}


@pytest.fixture
def cards(app_context):
    category = make_category(slug="cards")
    for sku in LEVELS:
        make_product(category, sku=sku, name_en=f"Clamp {sku}", allows_backorder=sku == "CARD-BACK")
        if sku in LEVELS:
            db.session.add(CachedStock(sku=sku, quantity=LEVELS[sku], fetched_at=utcnow()))
    db.session.commit()
    return category


def card_of(html: str, sku: str) -> str:
    return next(c for c in html.split('<li class="product-card">') if f'/products/{sku}"' in c)


@pytest.mark.parametrize(
    ("sku", "english", "german"),
    [
        ("CARD-IN", "In stock", "Auf Lager"),
        ("CARD-LOW", "Only a few left", "Nur noch wenige"),
        ("CARD-OUT", "Sold out", "Ausverkauft"),
        ("CARD-BACK", "Sold out – can be ordered", "Ausverkauft – bestellbar"),
    ],
)
def test_every_card_shows_its_stock_state_to_every_visitor(client, cards, sku, english, german):
    en = client.get("/catalog/cards", headers={"Accept-Language": "en"}).get_data(as_text=True)
    de = client.get("/catalog/cards", headers={"Accept-Language": "de"}).get_data(as_text=True)

    assert re.search(
        rf'<span class="stock-state \w+">{re.escape(english)}</span>', card_of(en, sku)
    )
    assert re.search(rf'<span class="stock-state \w+">{re.escape(german)}</span>', card_of(de, sku))


def test_a_card_whose_level_the_erp_never_told_says_availability_on_request(client, cards, erp):
    make_product(cards, sku="CARD-NEVER")
    erp.stop()

    html = client.get("/catalog/cards", headers={"Accept-Language": "en"}).get_data(as_text=True)

    assert ">Availability on request</span>" in card_of(html, "CARD-NEVER")
    assert ">In stock</span>" in card_of(html, "CARD-IN")


def test_stock_states_of_a_page_are_read_in_one_query_whatever_its_size(client, app_context):
    category = make_category(slug="many-cards")
    for number in range(20):
        sku = f"MANY-{number:02d}"
        make_product(category, sku=sku)
        db.session.add(CachedStock(sku=sku, quantity=number, fetched_at=utcnow()))
    db.session.commit()
    statements: list[str] = []

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        html = client.get("/catalog/many-cards").get_data(as_text=True)
    finally:
        event.remove(db.engine, "before_cursor_execute", record)

    assert html.count('class="stock-state') == 20
    assert sum("FROM stock_cache" in s and "count(" not in s for s in statements) == 1


def test_the_list_view_shows_sixty_rows_with_sku_attributes_price_and_stock(client, app_context):
    category = make_category(slug="table")
    for number in range(61):
        product = make_product(
            category,
            sku=f"ROW-{number:03d}",
            name_en=f"Washer {number:03d}",
            list_price=Decimal("2.50"),
        )
        make_attribute(product, "material", "steel", "Stahl", label_en="Material")
    grid = client.get("/catalog/table", headers={"Accept-Language": "en"}).get_data(as_text=True)

    html = client.get("/catalog/table?view=list", headers={"Accept-Language": "en"}).get_data(
        as_text=True
    )

    rows = re.findall(r'<td class="sku">(ROW-\d+)</td>', html)
    assert len(rows) == 60 and "Page 1 of 2" in html
    assert grid.count('class="product-card"') == 24
    assert "Material: steel" in html
    assert "€2.50" in html
    assert re.search(r'href="/catalog/table\?page=2&amp;view=list"', html)


def test_a_technician_sees_no_prices_in_the_list_view(app, cards):
    technician = make_user(make_company(), roles=(PredefinedRole.SERVICE_TECHNICIAN,))
    client = logged_in(app, technician)

    html = client.get("/catalog/cards?view=list", headers={"Accept-Language": "en"}).get_data(
        as_text=True
    )

    assert '<td class="sku">CARD-IN</td>' in html
    assert "€" not in html and ">Price<" not in html
    assert "Add to cart" not in html
