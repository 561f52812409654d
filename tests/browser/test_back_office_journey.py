"""The back office in real Chromium (§12): an operator logs in, works a held order's ticket
(note, assignment, release) so that it reaches the ERP, and retries a parked outbox entry; in
English, in German, and with JavaScript switched off."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from shop.erp import erp_client
from shop.extensions import db
from shop.models import OutboxEntry
from shop.models.clock import utcnow
from shop.services.outbox import deliver_due
from tests.browser.conftest import save_screenshot
from tests.factories import (
    PASSWORD,
    make_company,
    make_order,
    make_staff,
    make_user,
    order_by_number,
)

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    "language, javascript",
    [("en", True), ("de", True), ("en", False)],
    ids=["english", "german", "no-javascript"],
)
def test_an_operator_releases_a_held_order_and_retries_a_parked_entry(
    open_page, translate, app_context, erp, language, javascript
):
    t = lambda message, **values: translate(message, language, **values)  # noqa: E731
    suffix = f"{language}-{'js' if javascript else 'nojs'}"
    held = make_order(make_user(make_company(customer_number="10001")), comment="Gate 2, please")
    rejected = make_order(make_user(make_company(customer_number="99999")))
    deliver_due(erp_client(), "worker-1", utcnow())
    staff = make_staff(name="Olga Operator")

    page = open_page(language, javascript)
    page.goto("/back-office/login")
    page.fill("input[name=email]", staff.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    expect(page.locator("h1")).to_have_text(t("Back office"))

    page.click(f".site-nav >> text={t('Review queue')}")
    queue = page.locator("table.review-queue")
    expect(queue).to_contain_text(held.number)
    expect(queue).to_contain_text(t("Customer comment"))
    expect(queue).to_contain_text(t("ERP rejection"))
    page.locator("table.review-queue tr", has_text=held.number).locator("a").first.click()
    expect(page.locator(".order-facts")).to_contain_text("Gate 2, please")

    page.fill("textarea[name=note]", "Called the customer: gate 2 is fine.")
    page.click(f"button >> text={t('Add note')}")
    expect(page.locator(".ticket-notes")).to_contain_text("gate 2 is fine")
    page.select_option("select[name=assignee]", "queue:logistics")
    page.click(f"button >> text={t('Assign')}")
    expect(page.locator(".ticket-status")).to_contain_text(t("Logistics team"))
    save_screenshot(page, f"back-office-ticket-{suffix}")
    page.click(f"button >> text={t('Release the order')}")
    expect(page.locator("#flashes")).to_contain_text(
        t("The order is released and continues on its own.")
    )

    delivered = deliver_due(erp_client(), "worker-1", utcnow())
    assert [d.outcome for d in delivered] == ["delivered"]
    assert order_by_number(held.number).status == "transmitted"
    assert erp.orders()[held.number]["received"] == 1

    page.click(f".site-nav >> text={t('ERP outbox')}")
    row = page.locator("table.outbox tr", has_text=rejected.number)
    expect(row).to_contain_text(t("Parked"))
    save_screenshot(page, f"back-office-outbox-{suffix}")
    row.locator(f"button >> text={t('Retry')}").click()
    expect(page.locator("#flashes")).to_contain_text(
        t("%(num)d entry is due again; the worker sends it.", num=1)
    )
    db.session.expire_all()
    statuses = db.session.scalars(
        select(OutboxEntry.status)
        .where(OutboxEntry.kind != "send_mail")  # the orders' mails have entries of their own
        .order_by(OutboxEntry.id)
    ).all()
    assert statuses == ["pending", "delivered"]
