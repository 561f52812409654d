"""Reports and the audit trail in real Chromium (#15): the main contact chooses the report's
period (a reversed one first), switches to spend per month, and downloads the audit trail as
CSV; in English, in German, and with JavaScript switched off."""

from datetime import datetime

import pytest
from playwright.sync_api import expect

from shop.extensions import db
from shop.services.customer_center.audit_trail import record_change
from tests.factories import PASSWORD, make_company, make_main_contact, make_user

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    "language, javascript",
    [("en", True), ("de", True), ("en", False)],
    ids=["english", "german", "no-javascript"],
)
def test_the_main_contact_reports_a_period_and_downloads_the_audit_trail(
    open_page, translate, app_context, tmp_path, language, javascript
):
    company = make_company()
    main = make_main_contact(company, name="Maria Main")
    gone = make_user(company, name="Carl Gone", active=False)
    record_change(
        company_id=company.id,
        actor=main,
        target_type="user",
        target_id=gone.id,
        field="active",
        old="active",
        new="inactive",
        now=datetime(2026, 2, 3, 9),
    )
    main.locale = language
    db.session.commit()
    t = lambda message, **values: translate(message, language, **values)  # noqa: E731

    page = open_page(language, javascript)
    page.goto("/login")
    page.fill("input[name=email]", main.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit] >> text=" + t("Log in"))

    page.goto("/customer-center/reports/spend")
    page.fill("input[name=period_from]", "2026-03")
    page.fill("input[name=period_to]", "2026-01")
    page.click("form.report-period button[type=submit]")
    expect(page.locator(".field-error")).to_have_text(
        t("The end of the period must not be before its start.")
    )
    page.fill("input[name=period_from]", "2026-01")
    page.fill("input[name=period_to]", "2026-03")
    page.check("input[name=by][value=month]")
    page.click("form.report-period button[type=submit]")
    expect(page.locator("table.spend-by-month tbody tr")).to_have_count(3)
    page.check("input[name=by][value=user]")
    page.click("form.report-period button[type=submit]")
    expect(page.locator("table.spend-report")).to_contain_text("Carl Gone")
    expect(page.locator(f"#spend-{gone.id}")).to_contain_text(t("inactive"))

    page.goto("/customer-center/audit")
    with page.expect_download() as download_info:
        page.click("a.download")
    saved = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(saved)
    text = saved.read_text(encoding="utf-8-sig")
    assert saved.name.startswith("audit-trail-") and saved.suffix == ".csv"
    assert t("Old value") in text and "Carl Gone" in text
    assert t("Inactive") in text and "inactive," not in text
