"""Stock levels from the ERP on the product page, cached, one call per page (§7, §8)."""

from sqlalchemy import select

from shop.extensions import db
from shop.models import CachedStock
from tests.factories import make_product


def test_product_page_shows_the_erp_stock_and_caches_it(client, erp):
    product = make_product(sku="FAS-SCR-000001")
    erp.set_stock({"FAS-SCR-000001": 1250})

    html = client.get(f"/products/{product.sku}", headers={"Accept-Language": "en"}).get_data(
        as_text=True
    )

    assert "In stock: 1,250" in html
    assert db.session.scalar(select(CachedStock.quantity)) == 1250


def test_a_sold_out_product_says_so(client, erp):
    product = make_product(sku="FAS-SCR-000002")
    erp.set_stock({"FAS-SCR-000002": 0})

    html = client.get(f"/products/{product.sku}", headers={"Accept-Language": "de"}).get_data(
        as_text=True
    )

    assert "Ausverkauft" in html


def test_stock_unknown_while_the_erp_is_down_does_not_break_the_page(client, erp):
    product = make_product()
    erp.stop()

    response = client.get(f"/products/{product.sku}", headers={"Accept-Language": "en"})

    assert response.status_code == 200
    assert "Availability could not be checked just now." in response.get_data(as_text=True)
