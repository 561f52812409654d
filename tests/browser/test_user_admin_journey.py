"""User administration in real Chromium (§4): the main contact invites a colleague, who sets a
password and logs in, and is thrown out at their next click once deactivated; ERP contacts
are imported; a custom role with only data sheets behaves like a service technician."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from shop.domain.rights import PredefinedRole
from shop.extensions import db
from shop.models import ProductMedia, User
from tests.browser.conftest import save_screenshot
from tests.factories import PASSWORD, make_category, make_company, make_product, make_user

pytestmark = pytest.mark.browser

LINK = re.compile(r"https?://[^/\s]+(/password/set/\S+)")


def log_in(page, t, email: str, password: str = PASSWORD) -> None:
    page.goto("/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.click("form button[type=submit] >> text=" + t("Log in"))


def user_by_email(email: str) -> User:
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.email == email))


@pytest.mark.parametrize(
    "language, javascript",
    [("en", True), ("de", True), ("en", False)],
    ids=["english", "german", "no-javascript"],
)
def test_main_contact_invites_a_colleague_and_deactivates_them_while_logged_in(
    open_page, translate, mailbox, app_context, language, javascript
):
    t = lambda message, **values: translate(message, language, **values)  # noqa: E731
    company = make_company(name="Müller Maschinenbau GmbH", default_monthly_budget=Decimal("500"))
    boss = make_user(company, roles=(PredefinedRole.MAIN_CONTACT,), name="Anna Müller")
    for number in range(3):
        make_user(company, name=f"Existing Colleague {number}")
    page = open_page(language, javascript)
    log_in(page, t, boss.email)

    page.goto("/customer-center/users")
    page.click(f"text={t('Create user')}")
    page.get_by_label(t("Name"), exact=True).fill("Clara Schulz")
    page.get_by_label(t("E-mail"), exact=True).fill("clara.schulz@example.com")
    page.get_by_label(t("Approver"), exact=True).check()
    page.click(f"button >> text={t('Create and invite')}")
    expect(page.locator("#user-list")).to_contain_text("Clara Schulz")

    mail = mailbox.wait_for("clara.schulz@example.com")
    colleague_page = open_page(language, javascript)
    colleague_page.goto(LINK.search(mail.text).group(1))
    colleague_page.get_by_label(t("New password")).fill("Lila-Kiesel-Turm-7")
    colleague_page.get_by_label(t("Repeat the password")).fill("Lila-Kiesel-Turm-7")
    colleague_page.click(f"button >> text={t('Save password')}")
    expect(colleague_page.locator(".site-header .who")).to_contain_text("Clara Schulz")

    clara = user_by_email("clara.schulz@example.com")
    row = page.locator(f"#user-{clara.id}")
    if javascript:
        page.fill("#user-search", "clara")
        expect(page.locator("#user-list tbody tr")).to_have_count(1)
        expect(page).to_have_url(re.compile(r"q=clara"))
    else:
        page.fill("#user-search", "clara")
        page.click(f"form.filters button >> text={t('Filter')}")
        expect(page.locator("#user-list tbody tr")).to_have_count(1)
    expect(row).to_contain_text(t("Active"))
    save_screenshot(page, f"users-{language}-{'js' if javascript else 'nojs'}")
    deactivate = row.get_by_role("button", name=t("Deactivate %(name)s", name="Clara Schulz"))
    if javascript:
        # htmx asks first in the browser's dialog (#15).
        page.once("dialog", lambda dialog: dialog.accept())
        deactivate.click()
    else:
        # Without JavaScript a page of its own asks first (#15).
        deactivate.click()
        expect(page.locator("h1")).to_have_text(t("Deactivate %(name)s?", name="Clara Schulz"))
        page.click(f"main form button >> text={t('Deactivate')}")
        expect(page).to_have_url(re.compile(r"q=clara"))
    expect(row).to_contain_text(t("Inactive"))
    # The same message with and without JavaScript.
    expect(page.locator("main")).to_contain_text(
        t("%(name)s is deactivated and logged out.", name="Clara Schulz")
    )

    colleague_page.click(f"nav >> text={t('Orders')}")
    expect(colleague_page).to_have_url(re.compile(r"/login"))
    assert user_by_email("clara.schulz@example.com").active is False


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_main_contact_imports_a_contact_known_in_the_erp(
    open_page, translate, mailbox, erp, app_context, javascript
):
    t = lambda message, **values: translate(message, "en", **values)  # noqa: E731
    company = make_company(customer_number="10001", name="Müller Maschinenbau GmbH")
    boss = make_user(
        company,
        roles=(PredefinedRole.MAIN_CONTACT,),
        name="Anna Müller",
        email="main@demo.example.com",
    )
    page = open_page("en", javascript)
    log_in(page, t, boss.email)

    page.goto("/customer-center/users")
    page.click(f"text={t('Import contacts from the ERP')}")
    expect(page.locator("table.contacts")).to_contain_text("David Wagner")
    expect(page.locator("tr.imported")).to_contain_text(t("Already a user"))
    page.get_by_label("Clara Schulz", exact=True).check()
    page.click(f"button >> text={t('Import and invite')}")

    # The result per contact (#15), then back to the list.
    expect(page.locator("table.import-result")).to_contain_text("Clara Schulz")
    expect(page.locator("table.import-result")).to_contain_text(
        t("Imported: the invitation is mailed")
    )
    page.click(f"main a >> text={t('Back to the users')}")
    expect(page.locator("#user-list")).to_contain_text("Clara Schulz")
    expect(page.locator("#user-list")).to_contain_text(t("Invited"))
    mail = mailbox.wait_for("clara.schulz@mueller-maschinenbau.example.com")
    assert "/password/set/" in mail.text
    assert user_by_email("clara.schulz@mueller-maschinenbau.example.com").erp_contact_id == (
        "C-10001-03"
    )


def test_a_custom_role_with_only_data_sheets_behaves_like_a_technician(
    open_page, translate, app_context
):
    t = lambda message, **values: translate(message, "en", **values)  # noqa: E731
    company = make_company()
    boss = make_user(company, roles=(PredefinedRole.MAIN_CONTACT,))
    worker = make_user(company, name="Tom Field")
    product = make_product(make_category(), list_price=Decimal("12.34"))
    db.session.add(
        ProductMedia(
            product_id=product.id,
            kind="datasheet",
            filename="sheet.pdf",
            mime_type="application/pdf",
            title_en="Data sheet",
            title_de="Datenblatt",
            content=b"%PDF-1.4 test",
            size=13,
        )
    )
    db.session.commit()
    page = open_page("en")
    log_in(page, t, boss.email)

    page.goto("/customer-center/roles")
    page.click(f"text={t('Create role')}")
    page.get_by_label(t("Name of the role")).fill("Data sheets only")
    page.get_by_label(t("Download data sheets")).check()
    page.click(f"button >> text={t('Save role')}")
    expect(page.locator("table.roles")).to_contain_text("Data sheets only")
    page.goto(f"/customer-center/users/{worker.id}")
    page.get_by_label(t("Buyer"), exact=True).uncheck()
    page.get_by_label("Data sheets only").check()
    page.click(f"button >> text={t('Save changes')}")
    expect(page.locator("#user-details")).to_contain_text(t("The changes are saved."))

    worker_page = open_page("en")
    log_in(worker_page, t, worker.email)
    worker_page.goto(f"/products/{product.sku}")
    expect(worker_page.locator("h1")).to_contain_text(product.name_en)
    expect(worker_page.locator(".price")).to_have_count(0)
    expect(worker_page.locator("nav >> text=" + t("Cart"))).to_have_count(0)
    with worker_page.expect_download() as download:
        worker_page.click("text=Data sheet")
    assert download.value.suggested_filename == "sheet.pdf"
    # Asked with the page's cookies but not rendered, so no console error is logged.
    assert worker_page.request.get("/cart", max_redirects=0).status == 403
    assert worker_page.request.get("/checkout", max_redirects=0).status == 403
