"""Work the catalogue page no longer does on every request, and its cards' one source of
markup (#10)."""

import re

import pytest
from sqlalchemy import event, select

from shop.domain.rights import PredefinedRole
from shop.extensions import db
from shop.models import CachedStock, Product
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


@pytest.fixture
def orm_statements(app_context):
    """Statements sent through the ORM's execution layer while the test runs."""
    sent: list = []

    def record(orm_state):
        sent.append(orm_state.statement)

    event.listen(db.session, "do_orm_execute", record)
    yield sent
    event.remove(db.session, "do_orm_execute", record)


def test_the_catalogue_reads_its_page_without_the_orms_execution_layer(client, orm_statements):
    category = make_category()
    for number in range(30):
        make_product(category, sku=f"WORK-{number:02d}", name_en=f"Washer {number:02d}")
    client.get("/catalog?page=2")  # the ERP's first stock levels are noted once
    orm_statements.clear()

    html = client.get("/catalog?page=2", headers={"Accept-Language": "en"}).get_data(as_text=True)

    # Its ids were read through the ORM, with a statement built anew on every request.
    assert [str(statement) for statement in orm_statements] == []
    assert re.findall(r"Washer (\d\d)</span>", html) == [f"{n:02d}" for n in range(24, 30)]


@pytest.mark.parametrize("sort", ["name", "sku", "price_asc", "price_desc"])
@pytest.mark.parametrize("language", ["en", "de"])
def test_every_catalogue_page_lists_what_a_plain_query_lists(client, app_context, sort, language):
    category = make_category()
    hidden = make_category(live=False)
    for number in range(30):
        make_product(
            category,
            sku=f"PLAIN-{(number * 7) % 30:02d}",
            name_en=f"Bolt {number % 9}",
            name_de=f"Schraube {(number * 5) % 11}",
            list_price=number % 4 + 1,
        )
    make_product(category, sku="PLAIN-WITHDRAWN", published=False)
    make_product(hidden, sku="PLAIN-HIDDEN")
    order = {
        "name": (getattr(Product, f"name_{language}"), Product.id),
        "sku": (Product.sku,),
        "price_asc": (Product.list_price, Product.id),
        "price_desc": (Product.list_price.desc(), Product.id),
    }[sort]
    expected = db.session.scalars(
        select(Product.sku).where(Product.category_id == category.id).order_by(*order)
    ).all()
    expected = [sku for sku in expected if sku != "PLAIN-WITHDRAWN"]

    shown = []
    for page in (1, 2):
        html = client.get(
            f"/catalog?sort={sort}&page={page}", headers={"Accept-Language": language}
        ).get_data(as_text=True)
        shown += re.findall(r'<span class="sku">\w+ (PLAIN-[\w-]+)</span>', html)

    assert shown == expected


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


def test_a_logged_in_page_works_out_the_users_rights_once(app, app_context, monkeypatch):
    from shop.models import User

    buyer = logged_in(app, make_user(make_company()))
    worked_out = []
    rights = User.rights.fget

    def counted(user):
        worked_out.append(user.id)
        return rights(user)

    monkeypatch.setattr(User, "rights", property(counted))

    html = buyer.get("/account", headers={"Accept-Language": "en"}).get_data(as_text=True)

    # The header asked each right anew, through the login proxy: four times for a buyer.
    assert len(worked_out) == 1
    assert ">Quick order<" in html and ">Orders<" in html and 'id="cart-count"' in html
    assert ">Approvals<" not in html


def test_a_category_pages_repeat_builds_no_statement_of_its_listing(client, monkeypatch):
    from shop.catalog import queries

    category = make_category(slug="built-once")
    for number in range(30):
        make_product(category, sku=f"ONCE-{number:02d}", name_en=f"Nut {number:02d}")
    db.session.commit()
    client.get("/catalog/built-once?page=2")
    built = []
    select_of_queries = queries.select

    def counted(*columns):
        built.append(columns)
        return select_of_queries(*columns)

    monkeypatch.setattr(queries, "select", counted)

    html = client.get("/catalog/built-once?page=2", headers={"Accept-Language": "en"})

    # The scope's conditions and an unused count and order were built for every request (#10).
    assert built == []
    assert re.findall(r"Nut (\d\d)</span>", html.get_data(as_text=True)) == [
        f"{n:02d}" for n in range(24, 30)
    ]
