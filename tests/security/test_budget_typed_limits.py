"""Issue #14: limits a main contact types for a user are never dropped silently. With the
radio left on "Company default" of a user without own limits, the typed limits become the
user's own; moving the radio from own limits to the default says the typed ones were unused.
Each with and without htmx."""

from decimal import Decimal

import pytest

from shop.domain.rights import PredefinedRole
from shop.extensions import db
from shop.models import User
from tests.factories import make_company, make_user

BUDGETS = "/customer-center/budgets"
EN = {"Accept-Language": "en"}


@pytest.fixture
def team(app_context, login_as):
    main = make_user(make_company(), roles=(PredefinedRole.MAIN_CONTACT,))
    buyer = make_user(main.company, name="Bert Buyer")
    login_as(main)
    return buyer


def save(client, csrf, user, htmx: bool, source="default", quantity="", value="", monthly=""):
    prefix = f"user-{user.id}-"
    response = client.post(
        f"{BUDGETS}/users/{user.id}",
        data={
            "csrf_token": csrf(BUDGETS),
            prefix + "source": source,
            prefix + "max_quantity_per_order": quantity,
            prefix + "max_order_value": value,
            prefix + "monthly_budget": monthly,
        },
        headers={**EN, **({"HX-Request": "true"} if htmx else {})},
    )
    if htmx:
        assert response.status_code == 200
        return response.get_data(as_text=True)
    assert response.status_code == 302
    return client.get(BUDGETS, headers=EN).get_data(as_text=True)


def fresh(user) -> User:
    db.session.expire_all()
    return db.session.get(User, user.id)


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_limits_typed_with_the_radio_left_on_company_default_become_the_users_own(
    client, csrf, team, htmx
):
    html = save(client, csrf, team, htmx, source="default", quantity="7", monthly="500.00")

    user = fresh(team)
    assert user.has_own_budget is True
    assert (user.max_quantity_per_order, user.monthly_budget) == (7, Decimal("500.00"))
    assert "Nothing was changed" not in html
    assert "the typed limits are now their own limits" in html


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_moving_the_radio_to_company_default_says_the_changed_limits_were_not_used(
    client, csrf, team, htmx
):
    save(client, csrf, team, htmx, source="own", quantity="10", value="99.99")

    html = save(client, csrf, team, htmx, source="default", quantity="5", value="99.99")

    user = fresh(team)
    assert user.has_own_budget is False and user.max_quantity_per_order is None
    assert "The typed limits were not used because" in html


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_choosing_the_company_default_with_the_own_limits_still_shown_just_saves(
    client, csrf, team, htmx
):
    save(client, csrf, team, htmx, source="own", quantity="10", value="99.99")

    html = save(client, csrf, team, htmx, source="default", quantity="10", value="99.99")

    assert fresh(team).has_own_budget is False
    assert "Budget of Bert Buyer saved." in html and "not used" not in html
