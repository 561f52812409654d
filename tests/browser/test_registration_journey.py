"""Self-registration in real Chromium: form, mail at the SMTP sink, link, password, logged in."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import save_screenshot

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("language", ["en", "de"])
def test_a_main_contact_activates_the_customer_center_and_logs_in(
    open_page, translate, mailbox, erp, app_context, language
):
    t = lambda message, **values: translate(message, language, **values)  # noqa: E731
    page = open_page(language)

    page.goto("/login")
    page.click(f"text={t('activate the customer center')}")
    page.get_by_label(t("Customer number")).fill("10003")
    page.get_by_label(t("Invoice number")).fill("RE-2026-10003-07")
    page.get_by_label(t("E-mail")).fill("laura.weber@weber-elektro.example.com")
    page.get_by_label(t("Name"), exact=True).fill("Laura Weber")
    page.click(f"button >> text={t('Activate')}")
    expect(page.locator("h1")).to_have_text(t("Check your inbox"))

    mail = mailbox.wait_for("laura.weber@weber-elektro.example.com")
    path = re.search(r"https?://[^/\s]+(/password/set/\S+)", mail.text).group(1)
    page.goto(path)
    page.get_by_label(t("New password")).fill("Lila-Kiesel-Turm-7")
    page.get_by_label(t("Repeat the password")).fill("Lila-Kiesel-Turm-7")
    page.click(f"button >> text={t('Save password')}")

    expect(page.locator("h1")).to_have_text(t("Customer center"))
    expect(page.locator(".company-card")).to_contain_text("Weber Elektro KG")
    expect(page.locator(".site-header .who")).to_contain_text("Laura Weber")
    save_screenshot(page, f"registration-{language}")
