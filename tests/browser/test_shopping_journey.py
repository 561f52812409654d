"""The shopping journey in real Chromium: browse, search, add to cart, quick order, checkout,
order in /orders; in English, in German, and with JavaScript switched off."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import check_out, log_in, save_screenshot
from tests.factories import make_category, make_product, make_user

pytestmark = pytest.mark.browser


@pytest.fixture
def catalogue(app_context, erp):
    parent = make_category(slug="fasteners", name_en="Fasteners", name_de="Befestigungstechnik")
    child = make_category(
        slug="screws", parent_id=parent.id, name_en="Screws and bolts", name_de="Schrauben"
    )
    bolt = make_product(
        child,
        sku="FAS-SCR-000001",
        name_en="Hex head bolt DIN 933 M8 x 40",
        name_de="Sechskantschraube DIN 933 M8 x 40",
        list_price=Decimal("0.42"),
    )
    nut = make_product(
        child,
        sku="FAS-NUT-000002",
        name_en="Hex nut DIN 934 M8",
        name_de="Sechskantmutter DIN 934 M8",
        list_price=Decimal("0.08"),
    )
    # Enough in stock for the quantities ordered below (the demo data has less of the bolt).
    erp.set_stock({bolt.sku: 500, nut.sku: 1000})
    return {"category": child, "bolt": bolt, "nut": nut}


@pytest.mark.parametrize(
    "language, javascript",
    [("en", True), ("de", True), ("en", False)],
    ids=["english", "german", "no-javascript"],
)
def test_browse_search_cart_quick_order_checkout_and_see_the_order(
    open_page, translate, catalogue, language, javascript
):
    user = make_user(locale=language)
    page = open_page(language, javascript)
    t = lambda message, **values: translate(message, language, **values)  # noqa: E731

    log_in(page, user, t)

    page.click(f"text={t('Catalogue')}")
    page.click(".subcategories a >> nth=0")  # the top category, then its subcategory
    page.click(".subcategories >> text=" + getattr(catalogue["category"], f"name_{language}"))
    expect(page.locator(".product-grid")).to_contain_text(catalogue["nut"].sku)

    page.fill("#site-search", "hex bolt")
    page.press("#site-search", "Enter")
    card = page.locator(".product-card", has_text=catalogue["bolt"].sku)
    expect(card).to_have_count(1)
    card.locator("input[name=quantity]").fill("100")
    card.locator("button[type=submit]").click()
    if javascript:
        expect(card.locator(".add-result")).to_contain_text(t("Added"))
        expect(page.locator("#cart-count")).to_have_text("100")
    else:
        expect(page).to_have_url(re.compile(r".*/cart$"))

    page.click(f"nav >> text={t('Quick order')}")
    page.fill("textarea[name=lines]", f"{catalogue['nut'].sku} 250")
    page.click("form.quick-order button[type=submit]")
    lines = page.locator("table.cart tbody tr")
    expect(lines).to_have_count(2)
    expect(page.locator(".total-net")).to_contain_text("62")  # 100 × 0.42 + 250 × 0.08 = 62.00

    number = check_out(page, t, reference="PO-2026-17")

    page.click(f"nav >> text={t('Orders')}")
    order_row = page.locator("table.orders tbody tr", has_text=number)
    expect(order_row).to_have_count(1)
    expect(order_row).to_contain_text("PO-2026-17")
    save_screenshot(page, f"shopping-journey-{language}-{'js' if javascript else 'nojs'}")
