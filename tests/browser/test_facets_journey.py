"""Filtering a category in real Chromium (#11): with JavaScript the listing is swapped in
place without losing the scroll position and the URL follows (back works); without it the
form's Apply button does the same."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import save_screenshot
from tests.factories import make_attribute, make_category, make_product

pytestmark = pytest.mark.browser

MATERIALS = {"steel": "Stahl", "brass": "Messing"}


@pytest.mark.parametrize(
    "language, javascript",
    [("en", True), ("de", True), ("en", False)],
    ids=["english", "german", "no-javascript"],
)
def test_a_buyer_filters_a_category_by_material_and_in_stock(
    open_page, translate, app_context, language, javascript
):
    category = make_category()
    products = {}
    for name, material in [("Bolt A", "steel"), ("Bolt B", "brass"), ("Bolt C", "brass")]:
        product = make_product(category, name_en=name, name_de=name)
        make_attribute(
            product,
            "material",
            material,
            MATERIALS[material],
            label_en="Material",
            label_de="Werkstoff",
        )
        products[name] = product
    page = open_page(language, javascript)
    t = lambda message, **values: translate(message, language, **values)  # noqa: E731
    brass = "Messing" if language == "de" else "brass"

    # A low window, so the facet the buyer ticks lies below the fold.
    page.set_viewport_size({"width": 1000, "height": 400})
    page.goto(f"/catalog/{category.slug}")
    expect(page.locator(".product-card")).to_have_count(3)
    if javascript:
        page.evaluate("window.stillTheSamePage = true")
    facet = page.locator("#facet-material")
    value = page.locator("#facet-material label", has_text=brass)
    value.scroll_into_view_if_needed()
    scrolled = page.evaluate("window.scrollY")
    value.click()
    if not javascript:
        page.click(f"#listing-form button[type=submit] >> text={t('Apply')}")

    expect(page).to_have_url(re.compile(rf"/catalog/{category.slug}\?.*f\.material=brass"))
    expect(page.locator(".product-card")).to_have_count(2)
    expect(page.locator("#facet-material input[value=brass]")).to_be_checked()
    expect(page.locator("#facet-material label", has_text=brass)).to_contain_text("(2)")
    if javascript:
        assert page.evaluate("window.stillTheSamePage") is True  # swapped, not reloaded
        # The page does not jump to its top: the ticked facet stays in view (the listing got
        # shorter, so the browser may shift it by a few lines).
        assert scrolled > 0
        assert page.evaluate("window.scrollY") > 0
        assert 0 <= facet.bounding_box()["y"] < 400
        page.select_option("#sort", "sku")
        expect(page).to_have_url(re.compile(r"sort=sku.*f\.material=brass"))
        page.go_back()
        page.go_back()
        expect(page.locator(".product-card")).to_have_count(3)
        expect(page.locator("#facet-material input[value=brass]")).not_to_be_checked()
    save_screenshot(page, f"facets-journey-{language}-{'js' if javascript else 'nojs'}")
