"""Stock in real Chromium (§8): a sold-out product offers no "Add to cart" and says why; a
quantity beyond the stock is refused with the available quantity; English, German, and
with JavaScript switched off."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import save_screenshot
from tests.factories import PASSWORD, make_category, make_product, make_user

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    "language, javascript",
    [("en", True), ("de", True), ("en", False)],
    ids=["english", "german", "no-javascript"],
)
def test_sold_out_and_short_products_cannot_be_over_ordered(
    open_page, translate, app_context, erp, language, javascript
):
    category = make_category()
    sold_out = make_product(category, name_en="Washer sold out", name_de="Scheibe ausverkauft")
    short = make_product(category, name_en="Washer short", name_de="Scheibe knapp")
    erp.set_stock({sold_out.sku: 0, short.sku: 3})
    user = make_user(locale=language)
    page = open_page(language, javascript)
    t = lambda message, **values: translate(message, language, **values)  # noqa: E731

    page.goto("/login")
    page.fill("input[name=email]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit] >> text=" + t("Log in"))
    expect(page.locator(".site-header .who")).to_contain_text(user.name)

    page.goto(f"/catalog/{category.slug}")
    sold_out_card = page.locator(".product-card", has_text=sold_out.sku)
    expect(sold_out_card.locator(".sold-out")).to_have_text(t("Sold out"))
    expect(sold_out_card.locator("button[type=submit]")).to_have_count(0)

    page.goto(f"/products/{short.sku}")
    page.fill("input[name=quantity]", "5")
    # The browser's own max check would stop the form first; the server must refuse too.
    page.eval_on_selector("input[name=quantity]", "input => input.removeAttribute('max')")
    page.click("form.add-to-cart button[type=submit]")
    refusal = t("Only %(available)s of %(sku)s are available.", available="3", sku=short.sku)
    if javascript:
        expect(page.locator(".add-result")).to_contain_text(refusal)
    else:
        expect(page.locator(".flash-error")).to_contain_text(refusal)
    expect(page.locator("#cart-count")).to_have_text("0")
    save_screenshot(page, f"stock-journey-{language}-{'js' if javascript else 'nojs'}")
