"""Product cards and facet panels written once per process and kept under all they are made
of (#10): a listing's second request writes none of them anew, yet whatever changes what a
card or panel says (language, login, rights, price, stock, name, counts) shows at once, and
no buyer's card carries another session's form token."""

import re

import pytest
from jinja2 import Template
from sqlalchemy import update

from shop.domain.rights import PredefinedRole
from shop.extensions import db
from shop.models import CachedStock, Product, ProductAttribute, User
from shop.models.clock import utcnow
from tests.clients import logged_in
from tests.conftest import csrf_token_from
from tests.factories import (
    make_attribute,
    make_category,
    make_company,
    make_main_contact,
    make_product,
    make_user,
)

CARD = re.compile(r'<li class="product-card">.*?</li>', re.S)
FACETS = re.compile(r'<div class="facets">.*?\n</div>', re.S)
SKU = re.compile(r'class="sku">SKU ([^<]+)<')
CARD_TOKEN = re.compile(r'<form class="add-to-cart".*?name="csrf_token" value="([^"]+)"', re.S)


@pytest.fixture
def shelf(app_context):
    category = make_category(slug="kept-cards")
    for number, (material, material_de) in enumerate(
        [("steel", "Stahl"), ("brass", "Messing"), ("steel", "Stahl")]
    ):
        product = make_product(
            category, sku=f"KEPT-CARD-{number}", name_en=f"Kept washer {number}", list_price=10
        )
        make_attribute(product, "material", material, material_de)
        db.session.add(CachedStock(sku=product.sku, quantity=5 + number, fetched_at=utcnow()))
    db.session.commit()
    return category


def written(app) -> tuple[int, int]:
    return app.extensions["kept_cards"].written, app.extensions["kept_facets"].written


def unsigned(html: str) -> str:
    return re.sub(r'value="[\w.-]{40,}"|"X-CSRFToken": "[^"]+"', "", html)


def cards(html: str) -> list[str]:
    return CARD.findall(html)


def test_a_listings_second_request_writes_no_card_or_facet_panel_anew(app, shelf, client):
    # The first visit may note the ERP's first answers (stock levels), which the next shows.
    client.get("/catalog/kept-cards", headers={"Accept-Language": "en"})
    first = client.get("/catalog/kept-cards", headers={"Accept-Language": "en"})
    before = written(app)

    second = client.get("/catalog/kept-cards", headers={"Accept-Language": "en"})

    assert written(app) == before
    assert len(cards(second.get_data(as_text=True))) == 3
    # The same page but for the form tokens, which are signed with the second they were made.
    assert unsigned(second.get_data(as_text=True)) == unsigned(first.get_data(as_text=True))


def test_a_listing_whose_pieces_are_all_kept_imports_no_template_of_theirs(
    app, shelf, client, monkeypatch
):
    # Importing the card template runs its top level (rights, URLs, a dozen translations):
    # ~3 % of a catalogue page, for nothing when every card is kept.
    client.get("/catalog/kept-cards", headers={"Accept-Language": "en"})
    client.get("/catalog/kept-cards", headers={"Accept-Language": "en"})
    imported: list[str] = []
    make_module = Template.make_module

    def recording(template, *args, **kwargs):
        imported.append(template.name)
        return make_module(template, *args, **kwargs)

    monkeypatch.setattr(Template, "make_module", recording)

    page = client.get("/catalog/kept-cards", headers={"Accept-Language": "en"})

    assert len(cards(page.get_data(as_text=True))) == 3
    pieces = {"catalog/_partials/product.html", "catalog/_partials/facets.html"}
    assert not pieces & set(imported), imported
    assert "_partials/header.html" not in imported


def test_kept_markup_is_what_the_templates_write(app, shelf):
    buyer = logged_in(app, make_user(make_company()))
    paths = ["/catalog/kept-cards", "/catalog/kept-cards?f.material=brass", "/search?q=kept+washer"]
    pages = {}
    for kept in (True, False):
        # Reloading templates writes every piece anew (as in development).
        app.jinja_env.auto_reload = not kept
        try:
            for client in (app.test_client(), buyer):
                for language in ("en", "de"):
                    for path in paths:
                        for _visit in (1, 2):
                            html = client.get(path, headers={"Accept-Language": language})
                            html = re.sub(r'value="[\w.-]{40,}"', "", html.get_data(as_text=True))
                            html = re.sub(r'"X-CSRFToken": "[^"]+"', "", html)
                            pages.setdefault((id(client), language, path), set()).add(html)
        finally:
            app.jinja_env.auto_reload = False

    assert all(len(versions) == 1 for versions in pages.values())


def test_each_buyer_gets_cards_with_the_token_of_their_own_session(app, shelf):
    company = make_company()
    first, second = (logged_in(app, make_user(company)) for _ in range(2))

    for client in (first, second, first):
        html = client.get("/catalog/kept-cards").get_data(as_text=True)

        tokens = set(CARD_TOKEN.findall(html))
        assert tokens == {csrf_token_from(html)}
    # The tokens are the sessions' own: a form of one is refused in the other's session.
    token = csrf_token_from(first.get("/catalog/kept-cards").get_data(as_text=True))
    form = {"sku": "KEPT-CARD-0", "quantity": 1, "csrf_token": token}
    refused = second.post("/cart/add", data=form)
    assert refused.status_code == 400


def test_cards_follow_language_login_and_rights(app, shelf, client):
    technician = make_user(make_company(), roles=(PredefinedRole.SERVICE_TECHNICIAN,))
    buyer = make_user(make_company())

    def shown(language: str) -> list[str]:
        html = client.get("/catalog/kept-cards", headers={"Accept-Language": language})
        return cards(html.get_data(as_text=True))

    english, german = shown("en"), shown("de")
    as_buyer = cards(logged_in(app, buyer).get("/catalog/kept-cards").data.decode())
    as_technician = cards(logged_in(app, technician).get("/catalog/kept-cards").data.decode())

    assert "Log in to order" in english[0] and "List price" in english[0]
    assert "Zum Bestellen anmelden" in german[0]
    assert 'class="add-to-cart"' in as_buyer[0] and "Log in to order" not in as_buyer[0]
    assert 'class="price"' not in as_technician[0] and 'class="add-to-cart"' not in as_technician[0]


def test_a_changed_price_name_or_stock_shows_on_the_next_request(app, shelf, client):
    client.get("/catalog/kept-cards", headers={"Accept-Language": "en"})

    with db.engine.begin() as connection:
        connection.execute(
            update(Product)
            .where(Product.sku == "KEPT-CARD-0")
            .values(list_price=12.5, name_en="Renamed washer")
        )
        connection.execute(
            update(CachedStock).where(CachedStock.sku == "KEPT-CARD-1").values(quantity=0)
        )
    html = client.get("/catalog/kept-cards", headers={"Accept-Language": "en"}).data.decode()

    changed = {SKU.search(card)[1]: card for card in cards(html)}
    assert "Renamed washer" in changed["KEPT-CARD-0"] and "12.50" in changed["KEPT-CARD-0"]
    assert "Sold out" in changed["KEPT-CARD-1"]


def test_facet_panels_follow_counts_labels_and_choices(app, shelf, client):
    def panel(path: str, language: str = "en") -> str:
        html = client.get(path, headers={"Accept-Language": language}).get_data(as_text=True)
        return FACETS.search(html)[0]

    plain, chosen = panel("/catalog/kept-cards"), panel("/catalog/kept-cards?f.material=brass")
    assert "(2)" in plain and "checked" not in plain and "checked" in chosen
    assert "Messing" in panel("/catalog/kept-cards", "de")

    with db.engine.begin() as connection:
        connection.execute(
            update(ProductAttribute)
            .where(ProductAttribute.value_en == "brass")
            .values(value_de="Gelbmessing")
        )
        connection.execute(
            update(CachedStock).where(CachedStock.sku == "KEPT-CARD-2").values(quantity=0)
        )

    assert "Gelbmessing" in panel("/catalog/kept-cards", "de")
    assert 'In stock only <span class="facet-count">(2)' in panel("/catalog/kept-cards")


HEADER = re.compile(r'<header class="site-header">.*?</header>', re.S)
HEADER_TOKENS = re.compile(r'name="csrf_token" value="([^"]+)"')


def header(client, path: str = "/catalog/kept-cards", language: str = "en") -> str:
    html = client.get(path, headers={"Accept-Language": language}).get_data(as_text=True)
    return HEADER.search(html)[0]


def test_a_pages_second_request_writes_no_header_anew(app, shelf):
    buyer = logged_in(app, make_user(make_company()))
    header(buyer)
    before = app.extensions["kept_headers"].written

    again = header(buyer)

    assert app.extensions["kept_headers"].written == before
    assert 'id="cart-count" class="badge">0<' in again


def test_the_header_follows_the_cart_the_name_the_language_and_the_page(app, shelf):
    user = make_user(make_company(name="Kept Header GmbH"), name="Kim Kept")
    buyer = logged_in(app, user)
    assert "Kim Kept · Kept Header GmbH" in header(buyer)
    token = csrf_token_from(buyer.get("/cart").get_data(as_text=True))

    buyer.post("/cart/add", data={"sku": "KEPT-CARD-0", "quantity": 3, "csrf_token": token})
    with db.engine.begin() as connection:
        connection.execute(update(User).where(User.id == user.id).values(name="Kim Renamed"))

    shown = header(buyer)
    assert 'class="badge">3<' in shown and "Kim Renamed · Kept Header GmbH" in shown
    assert 'value="/catalog/kept-cards?page=2"' in header(buyer, "/catalog/kept-cards?page=2")
    assert ">Warenkorb <" in header(buyer, language="de")
    searched = header(buyer, "/search?q=%3Cb%3Ewasher")
    assert 'name="q" value="&lt;b&gt;washer"' in searched
    assert 'name="q" value=""' in header(buyer)


def test_every_session_gets_its_own_token_in_the_header(app, shelf, client):
    company = make_company()
    first, second = (logged_in(app, make_user(company, name="Same Name")) for _ in range(2))

    for browser in (first, second, first, client, app.test_client()):
        html = browser.get("/catalog/kept-cards").get_data(as_text=True)

        assert set(HEADER_TOKENS.findall(HEADER.search(html)[0])) == {csrf_token_from(html)}


def test_the_header_follows_the_users_rights(app, shelf, client):
    company = make_company()
    technician = make_user(company, roles=(PredefinedRole.SERVICE_TECHNICIAN,))
    approver = make_user(company, roles=(PredefinedRole.APPROVER,))

    anonymous = header(client)
    as_technician = header(logged_in(app, technician))
    as_approver = header(logged_in(app, approver))

    assert ">Log in<" in anonymous and "cart-count" not in anonymous
    assert "cart-count" not in as_technician and ">Approvals<" not in as_technician
    assert ">Approvals<" in as_approver


USER_LIST = re.compile(r'<div id="user-list".*?</table>', re.S)


def user_list(client, path: str = "/customer-center/users") -> str:
    html = client.get(path, headers={"Accept-Language": "en"}).get_data(as_text=True)
    return USER_LIST.search(html)[0]


def test_a_user_lists_second_request_neither_words_nor_writes_it_anew(app, app_context):
    company = make_company()
    main = logged_in(app, make_main_contact(company))
    make_user(company, name="Kept Colleague")
    user_list(main)
    before = app.extensions["kept_lists"].written

    again = user_list(main)

    assert app.extensions["kept_lists"].written == before
    assert "Kept Colleague" in again


def test_the_user_list_follows_its_users_and_whose_list_it_is(app, app_context):
    company = make_company()
    first = make_main_contact(company, name="First Main")
    second = make_main_contact(company, name="Second Main")
    colleague = make_user(company, name="Kept Colleague")
    invited = make_user(company, name="Ines Invited", password_hash=None)
    first_browser, second_browser = logged_in(app, first), logged_in(app, second)

    def row(html: str, user) -> str:
        return re.search(rf'<tr id="user-{user.id}".*?</tr>', html, re.S)[0]

    pages = [
        browser.get("/customer-center/users").get_data(as_text=True)
        for browser in (first_browser, second_browser)
    ]
    as_first, as_second = (USER_LIST.search(page)[0] for page in pages)
    # Nobody deactivates themselves: each sees the button in the other's row only.
    assert "Deactivate" not in row(as_first, first) and "Deactivate" in row(as_first, second)
    assert "Deactivate" not in row(as_second, second) and "Deactivate" in row(as_second, first)
    for page, listed in zip(pages, (as_first, as_second), strict=True):
        assert set(HEADER_TOKENS.findall(row(listed, invited))) == {csrf_token_from(page)}
    assert csrf_token_from(pages[0]).split(".")[0] != csrf_token_from(pages[1]).split(".")[0]

    with db.engine.begin() as connection:
        connection.execute(
            update(User)
            .where(User.id == colleague.id)
            .values(name="Renamed Colleague", active=False)
        )

    changed = row(user_list(first_browser), colleague)
    assert "Renamed Colleague" in changed and ">Activate<" in changed
