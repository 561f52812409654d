"""A controller finds a colleague's orders in the order list in real Chromium (#15): filters
by orderer and state, sorts by a column, reads dates as written in their language and
downloads the filtered list as CSV; in English, in German and without JavaScript."""

import re
from datetime import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect
from sqlalchemy import update

from shop.domain.rights import PredefinedRole
from shop.extensions import db
from shop.models import Order
from tests.browser.conftest import save_screenshot
from tests.factories import PASSWORD, make_company, make_order, make_product, make_user

pytestmark = pytest.mark.browser

# Stored in UTC; the shop shows Berlin time (CET, UTC+1 in November).
PLACED_AT = {"small": datetime(2026, 11, 3, 8, 15), "large": datetime(2026, 11, 29, 21, 38)}
SHOWN = {
    "en": {"small": "3 Nov 2026, 09:15", "large": "29 Nov 2026, 22:38"},
    "de": {"small": "03.11.2026, 09:15", "large": "29.11.2026, 22:38"},
}


def log_in(page, user, t) -> None:
    page.goto("/login")
    page.fill("input[name=email]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit] >> text=" + t("Log in"))


def placed(user, total: str, reference: str, at: datetime) -> str:
    order = make_order(
        user, lines=[(make_product(list_price=Decimal(total)), 1)], customer_reference=reference
    )
    db.session.execute(update(Order).where(Order.id == order.id).values(created_at=at))
    db.session.commit()
    return order.number


@pytest.mark.parametrize(
    "language, javascript",
    [("en", True), ("de", True), ("en", False)],
    ids=["english", "german", "no-javascript"],
)
def test_a_controller_filters_sorts_and_exports_a_colleagues_orders(
    open_page, translate, app_context, erp, language, javascript, tmp_path
):
    company = make_company(customer_number="10001")
    suffix = f"{language}{'' if javascript else '-nojs'}"
    anna = make_user(company, name=f"Anna Buyer {suffix}")
    ben = make_user(company, name=f"Ben Buyer {suffix}")
    controller = make_user(company, roles=(PredefinedRole.CONTROLLER,), locale=language)
    small = placed(anna, "12.00", "PO-SMALL", PLACED_AT["small"])
    large = placed(anna, "480.00", "PO-LARGE", PLACED_AT["large"])
    bens = placed(ben, "50.00", "PO-BEN", PLACED_AT["small"])
    t = lambda message, **values: translate(message, language, **values)  # noqa: E731

    page = open_page(language, javascript)
    log_in(page, controller, t)
    page.goto("/orders")
    expect(page.locator("table.orders")).to_contain_text(bens)
    page.select_option("select[name=orderer]", label=anna.name)
    page.select_option("select[name=state]", "placed")
    page.click("form.filters button[type=submit]")
    expect(page.locator("table.orders tbody tr")).to_have_count(2)
    page.locator("table.orders thead a", has_text=t("Net total")).click()

    rows = page.locator("table.orders tbody tr")
    expect(rows.first).to_contain_text(large)
    expect(rows.first).to_contain_text(SHOWN[language]["large"])
    expect(rows.nth(1)).to_contain_text(small)
    expect(rows.nth(1)).to_contain_text(SHOWN[language]["small"])
    expect(page.locator("table.orders")).not_to_contain_text(bens)
    assert re.search(r"orderer=\d+", page.url) and "state=placed" in page.url
    assert "sort=total_desc" in page.url
    save_screenshot(page, f"orders-{suffix}")

    with page.expect_download() as download_info:
        page.locator("a.csv-export").click()
    saved = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(saved)
    lines = saved.read_text(encoding="utf-8-sig").splitlines()
    assert [line.split(";" if language == "de" else ",")[0] for line in lines[1:]] == [large, small]


def test_a_bad_date_is_marked_next_to_the_field_without_javascript(
    open_page, translate, app_context, erp
):
    buyer = make_user(make_company(customer_number="10001"), locale="de")
    number = placed(buyer, "12.00", "PO-DATE", PLACED_AT["small"])
    t = lambda message, **values: translate(message, "de", **values)  # noqa: E731

    page = open_page("de", javascript=False)
    log_in(page, buyer, t)
    page.goto("/orders?date_from=31.02.2026")

    expect(page.locator("#date_from-error")).to_have_text(t("Enter a date such as 2026-11-29."))
    expect(page.locator("table.orders")).to_contain_text(number)
