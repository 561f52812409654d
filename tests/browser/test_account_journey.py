"""The account page in real Chromium (issue #14): a user logged in on two browsers changes
the password on one, which logs the other out, then logs out everywhere."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.browser

NEW_PASSWORD = "Kestrel-Lantern-Quarry-71"


def log_in(page, t, email: str, password: str = PASSWORD) -> None:
    page.goto("/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.click("form button[type=submit] >> text=" + t("Log in"))


@pytest.mark.parametrize(
    "language, javascript",
    [("en", True), ("de", True), ("en", False)],
    ids=["english", "german", "no-javascript"],
)
def test_password_change_and_log_out_everywhere_end_the_other_browsers_session(
    open_page, translate, app_context, language, javascript
):
    t = lambda message, **values: translate(message, language, **values)  # noqa: E731
    user = make_user(name="Paula Passwort")
    office, laptop = open_page(language, javascript), open_page(language, javascript)
    log_in(office, t, user.email)
    log_in(laptop, t, user.email)

    office.click(".site-header .who")
    expect(office.locator("table.sessions tbody tr")).to_have_count(2)
    expect(office.locator("table.sessions")).to_contain_text(t("This browser"))
    office.get_by_label(t("Current password")).fill(PASSWORD)
    office.get_by_label(t("New password")).fill(NEW_PASSWORD)
    office.get_by_label(t("Repeat the password")).fill(NEW_PASSWORD)
    office.click(f"button >> text={t('Change password')}")

    expect(office.locator("#flashes")).to_contain_text(
        t("Your password is changed. You are logged out everywhere else.")
    )
    expect(office.locator("table.sessions tbody tr")).to_have_count(1)
    laptop.goto("/orders")
    expect(laptop).to_have_url(re.compile(r"/login"))

    log_in(laptop, t, user.email, NEW_PASSWORD)
    expect(laptop.locator(".site-header .who")).to_contain_text("Paula Passwort")
    office.reload()
    office.click(f"button >> text={t('Log out everywhere')}")
    expect(office.locator(".site-header")).to_contain_text(t("Log in"))
    laptop.goto("/orders")
    expect(laptop).to_have_url(re.compile(r"/login"))
