"""The customer center's start page: figures for the main contact, shortcuts by right."""

from decimal import Decimal

import pytest

from shop.domain.rights import PredefinedRole
from shop.extensions import db
from tests.factories import make_company, make_order, make_product, make_user


def figure(page: str, name: str) -> str:
    block = page[page.index(f'id="figure-{name}"') :]
    return block[block.index("<dd>") + 4 : block.index("</dd>")]


@pytest.fixture
def company(app_context):
    return make_company()


def test_main_contact_sees_users_pending_approvals_and_spend_against_budgets(
    client, login_as, company
):
    main = make_user(company, roles=(PredefinedRole.MAIN_CONTACT,))
    buyer = make_user(company)
    make_user(company, active=False)
    make_order(buyer, [(make_product(list_price=Decimal("40.00")), 1)])
    waiting = make_order(buyer, [(make_product(list_price=Decimal("900.00")), 1)])
    waiting.status = "awaiting_approval"
    make_order(make_user(make_company()), [(make_product(list_price=Decimal("5.00")), 1)])
    company.default_monthly_budget = Decimal("150.00")
    buyer.has_own_budget, buyer.monthly_budget = True, None  # own budget without a monthly limit
    db.session.commit()
    login_as(main)

    page = client.get("/customer-center/").get_data(as_text=True)

    assert figure(page, "active-users").strip() == "2"
    assert figure(page, "pending-approvals").strip() == "1"
    spend = figure(page, "month-spend")
    assert "€40.00" in spend
    assert "of €150.00 monthly budgets" in spend
    assert "plus 1 user without limit" in spend


def test_main_contact_gets_a_shortcut_to_every_screen_that_exists(client, login_as, app, company):
    login_as(make_user(company, roles=(PredefinedRole.MAIN_CONTACT,)))

    page = client.get("/customer-center/").get_data(as_text=True)

    for endpoint, path in [
        ("customer_center.budgets", "/customer-center/budgets"),
        ("customer_center.approvers", "/customer-center/approvers"),
        ("customer_center.reports", "/customer-center/reports"),
        ("customer_center.absence", "/customer-center/absence"),
        ("customer_center.users", "/customer-center/users"),
        ("customer_center.roles", "/customer-center/roles"),
        ("customer_center.approvals", "/customer-center/approvals"),
        ("customer_center.audit", "/customer-center/audit"),
    ]:
        assert (f'href="{path}"' in page) == (endpoint in app.view_functions), endpoint
    assert "Customer number" in page  # the company's master data stays


def test_buyer_sees_no_figures_and_no_admin_shortcuts(client, login_as, company):
    login_as(make_user(company))

    response = client.get("/customer-center/")

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="figure-active-users"' not in page
    for path in (
        "/customer-center/budgets",
        "/customer-center/approvers",
        "/customer-center/reports",
    ):
        assert f'href="{path}"' not in page


def test_controller_gets_budgets_and_reports_but_not_approvers(client, login_as, company):
    login_as(make_user(company, roles=(PredefinedRole.CONTROLLER,)))

    page = client.get("/customer-center/").get_data(as_text=True)

    assert 'href="/customer-center/budgets"' in page
    assert 'href="/customer-center/reports"' in page
    assert 'href="/customer-center/approvers"' not in page
    assert 'id="figure-month-spend"' in page


def test_missing_screens_are_left_out_instead_of_breaking_the_page(client, login_as, app, company):
    login_as(make_user(company, roles=(PredefinedRole.MAIN_CONTACT,)))
    view = app.view_functions.pop("customer_center.audit", None)
    try:
        response = client.get("/customer-center/")
    finally:
        if view is not None:
            app.view_functions["customer_center.audit"] = view

    assert response.status_code == 200
    # The shortcut tiles; the sub-navigation links every section of the customer center.
    shortcuts = response.get_data(as_text=True).split('class="shortcuts"')[1].split("</nav>")[0]
    assert 'href="/customer-center/audit"' not in shortcuts


def test_dashboard_needs_a_login(client, app_context):
    response = client.get("/customer-center/")

    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
