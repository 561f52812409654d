"""Every paged list answers any ?page= value (#13): what is no page number shows page 1, a
number beyond the last page shows the last page, never an empty page or a 500."""

from decimal import Decimal

import pytest

from shop.domain.rights import PredefinedRole
from tests.clients import logged_in, text_of
from tests.conftest import csrf_token_from
from tests.factories import make_product, make_user, order_over_budget, team

BAD_PAGES = ["0", "-1", "x", "1.5", "", str(10**30), "2", "999", "99999"]
EN = {"Accept-Language": "en"}


def catalog(app):
    product = make_product()
    return app.test_client(), "/catalog", product.sku


def search(app):
    product = make_product(name_en="Paginated flange nut")
    return app.test_client(), "/search?q=flange", product.sku


def orders(app):
    _, main, _, anna = team()
    order = order_over_budget(anna)
    return logged_in(app, main), "/orders", order.number


def approval_inbox(app):
    _, _, clara, anna = team()
    order = order_over_budget(anna)
    return logged_in(app, clara), "/customer-center/approvals", order.number


def users(app):
    _, main, _, _ = team()
    return logged_in(app, main), "/customer-center/users", "Clara Schulz"


def audit_trail(app):
    company, main, _, _ = team()
    make_user(company, name="Bert Audited", roles=(PredefinedRole.BUYER,))
    client = logged_in(app, main)
    page = text_of(client.get("/customer-center/budgets"))
    token = csrf_token_from(page)
    client.post(
        "/customer-center/budgets/default",
        data={"csrf_token": token, "default-monthly_budget": "1234.00"},
    )
    return client, "/customer-center/audit", '<table class="audit">'


@pytest.mark.parametrize(
    "paged_list",
    [catalog, search, orders, approval_inbox, users, audit_trail],
    ids=lambda f: f.__name__,
)
def test_a_bad_or_too_high_page_number_shows_a_page_with_the_entries(app, app_context, paged_list):
    client, path, shown = paged_list(app)
    separator = "&" if "?" in path else "?"

    answers = {page: client.get(f"{path}{separator}page={page}", headers=EN) for page in BAD_PAGES}

    for page, response in answers.items():
        assert response.status_code == 200, page
        assert shown in text_of(response), f"page={page} shows no entries"


def test_a_page_beyond_the_last_is_the_last_page(app, app_context):
    app.config["PAGE_SIZE"], size = 2, app.config["PAGE_SIZE"]
    try:
        for _ in range(4):
            make_product(list_price=Decimal("1.00"))
        last = make_product(list_price=Decimal("9.00"))
        client = app.test_client()

        response = client.get("/catalog?sort=price_asc&page=7", headers=EN)
    finally:
        app.config["PAGE_SIZE"] = size

    html = text_of(response)
    assert "Page 3 of 3" in html
    assert last.sku in html
