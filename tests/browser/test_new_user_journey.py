"""The main contact in real Chromium (#15): creates a user with a budget of their own, sends the
invitation again (the first link no longer works, the new one does), copies a predefined role
into a custom one, and the orderer withdraws an order after confirming it; EN and DE, with and
without JavaScript."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from shop.domain.orders import OrderStatus
from shop.domain.rights import PredefinedRole
from shop.extensions import db
from shop.models import User
from tests.browser.conftest import save_screenshot
from tests.factories import (
    PASSWORD,
    make_company,
    make_user,
    order_by_number,
    order_over_budget,
    team,
)
from tests.waiting import wait_until

pytestmark = pytest.mark.browser

LINK = re.compile(r"https?://[^/\s]+(/password/set/\S+)")
CASES = [("en", True), ("de", True), ("en", False)]
IDS = ["english", "german", "no-javascript"]


def log_in(page, t, email: str) -> None:
    page.goto("/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit] >> text=" + t("Log in"))
    expect(page.locator(".site-header .who")).to_be_visible()


def user_by_email(email: str) -> User:
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.email == email))


@pytest.mark.parametrize(("language", "javascript"), CASES, ids=IDS)
def test_main_contact_creates_a_user_with_a_budget_and_resends_the_invitation(
    app, open_page, translate, mailbox, app_context, language, javascript
):
    t = lambda message, **values: translate(message, language, **values)  # noqa: E731
    company = make_company(default_monthly_budget=Decimal("500"))
    boss = make_user(company, roles=(PredefinedRole.MAIN_CONTACT,), name="Anna Müller")
    email = f"clara.{language}.{int(javascript)}@example.com"
    page = open_page(language, javascript)
    log_in(page, t, boss.email)

    page.goto("/customer-center/")
    page.click(f"#customer-center-nav >> text={t('Users')}")
    expect(page.locator("#customer-center-nav [aria-current=page]")).to_have_text(t("Users"))
    page.click(f"main >> text={t('Create user')}")
    page.get_by_label(t("Name"), exact=True).fill("Clara Schulz")
    page.get_by_label(t("E-mail"), exact=True).fill(email)
    page.get_by_label(t("Own limits"), exact=True).check()
    page.get_by_label(t("Monthly budget (net)")).fill(
        "1.500,00" if language == "de" else "1,500.00"
    )
    page.get_by_label(t("Maximum quantity per order")).fill("40")
    save_screenshot(page, f"new-user-budget-{language}-{'js' if javascript else 'nojs'}")
    page.click(f"button >> text={t('Create and invite')}")

    expect(page.locator("#user-list")).to_contain_text("Clara Schulz")
    clara = user_by_email(email)
    assert (clara.has_own_budget, clara.monthly_budget) == (True, Decimal("1500.00"))
    assert clara.max_quantity_per_order == 40
    row = page.locator(f"#user-{clara.id}")
    expect(row).to_contain_text(t("Invited"))
    first_link = LINK.search(mailbox.wait_for(email).text).group(1)

    row.get_by_role(
        "button", name=t("Send the invitation to %(name)s again", name="Clara Schulz")
    ).click()

    expect(page.locator("#flashes")).to_contain_text(
        t(
            "A new invitation is on its way to %(email)s. The link sent before no longer works.",
            email=email,
        )
    )
    mails = wait_until(
        lambda: len(found := [m for m in mailbox.mails() if m.to == email]) == 2 and found
    )
    second_link = LINK.search(mails[-1].text).group(1)
    assert second_link != first_link
    # The first link is gone (410; Chromium would log the status as a console error).
    assert app.test_client().get(first_link).status_code == 410
    colleague = open_page(language, javascript)
    colleague.goto(second_link)
    colleague.get_by_label(t("New password")).fill("Lila-Kiesel-Turm-7")
    colleague.get_by_label(t("Repeat the password")).fill("Lila-Kiesel-Turm-7")
    colleague.click(f"button >> text={t('Save password')}")
    expect(colleague.locator(".site-header .who")).to_contain_text("Clara Schulz")


@pytest.mark.parametrize(("language", "javascript"), CASES, ids=IDS)
def test_main_contact_copies_a_predefined_role_into_a_custom_role(
    open_page, translate, app_context, language, javascript
):
    t = lambda message, **values: translate(message, language, **values)  # noqa: E731
    company = make_company()
    boss = make_user(company, roles=(PredefinedRole.MAIN_CONTACT,))
    page = open_page(language, javascript)
    log_in(page, t, boss.email)

    page.goto("/customer-center/roles")
    page.click(f"table.roles >> text={t('Controller')}")
    expect(page.locator(".right-description").first).to_be_visible()
    page.get_by_label(t("Name of the new role")).fill("Controller with approvals")
    page.click(f"button >> text={t('Copy role')}")

    expect(page.get_by_label(t("Name of the role"))).to_have_value("Controller with approvals")
    page.get_by_label(t("Decide on approvals")).check()
    expect(page.get_by_label(t("Decide on approvals"))).to_have_attribute(
        "aria-describedby", "right-decide_approvals-description"
    )
    page.click(f"button >> text={t('Save role')}")
    expect(page.locator("table.roles")).to_contain_text("Controller with approvals")


@pytest.mark.parametrize(("language", "javascript"), CASES, ids=IDS)
def test_the_orderer_confirms_before_withdrawing_an_order(
    open_page, translate, mailbox, app_context, language, javascript
):
    t = lambda message, **values: translate(message, language, **values)  # noqa: E731
    _company, _main, clara, anna = team()
    order = order_over_budget(anna)
    page = open_page(language, javascript)
    log_in(page, t, anna.email)

    page.goto(f"/orders/{order.number}")
    page.click(f"main a >> text={t('Withdraw the order')}")
    expect(page.locator("h1")).to_have_text(t("Withdraw order %(number)s?", number=order.number))
    assert order_by_number(order.number).status == OrderStatus.AWAITING_APPROVAL.value
    page.get_by_label(t("Comment")).fill("Bought elsewhere.")
    page.click(f"main form button >> text={t('Withdraw the order')}")

    expect(page.locator("#flashes")).to_contain_text(t("Your order was withdrawn."))
    expect(page.locator("main")).to_contain_text("Bought elsewhere.")
    assert order_by_number(order.number).status == OrderStatus.WITHDRAWN.value
