"""Rights carry a one-line description where roles are edited, and a predefined role can be
copied into a custom role (#15)."""

import re

import pytest
from sqlalchemy import func, select

from shop.domain.rights import PREDEFINED_ROLE_RIGHTS, PredefinedRole, Right
from shop.extensions import db
from shop.models import AuditEntry, Role
from shop.services.customer_center.roles import ensure_predefined_roles
from tests.conftest import csrf_token_from
from tests.factories import make_company, make_main_contact, make_user

ROLES = "/customer-center/roles"
EN = {"Accept-Language": "en"}
DE = {"Accept-Language": "de"}


def predefined(company, kind: PredefinedRole) -> Role:
    return ensure_predefined_roles(company)[kind]


def copy(client, role: Role, name: str, headers=EN):
    page = client.get(f"{ROLES}/{role.id}", headers=headers).get_data(as_text=True)
    return client.post(
        f"{ROLES}/{role.id}/copy",
        data={"name": name, "csrf_token": csrf_token_from(page)},
        headers=headers,
    )


def custom_roles(company) -> list[Role]:
    db.session.expire_all()
    return db.session.scalars(
        select(Role).where(Role.company_id == company.id, Role.predefined.is_(None))
    ).all()


@pytest.mark.parametrize("path", [f"{ROLES}/new", "predefined"])
def test_every_right_shows_its_description_where_roles_are_edited(client, login_as, path):
    company = make_company()
    login_as(make_main_contact(company))
    if path == "predefined":
        path = f"{ROLES}/{predefined(company, PredefinedRole.BUYER).id}"

    html = client.get(path, headers=EN).get_data(as_text=True)

    descriptions = re.findall(r'<p class="hint right-description"[^>]*>([^<]+)</p>', html)
    assert len(descriptions) == len(Right)
    assert "Approves, changes or rejects the orders routed to them." in descriptions
    assert not any(right.value in text for right in Right for text in descriptions)


def test_a_rights_checkbox_is_described_by_its_description(client, login_as):
    login_as(make_main_contact(make_company()))

    html = client.get(f"{ROLES}/new", headers=EN).get_data(as_text=True)

    checkbox = re.search(r'<input[^>]*value="place_orders"[^>]*>', html).group(0)
    described_by = re.search(r'aria-describedby="([^"]+)"', checkbox).group(1)
    assert re.search(rf'id="{described_by}">Fills a cart and places orders', html)


def test_the_descriptions_are_german_for_german_readers(client, login_as):
    login_as(make_main_contact(make_company()))

    html = client.get(f"{ROLES}/new", headers=DE).get_data(as_text=True)

    assert "Liest, wer im Kundencenter was wann geändert hat." in html


def test_a_predefined_role_is_copied_into_a_custom_role_with_its_rights(client, login_as):
    company = make_company()
    boss = login_as(make_main_contact(company))
    buyer = predefined(company, PredefinedRole.BUYER)

    response = copy(client, buyer, "  Buyer with reports ")

    [role] = custom_roles(company)
    assert role.name == "Buyer with reports"
    assert role.rights == PREDEFINED_ROLE_RIGHTS[PredefinedRole.BUYER]
    assert response.status_code == 302
    assert response.headers["Location"] == f"{ROLES}/{role.id}"
    page = client.get(response.headers["Location"], headers=EN).get_data(as_text=True)
    assert "is created with the rights of Buyer" in page
    assert re.search(r'value="place_orders"[^>]*checked|checked[^>]*value="place_orders"', page)
    assert predefined(company, PredefinedRole.BUYER).rights == PREDEFINED_ROLE_RIGHTS["buyer"]
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.field == "created"))
    assert (entry.actor_id, entry.new_value) == (boss.id, "Buyer with reports")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "Enter a name for the role."),
        ("   ", "Enter a name for the role."),
        ("Field team", "The company has a role of this name already."),
        ("FIELD TEAM", "The company has a role of this name already."),
        ("Buyer", "The company has a role of this name already."),
        ("x" * 101, "Field cannot be longer than 100 characters."),
    ],
    ids=["empty", "blank", "taken", "taken-other-case", "predefined-name", "too-long"],
)
def test_a_copy_needs_a_name_of_its_own(client, login_as, name, message):
    company = make_company()
    login_as(make_main_contact(company))
    existing = Role(company_id=company.id, predefined=None, name="Field team")
    existing.custom_rights = ["see_prices"]
    db.session.add(existing)
    db.session.commit()
    before = db.session.scalar(select(func.count(Role.id)))

    response = copy(client, predefined(company, PredefinedRole.CONTROLLER), name)

    html = response.get_data(as_text=True)
    assert response.status_code == 422
    error = re.search(r'id="name-error"[^>]*>([^<]*)<', html)
    assert error and message in error.group(1)
    assert db.session.scalar(select(func.count(Role.id))) == before


def test_another_companys_role_cannot_be_copied(client, login_as):
    company = make_company()
    login_as(make_main_contact(company))
    foreign = predefined(make_company(), PredefinedRole.BUYER)
    own = predefined(company, PredefinedRole.BUYER)
    page = client.get(f"{ROLES}/{own.id}", headers=EN).get_data(as_text=True)

    response = client.post(
        f"{ROLES}/{foreign.id}/copy",
        data={"name": "Stolen", "csrf_token": csrf_token_from(page)},
    )

    assert response.status_code == 404
    assert custom_roles(company) == []


def test_only_who_manages_roles_may_copy(client, login_as):
    company = make_company()
    login_as(make_user(company, roles=(PredefinedRole.CONTROLLER,)))
    page = client.get("/customer-center/", headers=EN).get_data(as_text=True)

    response = client.post(
        f"{ROLES}/{predefined(company, PredefinedRole.BUYER).id}/copy",
        data={"name": "Mine", "csrf_token": csrf_token_from(page)},
    )

    assert response.status_code == 403
    assert custom_roles(company) == []
