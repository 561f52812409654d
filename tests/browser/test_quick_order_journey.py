"""Quick order from a file in real Chromium (#15): a CSV with bad lines is previewed line by
line, the good lines go into the cart in one step; then the checkout with a requested delivery
date, the new-address fields shown only for a new address. English, German, and with
JavaScript switched off."""

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from shop.extensions import db
from shop.models import Order
from tests.browser.conftest import save_screenshot
from tests.factories import PASSWORD, make_category, make_product, make_user

pytestmark = pytest.mark.browser


def a_working_day(app) -> date:
    """A Wednesday at least two days ahead, in the shop's time zone."""
    day = datetime.now(ZoneInfo(app.config["BABEL_DEFAULT_TIMEZONE"])).date() + timedelta(days=2)
    while day.weekday() != 2:
        day += timedelta(days=1)
    return day


@pytest.mark.parametrize(
    "language, javascript",
    [("en", True), ("de", True), ("en", False)],
    ids=["english", "german", "no-javascript"],
)
def test_a_csv_with_bad_lines_is_previewed_and_its_good_lines_ordered(
    open_page, translate, app, app_context, erp, tmp_path, language, javascript
):
    category = make_category()
    bolt = make_product(category, name_en="Hex bolt M8", name_de="Sechskantschraube M8")
    nut = make_product(category, name_en="Hex nut M8", name_de="Sechskantmutter M8")
    short = make_product(category, name_en="Washer M8", name_de="Scheibe M8")
    erp.set_stock({bolt.sku: 500, nut.sku: 500, short.sku: 3})
    user = make_user(locale=language)
    csv = tmp_path / "order.csv"
    csv.write_bytes(
        (
            "SKU;Quantity\n"
            f"{bolt.sku};20\n"
            "NOPE-404;1\n"
            f"{nut.sku};2,5\n"
            f"{short.sku};10\n"
            f"{nut.sku};40\n"
        ).encode("cp1252")
    )
    page = open_page(language, javascript)
    t = lambda message, **values: translate(message, language, **values)  # noqa: E731

    page.goto("/login")
    page.fill("input[name=email]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit] >> text=" + t("Log in"))
    expect(page.locator(".site-header .who")).to_contain_text(user.name)

    page.click(f"nav >> text={t('Quick order')}")
    page.set_input_files("input[name=file]", str(csv))
    page.click(f"form.quick-order button >> text={t('Check the lines first')}")

    expect(page.locator("h1")).to_have_text(t("Quick order: check the lines"))
    expect(page.locator(".quick-order-summary")).to_have_text(
        t("%(fine)s of %(all)s lines can be added to the cart.", fine=2, all=5)
    )
    refused = page.locator("tr.line-refused")
    expect(refused).to_have_count(3)
    expect(refused.nth(0)).to_contain_text(
        t("Line %(n)s: we have no product %(sku)s.", n=3, sku="NOPE-404")
    )
    expect(refused.nth(2)).to_contain_text(
        t("Only %(available)s of %(sku)s are available.", available="3", sku=short.sku)
    )
    expect(page.locator("tr.line-fine")).to_have_count(2)
    save_screenshot(page, f"quick-order-preview-{language}-{'js' if javascript else 'nojs'}")

    page.click("form.quick-order-confirm button[type=submit]")
    expect(page).to_have_url(re.compile(r".*/cart$"))
    expect(page.locator("table.cart tbody tr")).to_have_count(2)
    expect(page.locator("#cart-count")).to_have_text("60")

    page.click(f"text={t('Proceed to checkout')}")
    new_address = page.locator("fieldset.new-address")
    if javascript:
        expect(new_address).to_be_hidden()
        page.check("input[name=address][value=new]")
        expect(new_address).to_be_visible()
        page.check("input[name=address] >> nth=0")
        expect(new_address).to_be_hidden()
    else:
        expect(new_address).to_be_visible()
    date_field = page.locator("input[name=requested_delivery_date]")
    saturday = date.today() + timedelta(days=(5 - date.today().weekday()) % 7 or 7)
    date_field.fill(saturday.isoformat())
    page.click(f"button >> text={t('Place order')}")
    expect(page.locator("#requested_delivery_date-error")).to_contain_text(
        t("We deliver on working days only (Monday to Friday). Please choose another day.")
    )

    day = a_working_day(app)
    page.locator("input[name=requested_delivery_date]").fill(day.isoformat())
    page.click(f"button >> text={t('Place order')}")
    expect(page.locator("h1")).to_have_text(t("Thank you for your order"))
    db.session.expire_all()
    order = db.session.scalar(select(Order))
    assert order.requested_delivery_date == day
    page.goto(f"/orders/{order.number}")
    expect(page.locator(".requested-delivery-date")).not_to_be_empty()
    save_screenshot(page, f"quick-order-checkout-{language}-{'js' if javascript else 'nojs'}")
