"""Playwright on Debian's Chromium (never a downloaded browser), with console-error capture."""

import re
from pathlib import Path

import pytest
from flask_babel import force_locale, gettext
from playwright.sync_api import expect

from tests.factories import PASSWORD

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = Path("test-results/screenshots")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"{CHROMIUM} is missing: install Debian's chromium package")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


# Chromium logs every 4xx answer as a console error; 422 is the shop's answer to refused input
# (the form comes back with its messages, page or htmx fragment alike), not a fault.
REFUSED_INPUT = "the server responded with a status of 422"


def _is_error(message) -> bool:
    return message.type == "error" and REFUSED_INPUT not in message.text


@pytest.fixture
def open_page(browser, live_server):
    """A new page in its own context (language, JavaScript on/off) that records console errors."""
    contexts, errors = [], []

    def open_(language: str = "en", javascript: bool = True):
        context = browser.new_context(
            base_url=live_server, locale=language, java_script_enabled=javascript
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.on("console", lambda m: errors.append(m.text) if _is_error(m) else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        return page

    yield open_
    for context in contexts:
        context.close()
    assert errors == [], f"console errors: {errors}"


@pytest.fixture
def translate(app):
    """The UI text for a message in a language, from the real catalogue."""

    def translate_(message: str, language: str, **values) -> str:
        with app.test_request_context(), force_locale(language):
            return gettext(message, **values)

    return translate_


def save_screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


# -- steps several journeys share --------------------------------------------------------------
# `t` is the journey's translate function for its language.


def log_in(page, user, t) -> None:
    """Log the customer user in through the login form; the header then names them."""
    page.goto("/login")
    page.fill("input[name=email]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit] >> text=" + t("Log in"))
    expect(page.locator(".site-header .who")).to_contain_text(user.name)


def quick_order(page, lines: str) -> None:
    """Put lines ("SKU quantity", one a line) into the cart through the quick order page."""
    page.goto("/quick-order")
    page.fill("textarea[name=lines]", lines)
    page.click("form.quick-order button[type=submit]")


def check_out(page, t, reference: str = "") -> str:
    """From the cart: proceed to checkout and place the order; its number."""
    page.click(f"text={t('Proceed to checkout')}")
    if reference:
        page.fill("input[name=customer_reference]", reference)
    page.click(f"button >> text={t('Place order')}")
    expect(page.locator("h1")).to_have_text(t("Thank you for your order"))
    confirmation = page.locator(".confirmation").inner_text()
    number = re.search(r"\d{4}-\d{6,}", confirmation).group()
    assert t("Your order number is %(number)s.", number=number) in confirmation
    return number
