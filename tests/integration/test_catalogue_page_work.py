"""The catalogue's cards: one source of markup (#10)."""

import re

from shop.domain.rights import PredefinedRole
from shop.extensions import db
from shop.models import CachedStock
from shop.models.clock import utcnow
from tests.clients import logged_in
from tests.factories import make_category, make_company, make_product, make_user
from tests.integration.test_customer_prices import demo_priced_products

# A product's price and add-to-cart markup as the card, the list view and the product page
# write it: one macro writes all three.
PRICE = re.compile(r'<div class="price">.*?</div>', re.S)
ADD_TO_CART = re.compile(r'<form class="add-to-cart".*?</form>|<p class="add-to-cart.*?</p>', re.S)
# The form's token is signed with the time of the request that wrote it.
TOKEN = re.compile(r'(name="csrf_token" value=")[^"]+')


def markup(pattern: re.Pattern, html: str) -> str:
    return TOKEN.sub(r"\1…", pattern.search(html)[0])


def test_the_card_the_list_view_and_the_product_page_write_the_same_markup(app, app_context, erp):
    products = demo_priced_products(2)
    sold_out = products[1]
    for product in products:
        db.session.add(
            CachedStock(
                sku=product.sku, quantity=0 if product is sold_out else 5, fetched_at=utcnow()
            )
        )
    db.session.commit()
    buyer = logged_in(app, make_user(make_company(customer_number="10002")))
    erp.stop()  # the customer prices cannot be confirmed: the cards mark them

    for product in products:
        for language in ("en", "de"):
            headers = {"Accept-Language": language}
            grid = buyer.get("/catalog/priced", headers=headers).get_data(as_text=True)
            rows = buyer.get("/catalog/priced?view=list", headers=headers).get_data(as_text=True)
            page = buyer.get(f"/products/{product.sku}", headers=headers).get_data(as_text=True)
            card = next(c for c in grid.split('<li class="product-card">') if product.sku in c)
            row = next(r for r in rows.split("<tr>") if product.sku in r)

            assert "hint outdated" in markup(PRICE, card)
            assert markup(PRICE, card) == markup(PRICE, row) == markup(PRICE, page)
            assert markup(ADD_TO_CART, card) == markup(ADD_TO_CART, row)
            assert markup(ADD_TO_CART, page) == markup(ADD_TO_CART, card)
    assert "sold-out-reason" in markup(ADD_TO_CART, card)


def test_a_technician_sees_cards_without_prices_or_order_forms(app, app_context):
    category = make_category(slug="tech-cards")
    make_product(category, sku="TECH-1")
    technician = make_user(make_company(), roles=(PredefinedRole.SERVICE_TECHNICIAN,))
    client = logged_in(app, technician)

    for view in ("", "?view=list"):
        html = client.get(f"/catalog/tech-cards{view}", headers={"Accept-Language": "en"})
        text = html.get_data(as_text=True)

        assert "TECH-1" in text
        assert 'class="price"' not in text and 'class="add-to-cart"' not in text
        assert 'class="stock-state' in text
