"""Shopping lists in real Chromium (#15): a service technician builds a list from the search
results and a product page without seeing a price, and shares it; a buyer of the same company
opens it, puts it into the cart and checks out. English, German, and without JavaScript."""

import re
from decimal import Decimal

import pytest
from flask_babel import force_locale, ngettext
from playwright.sync_api import expect

from shop.domain.rights import PredefinedRole
from tests.browser.conftest import check_out, log_in, save_screenshot
from tests.factories import make_category, make_company, make_product, make_user

pytestmark = pytest.mark.browser

LIST_NAME = "Pump service"


@pytest.fixture
def catalogue(app_context, erp):
    category = make_category(slug="pumps", name_en="Pumps", name_de="Pumpen")
    impeller = make_product(
        category,
        sku="PMP-IMP-000001",
        name_en="Impeller for circulation pump",
        name_de="Laufrad für Umwälzpumpe",
        list_price=Decimal("48.00"),
    )
    seal = make_product(
        category,
        sku="PMP-SEA-000002",
        name_en="Shaft seal for circulation pump",
        name_de="Wellendichtung für Umwälzpumpe",
        list_price=Decimal("12.50"),
    )
    erp.set_stock({impeller.sku: 20, seal.sku: 50})
    return {"impeller": impeller, "seal": seal}


def in_cart(app, language: str, lines: int) -> str:
    with app.test_request_context(), force_locale(language):
        return ngettext(
            "%(num)s line is in your cart now.", "%(num)s lines are in your cart now.", lines
        )


def open_lists(page, t) -> None:
    page.locator(".site-nav").get_by_role("link", name=t("Lists"), exact=True).click()
    expect(page.locator("h1")).to_have_text(t("Shopping lists"))


@pytest.mark.parametrize(
    "language, javascript",
    [("en", True), ("de", True), ("en", False)],
    ids=["english", "german", "no-javascript"],
)
def test_a_technician_shares_a_list_and_a_buyer_orders_it(
    app, open_page, translate, catalogue, language, javascript
):
    company = make_company()
    technician = make_user(
        company,
        roles=(PredefinedRole.SERVICE_TECHNICIAN,),
        name="Tom Technician",
        locale=language,
    )
    buyer = make_user(company, name="Bea Buyer", locale=language)
    t = lambda message, **values: translate(message, language, **values)  # noqa: E731
    added = t("Added to the list “%(name)s”.", name=LIST_NAME)
    impeller, seal = catalogue["impeller"], catalogue["seal"]

    # The technician: from a search result's card, a new list named on the way.
    page = open_page(language, javascript)
    log_in(page, technician, t)
    page.fill("#site-search", "circulation pump" if language == "en" else "Umwälzpumpe")
    page.press("#site-search", "Enter")
    card = page.locator(".product-card", has_text=impeller.sku)
    expect(card).to_have_count(1)
    expect(card.locator(".price")).to_have_count(0)
    card.locator(".add-to-list-link").click()
    page.fill("input[name='list-new_name']", LIST_NAME)
    page.fill("input[name='list-quantity']", "2")
    page.fill("input[name='list-note']", "hall 2")
    page.click("form.add-to-list button[type=submit]")
    if javascript:
        expect(page.locator(".list-add-result")).to_contain_text(added)
    else:
        expect(page.locator(".flash-success")).to_contain_text(added)

    # From the product page, onto the list just made.
    page.goto(f"/products/{seal.sku}")
    expect(page.locator(".price")).to_have_count(0)
    page.click("details.add-to-list-box summary")
    expect(page.locator("select[name='list-target']")).to_contain_text(LIST_NAME)
    page.fill("input[name='list-quantity']", "4")
    page.click("form.add-to-list button[type=submit]")
    if javascript:
        expect(page.locator(".list-add-result")).to_contain_text(added)
    else:
        expect(page.locator(".flash-success")).to_contain_text(added)

    open_lists(page, t)
    page.get_by_role("link", name=LIST_NAME).click()
    rows = page.locator("table.shopping-list tbody tr")
    expect(rows).to_have_count(2)
    assert "€" not in page.locator("main").inner_text()
    expect(page.get_by_role("button", name=t("Add the whole list to the cart"))).to_have_count(0)
    page.click("details.list-settings summary")
    page.get_by_role("button", name=t("Share with my company")).click()
    expect(page.locator(".flash-success")).to_contain_text(
        t("The list is shared with your company.")
    )
    save_screenshot(page, f"shopping-list-technician-{language}-{'js' if javascript else 'nojs'}")

    # The buyer of the same company: opens the shared list and orders it.
    buyer_page = open_page(language, javascript)
    log_in(buyer_page, buyer, t)
    open_lists(buyer_page, t)
    expect(buyer_page.locator("table.shopping-lists")).to_contain_text(technician.name)
    buyer_page.get_by_role("link", name=LIST_NAME).click()
    expect(buyer_page.locator("table.shopping-list")).to_contain_text("hall 2")
    expect(buyer_page.locator("table.shopping-list")).to_contain_text("€")
    buyer_page.get_by_role("button", name=t("Add the whole list to the cart")).click()
    expect(buyer_page).to_have_url(re.compile(r".*/cart$"))
    expect(buyer_page.locator(".flash-success")).to_contain_text(in_cart(app, language, 2))
    lines = buyer_page.locator("table.cart tbody tr")
    expect(lines).to_have_count(2)
    expect(buyer_page.locator("#cart-count")).to_have_text("6")

    check_out(buyer_page, t)
    save_screenshot(buyer_page, f"shopping-list-buyer-{language}-{'js' if javascript else 'nojs'}")
