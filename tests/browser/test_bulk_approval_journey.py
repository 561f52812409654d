"""Bulk approval in real Chromium (#15): the approver ticks two orders in the inbox, reads each
one's budget explanation on the confirm page and approves both with one comment; in English,
in German, and with JavaScript switched off."""

import re

import pytest
from playwright.sync_api import expect

from shop.domain.orders import OrderStatus
from shop.extensions import db
from tests.browser.conftest import log_in, save_screenshot
from tests.factories import order_by_number, order_over_budget, team

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    "language, javascript",
    [("en", True), ("de", True), ("en", False)],
    ids=["english", "german", "no-javascript"],
)
def test_the_approver_approves_two_orders_at_once_after_checking_each(
    open_page, translate, app_context, mailbox, erp, language, javascript
):
    company, main, clara, anna = team(customer_number="10001")
    clara.locale = language
    db.session.commit()
    first = order_over_budget(anna)  # 150.00 net, 50.00 over Anna's 100.00
    second = order_over_budget(anna, quantity=12)  # 120.00 net, 20.00 over
    third = order_over_budget(anna, quantity=11)
    t = lambda message, **values: translate(message, language, **values)  # noqa: E731
    suffix = f"{language}-{'js' if javascript else 'nojs'}"

    page = open_page(language, javascript)
    log_in(page, clara, t)
    page.goto("/customer-center/approvals")
    page.check(f"input[name=order][value='{first.number}']")
    page.check(f"input[name=order][value='{second.number}']")
    page.click(f"button >> text={t('Approve selected')}")

    expect(page.locator("h1")).to_have_text(t("Approve selected orders"))
    first_section = page.locator("section.bulk-order", has_text=first.number)
    second_section = page.locator("section.bulk-order", has_text=second.number)
    expect(first_section.locator(".exceedances")).to_contain_text(t("Maximum order value"))
    expect(first_section.locator(".excess")).to_contain_text("50")
    expect(second_section.locator(".excess")).to_contain_text("20")
    expect(page.locator("section.bulk-order")).to_have_count(2)
    save_screenshot(page, f"bulk-approval-confirm-{suffix}")
    page.fill("textarea[name=comment]", "Both fine this month.")
    page.click("form.bulk-approval-confirm button[type=submit]")

    expect(page).to_have_url(re.compile(r"/customer-center/approvals$"))
    flashes = page.locator("#flashes")
    expect(flashes).to_contain_text(t("Order %(number)s is approved.", number=first.number))
    expect(flashes).to_contain_text(t("Order %(number)s is approved.", number=second.number))
    expect(page.locator("table.approval-inbox")).to_contain_text(third.number)
    assert order_by_number(first.number).status == OrderStatus.PLACED.value
    assert order_by_number(second.number).status == OrderStatus.PLACED.value
    assert order_by_number(third.number).status == OrderStatus.AWAITING_APPROVAL.value
