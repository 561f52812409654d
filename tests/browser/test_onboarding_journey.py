"""Customer onboarding in real Chromium (#12): an operator finds an overdue company on the
pipeline board and moves it to Training with an appointment and a note; the main contact sees
"Getting started" with links to the open steps. In English, in German, and without JavaScript."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from shop.extensions import db
from shop.models import Company
from shop.models.clock import utcnow
from shop.services import onboarding
from shop.services.unit_of_work import unit_of_work
from tests.browser.conftest import save_screenshot
from tests.factories import PASSWORD, make_company, make_main_contact, make_staff, make_user

pytestmark = pytest.mark.browser

LANGUAGES = pytest.mark.parametrize(
    "language, javascript",
    [("en", True), ("de", True), ("en", False)],
    ids=["english", "german", "no-javascript"],
)


def registered(days_ago: int = 0):
    company = make_company(name=f"Weber Elektro {utcnow().timestamp():.0f} KG")
    main = make_main_contact(company)
    with unit_of_work():
        onboarding.start_onboarding(
            db.session.get(Company, company.id), utcnow() - timedelta(days=days_ago)
        )
    return company, main


@LANGUAGES
def test_an_operator_moves_an_overdue_company_to_training(
    open_page, translate, app_context, language, javascript
):
    t = lambda message, **values: translate(message, language, **values)  # noqa: E731
    company, _main = registered(days_ago=5)
    staff = make_staff(name="Olga Operator")
    # Typed in the shop's time zone; six days ahead is within the 14 days whatever the zone.
    appointment = (utcnow() + timedelta(days=6)).strftime("%Y-%m-%dT%H:%M")

    page = open_page(language, javascript)
    page.goto("/back-office/login")
    page.fill("input[name=email]", staff.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.click(f".site-nav >> text={t('Onboarding')}")

    column = page.locator(".onboarding-column", has_text=t("Registered"))
    card = column.locator(".onboarding-card", has_text=company.name)
    expect(card).to_have_class("onboarding-card overdue")
    expect(card).to_contain_text(t("Overdue"))
    save_screenshot(page, f"onboarding-board-{language}-{'js' if javascript else 'nojs'}")
    card.locator("a").click()

    page.select_option("select[name=target]", "training")
    page.fill("input[name=training_at]", appointment)
    page.fill("textarea[name=move_note]", "Webinar agreed on the phone")
    page.locator("form.onboarding-move button[type=submit]").click()
    expect(page.locator("#flashes")).to_contain_text(
        t("The company is now at: %(state)s.", state=t("Training"))
    )
    expect(page.locator("#onboarding-state")).to_contain_text(t("Training"))
    expect(page.locator(".onboarding-history")).to_contain_text("Webinar agreed on the phone")

    page.fill("textarea[name=note]", "Sent the dial-in again")
    page.click(f"button >> text={t('Add note')}")
    expect(page.locator(".onboarding-history")).to_contain_text("Sent the dial-in again")

    page.click(f"a >> text={t('Back to the onboarding board')}")
    training = page.locator(".onboarding-column", has_text=t("Training"))
    expect(training.locator(".onboarding-card", has_text=company.name)).to_have_class(
        "onboarding-card"
    )


@LANGUAGES
def test_the_main_contact_follows_a_getting_started_step(
    open_page, translate, app_context, language, javascript
):
    t = lambda message, **values: translate(message, language, **values)  # noqa: E731
    company, main = registered()
    make_user(company)

    page = open_page(language, javascript)
    page.goto("/login")
    page.fill("input[name=email]", main.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit] >> text=" + t("Log in"))
    page.goto("/customer-center/")

    panel = page.locator(".getting-started")
    expect(panel.locator("h2")).to_have_text(
        t("Getting started: %(done)s of %(total)s done", done=1, total=7)
    )
    expect(panel.locator("li.done")).to_contain_text(t("Create accounts for your colleagues"))
    save_screenshot(page, f"getting-started-{language}-{'js' if javascript else 'nojs'}")
    panel.locator("a", has_text=t("Name an approver")).click()
    expect(page).to_have_url(re.compile(r"/customer-center/approvers$"))
