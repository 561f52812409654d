"""The main contact's "Download a product data sheet" step in real Chromium (#12): the panel
links to the catalogue, the download is recorded, and the step shows done. In English, in
German, and without JavaScript."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from shop.extensions import db
from shop.models import DatasheetDownload
from tests.browser.test_onboarding_journey import LANGUAGES, registered
from tests.factories import PASSWORD, add_media, make_product

pytestmark = pytest.mark.browser


@LANGUAGES
def test_the_main_contact_downloads_a_data_sheet_and_the_step_turns_done(
    open_page, translate, app_context, language, javascript
):
    t = lambda message, **values: translate(message, language, **values)  # noqa: E731
    company, main = registered()
    product = make_product()
    sheet = add_media(product, "datasheet")
    step = t("Download a product data sheet")

    page = open_page(language, javascript)
    page.goto("/login")
    page.fill("input[name=email]", main.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit] >> text=" + t("Log in"))
    page.goto("/customer-center/")
    panel = page.locator(".getting-started")
    expect(panel.locator("li.open", has_text=step)).to_have_count(1)
    panel.locator("a", has_text=step).click()
    expect(page).to_have_url(re.compile(r"/catalog$"))

    page.goto(f"/products/{product.sku}")
    with page.expect_download() as download:
        page.locator(".downloads a", has_text=sheet.filename).click()
    assert download.value.suggested_filename == sheet.filename

    page.goto("/customer-center/")
    expect(panel.locator("li.done", has_text=step)).to_have_count(1)
    expect(panel.locator("h2")).to_have_text(
        t("Getting started: %(done)s of %(total)s done", done=1, total=7)
    )
    db.session.expire_all()
    assert list(db.session.scalars(select(DatasheetDownload.company_id))) == [company.id]
