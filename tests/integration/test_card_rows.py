"""A listing's cards are read as plain rows (#10) and show what the product's ORM entity
would: its first image (not a data sheet, not a later image) and its attributes in order."""

from decimal import Decimal

from flask import render_template_string, url_for

from shop.catalog.cards import product_cards
from shop.extensions import db
from tests.factories import add_media, make_attribute, make_category, make_product


def test_cards_keep_the_order_of_the_ids_and_leave_unknown_ids_out(app_context):
    category = make_category()
    first, second = make_product(category), make_product(category)

    cards = product_cards([second.id, 999_999, first.id])

    assert [card.sku for card in cards] == [second.sku, first.sku]
    assert product_cards([]) == []


def test_a_card_shows_the_products_first_image_as_its_page_does(app, client, app_context):
    category = make_category(slug="card-rows")
    pictured = make_product(category)
    add_media(pictured, kind="datasheet")
    first_image = add_media(pictured)
    later_image = add_media(pictured)
    later_image.filename = "later.png"
    sheet_only = make_product(category)
    add_media(sheet_only, kind="datasheet")
    db.session.commit()
    with app.test_request_context():
        expected = url_for(
            "catalog.media", sku=pictured.sku, media_id=first_image.id, filename="pic.png"
        )

    page = client.get("/catalog/card-rows").get_data(as_text=True)
    cards = {card.sku: card for card in product_cards([pictured.id, sheet_only.id])}

    assert f'src="{expected}"' in page
    assert f"/media/{later_image.id}/" not in page
    assert cards[pictured.sku].image.id == pictured.image.id == first_image.id
    assert cards[sheet_only.sku].image is None
    assert page.count("<img ") == 1


def test_the_list_view_shows_a_products_first_attributes_in_their_order(client, app_context):
    category = make_category(slug="card-attributes")
    product = make_product(category)
    make_attribute(product, "material", "steel", "Stahl", position=2)
    make_attribute(product, "thread", "M8", position=1)
    make_attribute(product, "finish", "zinc", "verzinkt", position=3)
    make_attribute(product, "hidden", "fourth", position=4)
    bare = make_product(category)

    english = client.get(
        "/catalog/card-attributes?view=list", headers={"Accept-Language": "en"}
    ).get_data(as_text=True)
    german = client.get(
        "/catalog/card-attributes?view=list", headers={"Accept-Language": "de"}
    ).get_data(as_text=True)
    cards = {card.sku: card for card in product_cards([product.id, bare.id], True)}

    assert "Thread: M8</span> · <span>Material: steel</span> · <span>Finish: zinc" in english
    assert "Material: Stahl</span> · <span>Finish: verzinkt" in german
    assert "fourth" not in english
    assert [a.value_en for a in cards[product.sku].attributes] == ["M8", "steel", "zinc", "fourth"]
    assert cards[bare.sku].attributes == ()


def test_a_cached_vat_rate_text_follows_each_requests_locale(app):
    template = "{{ rate | percent }}|{{ other | percent }}"
    rates = {"rate": Decimal("7.50"), "other": Decimal("19.00")}
    written = []

    for language in ["en", "de", "en", "de"]:
        with app.test_request_context(headers={"Accept-Language": language}):
            written.append(render_template_string(template, **rates))

    assert written == ["7.5 %|19 %", "7,5 %|19 %"] * 2
