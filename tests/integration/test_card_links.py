"""Cards build their links and labels once per page (#10), and still say what url_for and
flask-babel say."""

import html
import re

import pytest
from flask import render_template_string, url_for

from shop.extensions import db
from shop.web.labels import unit_label
from shop.web.labels.stock import STOCK_STATE_LABELS
from tests.clients import logged_in
from tests.factories import add_media, make_category, make_product, make_user

# Characters a SKU or file name may hold that a URL must quote (or, some, must not).
ODD_SKU = "ÄB C/1+2&x?y=#%'~"
ODD_FILENAME = "Maß bild (1)+&;=.png"


@pytest.fixture
def odd_product(app_context):
    category = make_category(slug="links")
    product = make_product(category, sku=ODD_SKU)
    image = add_media(product)
    image.filename = ODD_FILENAME
    db.session.commit()
    return product, image


def hrefs(page: str) -> set[str]:
    return {html.unescape(link) for link in re.findall(r'(?:href|src)="([^"]*)"', page)}


def test_a_cards_links_are_those_url_for_builds(app, client, odd_product):
    product, image = odd_product
    with app.test_request_context():
        product_url = url_for("catalog.product", sku=product.sku)
        image_url = url_for(
            "catalog.media", sku=product.sku, media_id=image.id, filename=image.filename
        )

    grid = client.get("/catalog/links").get_data(as_text=True)
    table = client.get("/catalog/links?view=list").get_data(as_text=True)

    assert {product_url, image_url} <= hrefs(grid)
    assert product_url in hrefs(table)
    assert "%C3%84B%20C/1+2&x%3Fy=%23%25'~" in product_url  # the case is a hard one


def test_a_signed_in_buyers_add_to_list_link_is_the_one_url_for_builds(app, odd_product):
    product, _image = odd_product
    buyer = make_user()
    with app.test_request_context():
        expected = url_for("lists.add", sku=product.sku)

    page = logged_in(app, buyer).get("/catalog/links").get_data(as_text=True)

    assert expected in hrefs(page)


@pytest.mark.parametrize("language", ["en", "de"])
def test_labels_on_cards_read_as_flask_babel_translates_them(app, language):
    template = "{% for code in codes %}{{ unit_label(code) }}|{% endfor %}"
    states = "{% for label in labels %}{{ label }}|{% endfor %}"
    codes = ["piece", "pack", "box", "metre", "pair", "litre", "an unknown unit"]

    with app.test_request_context(headers={"Accept-Language": language}):
        rendered = render_template_string(template, codes=codes)
        expected = "".join(f"{unit_label(code)}|" for code in codes)
        rendered_states = render_template_string(
            "{% for a in availabilities %}{{ stock_state_label(a) }}|{% endfor %}",
            availabilities=AVAILABILITIES,
        )
        expected_states = render_template_string(
            states, labels=[str(STOCK_STATE_LABELS[state]) for state in STATES]
        )

    assert rendered == expected
    assert rendered_states == expected_states
    if language == "de":
        assert "Stück|" in rendered


def _availabilities():
    from shop.domain.stock import Availability, stock_state

    # One availability per stock state, in the table's order.
    candidates = [
        Availability(500, False, False),
        Availability(3, False, False),
        Availability(0, False, False),
        Availability(0, True, False),
        Availability(None, False, False),
    ]
    return candidates, [stock_state(a) for a in candidates]


AVAILABILITIES, STATES = _availabilities()
