"""The approval journey in real Chromium (§6): a buyer orders over budget, the approver changes
and rejects it, the buyer resubmits, the approver changes it once more and approves without
saving first (#14), the ERP receives the changed order once; in
English, in German, and with JavaScript switched off."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from shop.erp import erp_client
from shop.models.clock import utcnow
from shop.services.outbox import deliver_due
from tests.browser.conftest import log_in, quick_order, save_screenshot
from tests.factories import make_product, order_by_number, team

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    "language, javascript",
    [("en", True), ("de", True), ("en", False)],
    ids=["english", "german", "no-javascript"],
)
def test_order_over_budget_is_rejected_resubmitted_and_approved_in_the_browser(
    open_page, translate, app_context, mailbox, erp, language, javascript
):
    company, main, clara, anna = team(customer_number="10001")
    clara.locale = anna.locale = language
    from shop.extensions import db

    db.session.commit()
    product = make_product(list_price=Decimal("10.00"), name_en="Hex bolt M8")
    t = lambda message, **values: translate(message, language, **values)  # noqa: E731
    suffix = f"{language}-{'js' if javascript else 'nojs'}"

    buyer = open_page(language, javascript)
    log_in(buyer, anna, t)
    quick_order(buyer, f"{product.sku} 15")
    expect(buyer.locator(".budget-check")).to_contain_text("Clara Schulz")
    buyer.goto("/checkout")
    expect(buyer.locator(".budget-check")).to_contain_text(
        t("per-user approver of %(name)s", name="Anna Buyer")
    )
    buyer.click(f"button >> text={t('Send for approval')}")
    expect(buyer.locator("h1")).to_have_text(t("Your order waits for approval"))
    expect(buyer.locator(".approval-state")).to_contain_text("Clara Schulz")
    number = buyer.url.rsplit("/", 1)[-1]
    mail = mailbox.wait_for(clara.email, number)
    link = re.search(r"http://localhost(/customer-center/approvals/\S+)", mail.text).group(1)

    approver = open_page(language, javascript)
    log_in(approver, clara, t)
    approver.goto("/customer-center/approvals")
    expect(approver.locator("table.approval-inbox")).to_contain_text(number)
    approver.goto(link)
    # The new-address fields show only while a new address is chosen, as at the checkout;
    # without JavaScript they stay visible.
    new_address = approver.locator(".approval-change fieldset.new-address")
    if javascript:
        expect(approver.locator("input[name=address][value=keep]")).to_be_checked()
        expect(new_address).to_be_hidden()
        approver.check("input[name=address][value=new]")
        expect(new_address).to_be_visible()
        approver.check("input[name=address][value=keep]")
        expect(new_address).to_be_hidden()
    else:
        expect(new_address).to_be_visible()
    approver.locator("input[name^=quantity-]").first.fill("8")
    approver.click(f"button >> text={t('Save changes')}")
    expect(approver.locator(".conversation")).to_contain_text("15 → 8")
    save_screenshot(approver, f"approval-page-{suffix}")
    approver.fill("textarea[name=comment]", "Please order 9 at most this month.")
    approver.click(f"button >> text={t('Reject')}")
    expect(approver.locator(".status")).to_have_text(t("Rejected"))

    buyer.goto(f"/orders/{number}")
    expect(buyer.locator(".conversation")).to_contain_text("Please order 9 at most this month.")
    buyer.locator(".resubmit-form input[name^=quantity-]").first.fill("9")
    buyer.fill(".resubmit-form textarea[name=comment]", "9 it is, thanks.")
    buyer.click(f"button >> text={t('Send back for approval')}")
    expect(buyer.locator(".status")).to_have_text(t("Awaiting approval"))

    approver.goto(link)
    # Changed and approved without saving first: the approval takes the change with it.
    approver.locator("input[name^=quantity-]").first.fill("8")
    approver.fill("textarea[name=comment]", "Fine.")
    approver.click(f"button >> text={t('Approve')}")
    expect(approver.locator(".status")).to_have_text(t("Placed"))
    mailbox.wait_for(anna.email, number)

    deliver_due(erp_client(), "worker-1", utcnow())
    assert erp.orders()[number]["received"] == 1
    assert erp.orders()[number]["order"]["lines"][0]["quantity"] == 8
    assert order_by_number(number).total_net == Decimal("80.00")
    buyer.goto(f"/orders/{number}")
    entries = buyer.locator(".conversation-entry")
    expect(entries).to_have_count(7)
    expect(entries.first).to_contain_text(t("Sent for approval"))
    expect(entries.nth(4)).to_contain_text("9 → 8")
    expect(entries.nth(5)).to_contain_text("Fine.")
    save_screenshot(buyer, f"approval-conversation-{suffix}")
