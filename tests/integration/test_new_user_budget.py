"""Creating a user asks for the budget limits too (#15, SPEC §4/§5): each optional, the company
default when none is typed, validated exactly as on the budgets page."""

import re
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from shop.domain.rights import PredefinedRole
from shop.extensions import db
from shop.models import AuditEntry, OutboxEntry, User
from shop.services.customer_center.roles import ensure_predefined_roles
from tests.conftest import csrf_token_from
from tests.factories import make_company, make_main_contact

NEW = "/customer-center/users/new"


def create(client, company, language: str = "en", **fields):
    buyer = ensure_predefined_roles(company)[PredefinedRole.BUYER].id
    headers = {"Accept-Language": language}
    token = csrf_token_from(client.get(NEW, headers=headers).get_data(as_text=True))
    data = {"name": "Clara Schulz", "email": "clara@example.com", "role_ids": [buyer]}
    return client.post(NEW, data={**data, **fields, "csrf_token": token}, headers=headers)


def created() -> User | None:
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.email == "clara@example.com"))


def test_the_create_page_asks_for_the_three_limits(client, login_as):
    company = make_company(default_monthly_budget=Decimal("2500.00"))
    login_as(make_main_contact(company))

    html = client.get(NEW, headers={"Accept-Language": "en"}).get_data(as_text=True)

    for name in ("max_quantity_per_order", "max_order_value", "monthly_budget"):
        assert f'name="{name}"' in html
    assert re.search(r'value="default"[^>]*checked|checked[^>]*value="default"', html)
    assert "Monthly: €2,500.00" in html


def test_a_user_created_with_limits_has_them_as_own_budget(client, login_as):
    company = make_company(default_monthly_budget=Decimal("2500.00"))
    boss = login_as(make_main_contact(company))

    response = create(
        client,
        company,
        source="own",
        max_quantity_per_order="40",
        max_order_value="1,250.50",
        monthly_budget="",
    )

    assert response.status_code == 302
    clara = created()
    assert clara.has_own_budget is True
    assert (clara.max_quantity_per_order, clara.max_order_value, clara.monthly_budget) == (
        40,
        Decimal("1250.50"),
        None,  # empty: no limit
    )
    fields = set(
        db.session.scalars(
            select(AuditEntry.field).where(
                AuditEntry.target_id == str(clara.id), AuditEntry.actor_id == boss.id
            )
        )
    )
    assert {"created", "roles", "has_own_budget", "max_quantity_per_order"} <= fields
    assert "max_order_value" in fields


def test_limits_typed_while_the_company_default_is_chosen_become_own_limits(client, login_as):
    company = make_company()
    login_as(make_main_contact(company))

    create(client, company, language="de", source="default", monthly_budget="1.250,50")

    clara = created()
    assert clara.has_own_budget is True and clara.monthly_budget == Decimal("1250.50")


def test_without_limits_the_company_default_applies(client, login_as):
    company = make_company(default_max_order_value=Decimal("750.00"))
    login_as(make_main_contact(company))

    create(client, company, source="default")

    clara = created()
    assert clara.has_own_budget is False
    assert clara.own_budget is None
    assert clara.company.default_budget.max_order_value == Decimal("750.00")


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"max_order_value": "-5"}, "max_order_value", "cannot be negative"),
        ({"monthly_budget": "12.345"}, "monthly_budget", "Use at most two decimal places."),
        ({"monthly_budget": "1e3"}, "monthly_budget", "Enter an amount such as"),
        ({"max_order_value": "10 EUR"}, "max_order_value", "Enter an amount such as"),
        ({"max_quantity_per_order": "many"}, "max_quantity_per_order", ""),
        ({"max_quantity_per_order": "999999999999"}, "max_quantity_per_order", ""),
        ({"source": "both"}, "source", "Choose the company default or own limits."),
    ],
)
def test_bad_limits_are_refused_next_to_the_field_and_nothing_is_created(
    client, login_as, mailbox, fields, field, message
):
    company = make_company()
    login_as(make_main_contact(company))

    response = create(client, company, **{"source": "own", **fields})

    html = response.get_data(as_text=True)
    assert response.status_code == 422
    error = re.search(rf'id="{field}-error"[^>]*>([^<]*)<', html)
    assert error and message in error.group(1)
    assert created() is None
    assert db.session.scalar(select(func.count(OutboxEntry.id))) == 0


def test_the_german_form_reads_german_amounts(client, login_as):
    company = make_company()
    login_as(make_main_contact(company))

    html = client.get(NEW, headers={"Accept-Language": "de"}).get_data(as_text=True)
    create(client, company, language="de", source="own", max_order_value="2.000,00")

    assert "Eigene Grenzen" in html
    assert created().max_order_value == Decimal("2000.00")
