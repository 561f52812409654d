"""The company data page in real Chromium (#15): the main contact reads the company's data,
sends a change request for the billing address (a wrong postal code first), and sees it
pending; in English, in German, and with JavaScript switched off."""

import pytest
from playwright.sync_api import expect

from shop.erp import erp_client
from shop.extensions import db
from shop.models import Company
from shop.models.clock import utcnow
from shop.services.customer_sync import sync_customers
from tests.factories import PASSWORD, make_company, make_main_contact

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    "language, javascript",
    [("en", True), ("de", True), ("en", False)],
    ids=["english", "german", "no-javascript"],
)
def test_the_main_contact_asks_for_a_new_billing_address(
    open_page, translate, app_context, erp, language, javascript
):
    company = make_company(customer_number="10001", addresses=[])
    sync_customers(erp_client(), utcnow(), company.customer_number)
    main = make_main_contact(db.session.get(Company, company.id), name="Maria Main")
    main.locale = language
    db.session.commit()
    t = lambda message, **values: translate(message, language, **values)  # noqa: E731

    page = open_page(language, javascript)
    page.goto("/login")
    page.fill("input[name=email]", main.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit] >> text=" + t("Log in"))
    page.goto("/customer-center/company")
    expect(page.locator(".company-data")).to_contain_text(t("Billing address"))
    expect(page.locator(".company-data")).to_contain_text("Heilbronner Straße 120")
    expect(page.locator(".company-data")).to_contain_text(t("On account (invoice)"))

    form = page.locator("form.change-request-form")
    form.locator("input[name=kind][value=billing_address]").check()
    form.locator("input[name=new_name]").fill("Müller Maschinenbau GmbH")
    form.locator("input[name=new_street]").fill("Neue Straße 5")
    form.locator("input[name=new_postal_code]").fill("!!")
    form.locator("input[name=new_city]").fill("Stuttgart")
    form.locator("button[type=submit]").click()
    expect(page.locator(".field-error")).to_contain_text(t("This is not a postal code."))
    page.locator("form.change-request-form input[name=new_postal_code]").fill("70173")
    page.locator("form.change-request-form button[type=submit]").click()

    expect(page.locator("#flashes")).to_contain_text(
        t(
            "Your change request is on its way to us. Your data here changes once we have "
            "made the change."
        )
    )
    expect(page.locator("table.change-requests")).to_contain_text("Neue Straße 5")
    expect(page.locator("table.change-requests .change-state")).to_have_text(
        t("Waiting to be sent to us")
    )
