"""A buyer finds an invoice in the customer center and downloads its PDF in real Chromium
(#16), in English and in German; another company's user finds nothing at its address."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import save_screenshot
from tests.factories import PASSWORD, make_company, make_user
from tests.order_life import invoiced_order

pytestmark = pytest.mark.browser


def log_in(page, user, t) -> None:
    page.goto("/login")
    page.fill("input[name=email]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit] >> text=" + t("Log in"))


@pytest.mark.parametrize(
    "language, javascript",
    [("en", True), ("de", True), ("en", False)],
    ids=["english", "german", "no-javascript"],
)
def test_a_buyer_downloads_an_invoice_from_the_invoice_list(
    open_page, translate, app_context, erp, language, javascript, tmp_path
):
    buyer = make_user(make_company(customer_number="10001"), locale=language)
    number = f"RE-2026-10001-B{language.upper()}{'' if javascript else 'N'}"
    order = invoiced_order(buyer, erp, number)
    t = lambda message, **values: translate(message, language, **values)  # noqa: E731

    page = open_page(language, javascript)
    log_in(page, buyer, t)
    page.goto("/customer-center/")
    page.locator(".shortcut-tiles a", has_text=t("Invoices")).click()
    page.select_option("select[name=state]", "open")
    page.click("form.filters button[type=submit]")
    row = page.locator("tr.invoice", has_text=order.number)
    expect(row.locator(".invoice-state")).to_have_text(t("Open"))
    save_screenshot(page, f"invoices-{language}-{'js' if javascript else 'nojs'}")
    with page.expect_download() as download_info:
        row.locator("a.invoice-pdf").click()
    download = download_info.value
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)

    assert download.suggested_filename == f"{number}.pdf"
    assert Path(saved).read_bytes().startswith(b"%PDF")


def test_another_companys_user_gets_404_for_the_invoice(open_page, translate, app_context, erp):
    buyer = make_user(make_company(customer_number="10001"))
    order = invoiced_order(buyer, erp, "RE-2026-10001-BX")
    stranger = make_user(make_company(customer_number="10002"))
    t = lambda message, **values: translate(message, "en", **values)  # noqa: E731

    page = open_page("en")
    log_in(page, stranger, t)
    response = page.request.get(f"/orders/{order.number}/invoices/RE-2026-10001-BX.pdf")

    assert response.status == 404
