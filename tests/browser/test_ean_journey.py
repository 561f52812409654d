"""An EAN typed (or scanned) into the header's search opens its product, which shows the EAN
with its label (issue #11); in English and German, and without JavaScript."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import make_category, make_product

pytestmark = pytest.mark.browser

EAN = "4006381333931"


@pytest.fixture
def bolt(app_context):
    screws = make_category(slug="screws", name_en="Screws and bolts", name_de="Schrauben")
    return make_product(
        screws,
        sku="FAS-SCR-000001",
        ean=EAN,
        name_en="Hex head bolt DIN 933 M8 x 40",
        name_de="Sechskantschraube DIN 933 M8 x 40",
    )


@pytest.mark.parametrize(
    "language, javascript",
    [("en", True), ("de", True), ("en", False)],
    ids=["english", "german", "english-without-javascript"],
)
def test_an_ean_in_the_search_field_opens_its_product(
    open_page, translate, bolt, language, javascript
):
    page = open_page(language, javascript=javascript)
    name = bolt.name_en if language == "en" else bolt.name_de

    page.goto("/")
    page.fill("#site-search", f"{EAN[:1]} {EAN[1:7]} {EAN[7:]}")  # as printed under a barcode
    page.press("#site-search", "Enter")

    expect(page).to_have_url(re.compile(r"/products/FAS-SCR-000001$"))
    expect(page.locator("h1")).to_contain_text(name)
    expect(page.locator(".ean")).to_have_text(f"{translate('EAN', language)} {EAN}")
