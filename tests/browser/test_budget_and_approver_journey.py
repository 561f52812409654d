"""The main contact's budgets and approvers in real Chromium: sets a user's budget, names a
company approver and a per-user approver, and sees who approves whose orders and why; in
English, in German, and with JavaScript switched off (plain forms and redirects)."""

import re
from decimal import Decimal

import pytest
from flask_babel import force_locale, format_currency
from playwright.sync_api import expect

from shop.domain.rights import PredefinedRole
from tests.browser.conftest import save_screenshot
from tests.factories import PASSWORD, make_company, make_order, make_product, make_user

pytestmark = pytest.mark.browser


@pytest.fixture
def team(app_context):
    company = make_company()
    main = make_user(company, roles=(PredefinedRole.MAIN_CONTACT,), name="Maria Main")
    anna = make_user(company, roles=(PredefinedRole.APPROVER,), name="Anna Approver")
    paul = make_user(company, roles=(PredefinedRole.APPROVER,), name="Paul Peruser")
    bert = make_user(company, name="Bert Buyer")
    olga = make_user(company, name="Olga Orderer")
    make_order(bert, [(make_product(list_price=Decimal("120.00")), 1)])
    return {"main": main, "anna": anna, "paul": paul, "bert": bert, "olga": olga}


@pytest.mark.parametrize(
    "language, javascript",
    [("en", True), ("de", True), ("en", False)],
    ids=["english", "german", "no-javascript"],
)
def test_main_contact_sets_a_budget_and_names_approvers(
    open_page, translate, app, team, language, javascript
):
    t = lambda message, **values: translate(message, language, **values)  # noqa: E731

    def money(amount: str) -> str:
        with app.test_request_context(), force_locale(language):
            return format_currency(Decimal(amount), "EUR")

    bert, anna, paul, olga = team["bert"], team["anna"], team["paul"], team["olga"]
    page = open_page(language, javascript)
    page.goto("/login")
    page.fill("input[name=email]", team["main"].email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit] >> text=" + t("Log in"))
    expect(page.locator(".site-header .who")).to_contain_text("Maria Main")
    page.click(".site-nav >> text=" + t("Customer center"))
    expect(page.locator("h1")).to_have_text(t("Customer center"))

    # Budgets: Bert gets his own monthly budget; his spend this month is shown against it.
    page.click(".shortcut-tiles >> text=" + t("Budgets"))
    expect(page.locator("h1")).to_have_text(t("Budgets"))
    row = page.locator(f"#budget-{bert.id}")
    expect(row.locator(".month-spend")).to_have_text(money("120.00"))
    row.locator("a", has_text=t("Edit")).click()
    form = page.locator(f"#budget-{bert.id} form")
    form.locator(f"input[name='user-{bert.id}-source'][value=own]").check()
    # Refused input comes back with 422 and the message at the field, with htmx or without.
    form.locator(f"input[name='user-{bert.id}-monthly_budget']").fill("-5")
    form.locator("button[type=submit]").click()
    expect(page.locator(f"#user-{bert.id}-monthly_budget-error")).to_have_text(
        t("The amount cannot be negative.")
    )
    form = page.locator(f"#budget-{bert.id} form")
    form.locator(f"input[name='user-{bert.id}-monthly_budget']").fill("500")
    form.locator("button[type=submit]").click()
    row = page.locator(f"#budget-{bert.id}")
    expect(row.locator(".budget-source")).to_have_text(t("Own limits"))
    expect(row.locator(".remaining")).to_have_text(money("380.00"))
    message = t("Budget of %(name)s saved.", name=bert.name)
    if javascript:
        expect(row.locator(".saved")).to_have_text(message)
        expect(page).to_have_url(re.compile(r"/customer-center/budgets$"))
    else:
        expect(page.locator(".flashes")).to_contain_text(message)
    save_screenshot(page, f"budgets-{language}-{'js' if javascript else 'nojs'}")

    # Approvers: Anna for the whole company, Paul for Bert only.
    page.goto("/customer-center/")
    page.click(".shortcut-tiles >> text=" + t("Approvers"))
    expect(page.locator(f"#routing-{olga.id} .who-approves")).to_contain_text("Maria Main")
    page.check(f"input[name=company-approver_ids][value='{anna.id}']")
    page.click("button >> text=" + t("Save company approvers"))
    expect(page.locator("main")).to_contain_text(t("Company approvers saved."))
    bert_row = page.locator(f"#routing-{bert.id}")
    bert_row.locator("summary").click()
    bert_row.locator(f"input[value='{paul.id}']").check()
    bert_row.locator("button[type=submit]").click()

    bert_cell = page.locator(f"#routing-{bert.id} .who-approves")
    expect(bert_cell).to_contain_text("Paul Peruser")
    expect(bert_cell).to_contain_text(t("per-user approver of %(name)s", name=bert.name))
    olga_cell = page.locator(f"#routing-{olga.id} .who-approves")
    expect(olga_cell).to_contain_text("Anna Approver")
    expect(olga_cell).to_contain_text(t("approver for the whole company"))
    expect(olga_cell).not_to_contain_text("Maria Main")
    save_screenshot(page, f"approvers-{language}-{'js' if javascript else 'nojs'}")


def test_reports_page_shows_the_table_and_the_chart(open_page, translate, team):
    page = open_page("en")
    page.goto("/login")
    page.fill("input[name=email]", team["main"].email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit] >> text=Log in")
    expect(page.locator(".site-header .who")).to_contain_text("Maria Main")

    page.goto("/customer-center/")
    page.click(".shortcut-tiles >> text=Reports")

    expect(page.locator("h1")).to_have_text("Reports")
    expect(page.locator(f"#spend-{team['bert'].id}")).to_contain_text("€120.00")
    expect(page.locator("figure.chart svg rect")).to_have_count(6)
    expect(page.locator("#state-placed")).to_contain_text("1")
    save_screenshot(page, "reports-en")
