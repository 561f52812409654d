"""Search in real Chromium (issue #11): a misspelt query still finds the product, and
suggestions appear while typing and open the product; in English and German."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.factories import make_category, make_product

pytestmark = pytest.mark.browser


@pytest.fixture
def catalogue(app_context):
    screws = make_category(slug="screws", name_en="Screws and bolts", name_de="Schrauben")
    bolt = make_product(
        screws,
        sku="FAS-SCR-000001",
        name_en="Hex head bolt DIN 933 M8 x 40",
        name_de="Sechskantschraube DIN 933 M8 x 40",
        list_price=Decimal("14.03"),
    )
    make_product(
        screws,
        sku="FAS-NUT-000002",
        name_en="Hex nut DIN 934 M8",
        name_de="Sechskantmutter DIN 934 M8",
    )
    return bolt


@pytest.mark.parametrize(
    "language, typo, corrected, typing",
    [
        ("en", "blot", "bolt", "hex bo"),
        ("de", "Sechskantschruabe", "sechskantschraube", "Sechskants"),
    ],
    ids=["english", "german"],
)
def test_a_typo_still_finds_the_product_and_suggestions_open_it(
    open_page, translate, catalogue, language, typo, corrected, typing
):
    page = open_page(language)
    t = lambda message, **values: translate(message, language, **values)  # noqa: E731
    name = catalogue.name_en if language == "en" else catalogue.name_de

    page.goto("/")
    page.fill("#site-search", typo)
    page.press("#site-search", "Enter")

    expect(page.locator(".corrected")).to_contain_text(t("Showing results for") + " " + corrected)
    expect(page.locator(".product-card").first).to_contain_text(name)
    expect(page.locator(".corrected a")).to_have_text(
        t("Search instead for “%(query)s”", query=typo)
    )

    page.fill("#site-search", "")
    page.locator("#site-search").press_sequentially(typing, delay=40)
    suggestion = page.locator("#search-suggestions a.suggestion", has_text=name)
    expect(suggestion).to_be_visible()
    expect(page.locator("#search-suggestions")).to_contain_text("FAS-SCR-000001")
    expect(page.locator("#search-suggestions")).to_contain_text(
        "14.03" if language == "en" else "14,03"
    )
    suggestion.click()

    expect(page).to_have_url(re.compile(r"/products/FAS-SCR-000001$"))
    expect(page.locator("h1")).to_contain_text(name)


def test_arrow_keys_walk_the_suggestions_and_escape_closes_them(open_page, catalogue):
    page = open_page("en")
    page.goto("/")
    # On a slow machine "he" may be asked and shown before "hex": walk the last list only.
    with page.expect_response(lambda response: "q=hex" in response.url):
        page.locator("#site-search").press_sequentially("hex", delay=40)
    expect(page.locator("#site-search")).not_to_have_class(re.compile("htmx-request"))
    suggestions = page.locator("#search-suggestions a")
    expect(suggestions.first).to_be_visible()

    page.press("#site-search", "ArrowDown")
    expect(suggestions.first).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(suggestions.nth(1)).to_be_focused()
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    expect(page.locator("#site-search")).to_be_focused()
    page.press("#site-search", "ArrowDown")
    page.keyboard.press("Escape")
    expect(suggestions).to_have_count(0)
    expect(page.locator("#site-search")).to_be_focused()
    page.locator("#site-search").press_sequentially(" bolt", delay=40)
    expect(suggestions.first).to_be_visible()
    page.press("#site-search", "ArrowDown")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/products/FAS-"))
