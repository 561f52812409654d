"""Budgets screen (§5): company default and per-user budgets, validation, spend shown,
htmx and plain variants, audit trail, rights and tenant isolation."""

from decimal import Decimal

import pytest
from sqlalchemy import select

from shop.domain.rights import PredefinedRole
from shop.extensions import db
from shop.models import AuditEntry, Company, User
from tests.factories import make_company, make_main_contact, make_order, make_product, make_user

HTMX = {"HX-Request": "true"}


@pytest.fixture
def main_contact(app_context):
    return make_main_contact(name="Maria Main")


def fresh(model, object_id):
    db.session.expire_all()
    return db.session.get(model, object_id)


def default_form(token, quantity="", value="", monthly=""):
    return {
        "csrf_token": token,
        "default-max_quantity_per_order": quantity,
        "default-max_order_value": value,
        "default-monthly_budget": monthly,
    }


def user_form(token, user, source="own", quantity="", value="", monthly=""):
    prefix = f"user-{user.id}-"
    return {
        "csrf_token": token,
        prefix + "source": source,
        prefix + "max_quantity_per_order": quantity,
        prefix + "max_order_value": value,
        prefix + "monthly_budget": monthly,
    }


def test_main_contact_sets_and_clears_the_company_default_budget(
    client, login_as, csrf, main_contact
):
    login_as(main_contact)
    token = csrf("/customer-center/budgets")

    response = client.post(
        "/customer-center/budgets/default", data=default_form(token, "100", "500.50", "2,000.00")
    )

    assert response.status_code == 302
    company = fresh(Company, main_contact.company_id)
    assert company.default_max_quantity_per_order == 100
    assert company.default_max_order_value == Decimal("500.50")
    assert company.default_monthly_budget == Decimal("2000.00")
    page = client.get("/customer-center/budgets").get_data(as_text=True)
    assert "Company default budget saved." in page

    client.post("/customer-center/budgets/default", data=default_form(token, "", "", ""))

    company = fresh(Company, main_contact.company_id)
    assert company.default_budget.has_limits is False


def test_company_default_applies_to_users_without_their_own(client, login_as, csrf, main_contact):
    buyer = make_user(main_contact.company, name="Bert Buyer")
    login_as(main_contact)
    token = csrf("/customer-center/budgets")

    client.post("/customer-center/budgets/default", data=default_form(token, monthly="750"))
    page = client.get("/customer-center/budgets").get_data(as_text=True)

    row = page[page.index(f'id="budget-{buyer.id}"') :]
    row = row[: row.index("</tr>")]
    assert "Company default" in row
    assert "€750.00" in row


def test_main_contact_gives_a_user_own_limits_and_back_to_the_default(
    client, login_as, csrf, main_contact
):
    buyer = make_user(main_contact.company)
    login_as(main_contact)
    token = csrf("/customer-center/budgets")

    response = client.post(
        f"/customer-center/budgets/users/{buyer.id}",
        data=user_form(token, buyer, quantity="10", value="99.99", monthly=""),
    )

    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/customer-center/budgets#budget-{buyer.id}")
    user = fresh(User, buyer.id)
    assert user.has_own_budget is True
    assert (user.max_quantity_per_order, user.max_order_value, user.monthly_budget) == (
        10,
        Decimal("99.99"),
        None,
    )

    client.post(
        f"/customer-center/budgets/users/{buyer.id}",
        data=user_form(token, buyer, source="default", quantity="5"),
    )

    user = fresh(User, buyer.id)
    assert user.has_own_budget is False
    assert user.own_budget is None
    assert user.max_quantity_per_order is None


def test_german_amounts_are_read_with_a_decimal_comma(client, login_as, csrf, main_contact):
    buyer = make_user(main_contact.company)
    login_as(main_contact)
    client.post(
        "/language", data={"language": "de", "csrf_token": csrf("/customer-center/budgets")}
    )
    token = csrf("/customer-center/budgets")

    client.post(
        f"/customer-center/budgets/users/{buyer.id}",
        data=user_form(token, buyer, value="1.250,50", monthly="3000"),
    )

    user = fresh(User, buyer.id)
    assert user.max_order_value == Decimal("1250.50")
    assert user.monthly_budget == Decimal("3000.00")


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("max_quantity_per_order", "-1", "The quantity cannot be negative."),
        ("max_quantity_per_order", "2.5", "Enter a whole number of pieces."),
        ("max_order_value", "-5", "The amount cannot be negative."),
        ("max_order_value", "10.005", "Use at most two decimal places."),
        ("monthly_budget", "lots", "Enter an amount such as 1,250.50."),
        ("monthly_budget", "1e3", "Enter an amount such as 1,250.50."),
    ],
)
def test_bad_input_is_refused_next_to_the_field_and_nothing_changes(
    client, login_as, csrf, main_contact, field, value, message
):
    buyer = make_user(main_contact.company)
    login_as(main_contact)
    token = csrf("/customer-center/budgets")
    data = user_form(token, buyer, quantity="7", value="70", monthly="700")
    data[f"user-{buyer.id}-{field}"] = value

    response = client.post(f"/customer-center/budgets/users/{buyer.id}", data=data)

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    error_id = f"user-{buyer.id}-{field}-error"
    assert f'<p class="field-error" id="{error_id}">{message}</p>' in page
    assert f'value="{value}"' in page  # the input keeps what was typed
    assert fresh(User, buyer.id).has_own_budget is False
    assert db.session.scalars(select(AuditEntry)).all() == []


def test_bad_company_default_is_refused_next_to_the_field(client, login_as, csrf, main_contact):
    login_as(main_contact)
    token = csrf("/customer-center/budgets")

    response = client.post(
        "/customer-center/budgets/default", data=default_form(token, "10", "-3", "")
    )

    assert response.status_code == 422
    assert 'id="default-max_order_value-error"' in response.get_data(as_text=True)
    assert fresh(Company, main_contact.company_id).default_max_quantity_per_order is None


def test_htmx_edit_returns_the_row_form_and_save_returns_the_row(
    client, login_as, csrf, main_contact
):
    buyer = make_user(main_contact.company, name="Hanna Htmx")
    login_as(main_contact)
    token = csrf("/customer-center/budgets")

    edit = client.get(f"/customer-center/budgets/users/{buyer.id}/edit", headers=HTMX)
    saved = client.post(
        f"/customer-center/budgets/users/{buyer.id}",
        data=user_form(token, buyer, value="250"),
        headers=HTMX,
    )

    assert edit.status_code == 200
    form_html = edit.get_data(as_text=True)
    assert form_html.lstrip().startswith(f'<tr id="budget-{buyer.id}" class="budget-row editing">')
    assert "<html" not in form_html
    assert saved.status_code == 200
    row_html = saved.get_data(as_text=True)
    assert row_html.lstrip().startswith(f'<tr id="budget-{buyer.id}"')
    assert "Budget of Hanna Htmx saved." in row_html
    assert "€250.00" in row_html
    assert "<html" not in row_html


def test_htmx_errors_come_back_in_the_row_form_with_status_422(
    client, login_as, csrf, main_contact
):
    buyer = make_user(main_contact.company)
    login_as(main_contact)
    token = csrf("/customer-center/budgets")

    response = client.post(
        f"/customer-center/budgets/users/{buyer.id}",
        data=user_form(token, buyer, monthly="-1"),
        headers=HTMX,
    )

    assert response.status_code == 422  # base.html lets htmx swap 422 answers
    html = response.get_data(as_text=True)
    assert "The amount cannot be negative." in html
    assert "<html" not in html


def test_plain_edit_link_shows_the_row_form_on_the_page(client, login_as, main_contact):
    buyer = make_user(main_contact.company)
    login_as(main_contact)

    redirect = client.get(f"/customer-center/budgets/users/{buyer.id}/edit")
    page = client.get(f"/customer-center/budgets?edit={buyer.id}").get_data(as_text=True)

    assert redirect.status_code == 302
    assert f"edit={buyer.id}" in redirect.headers["Location"]
    assert f'name="user-{buyer.id}-monthly_budget"' in page


def test_htmx_default_change_swaps_the_whole_budgets_block(client, login_as, csrf, main_contact):
    login_as(main_contact)
    token = csrf("/customer-center/budgets")

    response = client.post(
        "/customer-center/budgets/default", data=default_form(token, "3"), headers=HTMX
    )

    html = response.get_data(as_text=True)
    assert html.lstrip().startswith('<div id="budgets"')
    assert "Company default budget saved." in html


def test_month_to_date_spend_and_remaining_budget_are_shown(client, login_as, main_contact):
    buyer = make_user(main_contact.company, has_own_budget=True, monthly_budget=Decimal("100.00"))
    make_order(buyer, [(make_product(list_price=Decimal("30.25")), 1)])
    login_as(main_contact)

    page = client.get("/customer-center/budgets").get_data(as_text=True)

    row = page[page.index(f'id="budget-{buyer.id}"') :]
    row = row[: row.index("</tr>")]
    assert "€30.25" in row
    assert "€69.75" in row


def test_every_budget_change_is_in_the_audit_trail(client, login_as, csrf, main_contact):
    buyer = make_user(main_contact.company)
    login_as(main_contact)
    token = csrf("/customer-center/budgets")

    client.post(
        f"/customer-center/budgets/users/{buyer.id}", data=user_form(token, buyer, monthly="80")
    )
    client.post("/customer-center/budgets/default", data=default_form(token, quantity="12"))

    entries = {
        (e.target_type, e.target_id, e.field, e.old_value, e.new_value, e.actor_id)
        for e in db.session.scalars(select(AuditEntry))
    }
    assert entries == {
        ("user", str(buyer.id), "has_own_budget", "False", "True", main_contact.id),
        ("user", str(buyer.id), "monthly_budget", "", "80.00", main_contact.id),
        (
            "company",
            str(main_contact.company_id),
            "default_max_quantity_per_order",
            "",
            "12",
            main_contact.id,
        ),
    }


def test_controller_sees_budgets_but_cannot_change_them(client, login_as, csrf, main_contact):
    controller = make_user(main_contact.company, roles=(PredefinedRole.CONTROLLER,))
    buyer = make_user(main_contact.company)
    login_as(controller)

    page = client.get("/customer-center/budgets")
    token = csrf("/customer-center/budgets")
    change = client.post(
        f"/customer-center/budgets/users/{buyer.id}", data=user_form(token, buyer, monthly="1")
    )
    default = client.post("/customer-center/budgets/default", data=default_form(token, "1"))

    assert page.status_code == 200
    assert f"/budgets/users/{buyer.id}/edit" not in page.get_data(as_text=True)
    assert 'name="default-monthly_budget"' not in page.get_data(as_text=True)
    assert (change.status_code, default.status_code) == (403, 403)


def test_buyer_may_not_see_budgets(client, login_as, main_contact):
    login_as(make_user(main_contact.company))

    assert client.get("/customer-center/budgets").status_code == 403


def test_another_companys_user_is_not_found(client, login_as, csrf, main_contact):
    stranger = make_user(make_company())
    login_as(main_contact)
    token = csrf("/customer-center/budgets")

    responses = [
        client.get(f"/customer-center/budgets/users/{stranger.id}/edit", headers=HTMX),
        client.get(f"/customer-center/budgets/users/{stranger.id}", headers=HTMX),
        client.get(f"/customer-center/budgets?edit={stranger.id}"),
        client.post(
            f"/customer-center/budgets/users/{stranger.id}",
            data=user_form(token, stranger, monthly="1"),
        ),
    ]

    assert [r.status_code for r in responses] == [404, 404, 404, 404]
    assert fresh(User, stranger.id).has_own_budget is False


def test_budget_change_without_csrf_token_is_refused(client, login_as, main_contact):
    login_as(main_contact)

    response = client.post("/customer-center/budgets/default", data=default_form("", "1"))

    assert response.status_code == 400
    assert fresh(Company, main_contact.company_id).default_max_quantity_per_order is None
