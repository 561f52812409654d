"""Search pages of issue #11: exact SKU opens the product, typo banner, suggestions."""

from decimal import Decimal

from shop.catalog import views
from shop.domain.rights import PredefinedRole
from shop.extensions import db
from shop.models import CachedPrice
from shop.models.clock import utcnow
from tests.factories import make_category, make_company, make_product, make_user

EN = {"Accept-Language": "en"}
HTMX = {"HX-Request": "true", "Accept-Language": "en"}


def soap_calls(erp, operation: str = "GetPrices") -> int:
    return erp.control("status")["soapCallsByOperation"].get(operation, 0)


def test_an_exact_sku_opens_the_product_page_in_any_case(client):
    make_product(sku="FAS-SCR-000777", name_en="Hex head bolt M8")

    typed = client.get("/search?q=FAS-SCR-000777")
    lower = client.get("/search?q=fas-scr-000777")
    htmx = client.get("/search?q=FAS-SCR-000777", headers=HTMX)

    assert typed.status_code == lower.status_code == 302
    assert typed.headers["Location"] == lower.headers["Location"] == "/products/FAS-SCR-000777"
    assert htmx.status_code == 204 and htmx.headers["HX-Redirect"] == "/products/FAS-SCR-000777"
    assert "HX-Request" in typed.headers["Vary"]


def test_a_sku_prefix_lists_the_matching_products(client):
    make_product(sku="FAS-SCR-000777", name_en="Hex head bolt M8")
    make_product(sku="FAS-SCR-000778", name_en="Hex head bolt M10")

    page = client.get("/search?q=FAS-SCR-00077", headers=EN)

    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Hex head bolt M8" in html and "Hex head bolt M10" in html


def test_an_unpublished_products_sku_does_not_open_it(client):
    make_product(sku="FAS-SCR-000779", published=False)

    page = client.get("/search?q=FAS-SCR-000779", headers=EN)

    assert page.status_code == 200
    assert "No product matches" in page.get_data(as_text=True)


def test_a_misspelt_query_shows_results_for_the_close_spelling_with_a_way_back(client):
    make_product(name_en="Hex head bolt M8", name_de="Sechskantschraube M8")
    make_product(name_en="Countersunk screw M4", name_de="Senkschraube M4")

    blot = client.get("/search?q=blot", headers=EN).get_data(as_text=True)
    scrw = client.get("/search?q=scrw", headers=EN).get_data(as_text=True)
    as_typed = client.get("/search?q=blot&as_typed=1", headers=EN).get_data(as_text=True)

    assert "Showing results for <em>bolt</em>" in blot and "Hex head bolt M8" in blot
    assert "/search?q=blot&amp;as_typed=1" in blot and "Search instead for “blot”" in blot
    assert "Showing results for <em>screw</em>" in scrw and "Countersunk screw M4" in scrw
    assert "Showing results for" not in as_typed and "No product matches" in as_typed


def test_a_prefix_is_no_typo(client):
    make_product(name_en="Hex head bolt M8", name_de="Sechskantschraube M8")

    html = client.get("/search?q=Schraub", headers=EN).get_data(as_text=True)

    assert "Hex head bolt M8" in html
    assert "Showing results for" not in html


def test_the_typo_banner_is_german_for_german_readers(client):
    make_product(name_en="Hex head bolt M8", name_de="Sechskantschraube M8")

    html = client.get("/search?q=Sechskantschruabe", headers={"Accept-Language": "de"})

    text = html.get_data(as_text=True)
    assert "Ergebnisse für <em>sechskantschraube</em>" in text
    assert "Stattdessen nach „Sechskantschruabe“ suchen" in text


def test_suggestions_show_products_with_sku_and_list_price_and_matching_categories(client):
    category = make_category(slug="screws", name_en="Screws & bolts", name_de="Schrauben")
    make_product(
        category, sku="FAS-SCR-000001", name_en="Hex head bolt M8", list_price=Decimal("14.03")
    )

    html = client.get("/search/suggestions?q=bolt", headers=HTMX).get_data(as_text=True)

    assert "Hex head bolt M8" in html and "FAS-SCR-000001" in html
    assert "€14.03" in html and "list price" in html
    assert 'href="/catalog/screws"' in html
    assert 'href="/products/FAS-SCR-000001"' in html


def test_suggestions_for_nothing_or_no_match_are_empty(client):
    make_product(name_en="Hex head bolt M8")

    empty = client.get("/search/suggestions?q=", headers=HTMX)
    nothing = client.get("/search/suggestions?q=xylophone", headers=HTMX)

    assert empty.status_code == nothing.status_code == 200
    assert empty.get_data(as_text=True).strip() == nothing.get_data(as_text=True).strip() == ""


def test_suggestions_forgive_a_typo(client):
    make_product(name_en="Hex head bolt M8")

    html = client.get("/search/suggestions?q=blot", headers=HTMX).get_data(as_text=True)

    assert "Hex head bolt M8" in html


def test_suggestions_show_no_price_to_a_service_technician(client, login_as):
    make_product(sku="FAS-SCR-000001", name_en="Hex head bolt M8", list_price=Decimal("14.03"))
    login_as(make_user(make_company(), roles=(PredefinedRole.SERVICE_TECHNICIAN,)))

    html = client.get("/search/suggestions?q=bolt", headers=HTMX).get_data(as_text=True)

    assert "Hex head bolt M8" in html
    assert "€" not in html and "price" not in html


def test_suggestions_show_the_buyers_cached_price_and_never_call_the_erp(client, login_as, erp):
    product = make_product(sku="FAS-SCR-000001", name_en="Hex head bolt M8")
    own, other = make_company(customer_number="10002"), make_company()
    for company, price in ((own, "9.99"), (other, "7.77")):
        db.session.add(
            CachedPrice(
                company_id=company.id,
                sku=product.sku,
                net_price=Decimal(price),
                currency="EUR",
                fetched_at=utcnow(),
            )
        )
    db.session.commit()
    login_as(make_user(own))
    before = soap_calls(erp)

    html = client.get("/search/suggestions?q=bolt", headers=HTMX).get_data(as_text=True)

    assert "€9.99" in html and "list price" not in html
    assert "€7.77" not in html  # another company's price
    assert soap_calls(erp) == before


def test_suggestions_give_the_list_price_when_nothing_is_cached_without_asking_the_erp(
    client, login_as, erp
):
    make_product(sku="FAS-SCR-000001", name_en="Hex head bolt M8", list_price=Decimal("14.03"))
    login_as(make_user(make_company(customer_number="10002")))
    before = soap_calls(erp)

    html = client.get("/search/suggestions?q=bolt", headers=HTMX).get_data(as_text=True)

    assert "€14.03" in html and "list price" in html
    assert soap_calls(erp) == before


def test_the_header_search_field_asks_for_suggestions_while_typing(client):
    html = client.get("/", headers=EN).get_data(as_text=True)

    assert 'hx-get="/search/suggestions"' in html
    assert 'hx-trigger="input changed delay:250ms"' in html
    assert 'id="search-suggestions"' in html and 'aria-live="polite"' in html


def test_suggestions_without_htmx_send_the_browser_to_the_search_page(client):
    response = client.get("/search/suggestions?q=bolt", headers=EN)

    assert response.status_code == 302
    assert response.headers["Location"] == "/search?q=bolt"


def test_a_size_typed_as_one_word_finds_the_product_whose_name_spaces_it(client):
    # Issue #11's buyers search "DIN 933 M8x30"; the catalogue writes "M8 x 30".
    named = [
        ("BOLT-A", "Hex head bolt DIN 933, M8 x 40, steel 8.8"),
        ("BOLT-B", "Hex head bolt DIN 933, M8 x 20, steel 8.8"),
        ("CABLE-A", "NYM-J 3x1.5 mm², installation cable"),
    ]
    bolt, _, cable = [make_product(sku=sku, name_en=name, name_de=name) for sku, name in named]

    page = client.get("/search?q=DIN 933 M8x40", headers=EN).get_data(as_text=True)
    suggested = client.get("/search/suggestions?q=m8x4", headers=HTMX).get_data(as_text=True)
    glued = client.get("/search?q=nym 3x1", headers=EN).get_data(as_text=True)

    assert bolt.sku in page and "M8 x 20" not in page
    assert bolt.sku in suggested and "M8 x 20" not in suggested
    assert cable.sku in glued


def test_pages_run_on_from_name_matches_to_description_matches(app_context):
    from shop.catalog.search import search_products

    named = [make_product(name_en=f"Anchor bolt {n}", description_en="Steel.") for n in "AB"]
    described = [make_product(name_en=f"Frame {n}", description_en="For a bolt.") for n in "CD"]
    prefixed = make_product(name_en="Boltless shelf", description_en="Steel.")

    pages = [search_products("bolt", number, 2) for number in (1, 2, 3)]

    assert [p.total for p in pages] == [5, 5, 5]
    assert {p.sku for p in pages[0].items} == {p.sku for p in named}
    assert [p.sku for p in pages[1].items][0] == prefixed.sku
    assert {p.sku for p in pages[1].items[1:] + pages[2].items} == {p.sku for p in described}


def test_a_search_matching_many_products_loads_only_the_page_it_shows(client, app, monkeypatch):
    category = make_category()
    for number in range(60):
        make_product(category, sku=f"LOAD-{number:03d}", name_en=f"Hex bolt M{number}")
    loaded = []
    read_cards = views.product_cards

    def listen(ids, *args):
        cards = read_cards(ids, *args)
        loaded.extend(card.sku for card in cards)
        return cards

    monkeypatch.setattr(views, "product_cards", listen)
    page = client.get("/search?q=bolt", headers=EN)

    assert page.status_code == 200
    shown = app.config["PAGE_SIZE"]
    assert page.get_data(as_text=True).count('class="product-card') == shown
    # The facets count all 60 matches from their ids; only the cards shown are loaded.
    assert len(loaded) == shown
