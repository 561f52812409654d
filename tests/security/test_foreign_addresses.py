"""Issue #14: creating, importing or re-addressing a user with an address that belongs to
another company's user never reveals that the account exists; the owner is mailed instead.
Within the company the main contact is told plainly who has the address."""

import re

import pytest
from sqlalchemy import func, select

from shop.domain.rights import PredefinedRole
from shop.extensions import db
from shop.models import User
from shop.services.customer_center.roles import ensure_predefined_roles
from tests.conftest import csrf_token_from
from tests.factories import make_company, make_user

USERS = "/customer-center/users"
EN = {"Accept-Language": "en"}
HTMX = {"HX-Request": "true"}
CLARA = "clara.schulz@mueller-maschinenbau.example.com"  # an ERP contact of customer 10001
LEAKS = re.compile(r"already (?:belongs|a user)|belongs to|Anlagentechnik|Owner Olga", re.I)


def buyer_role(company) -> int:
    return ensure_predefined_roles(company)[PredefinedRole.BUYER].id


def post(client, path: str, data: dict, page: str, headers: dict | None = None):
    token = csrf_token_from(client.get(page, headers=EN).get_data(as_text=True))
    return client.post(path, data={**data, "csrf_token": token}, headers={**EN, **(headers or {})})


def field_error(html: str) -> str:
    found = re.search(r'id="email-error"[^>]*>([^<]*)<', html)
    assert found, "no error next to the e-mail field"
    return found.group(1)


@pytest.fixture
def companies(app_context, login_as):
    ours = make_company(customer_number="10001")
    main = make_user(ours, roles=(PredefinedRole.MAIN_CONTACT,), email="main@demo.example.com")
    theirs = make_company(name="Schmidt Anlagentechnik AG")
    owner = make_user(theirs, name="Owner Olga", email="olga@schmidt.example.com")
    login_as(main)
    return {"ours": ours, "main": main, "owner": owner}


def count_users() -> int:
    return db.session.scalar(select(func.count(User.id)))


def test_creating_a_user_with_another_companys_address_reveals_nothing_and_mails_the_owner(
    client, companies, mailbox
):
    before = count_users()

    response = post(
        client,
        f"{USERS}/new",
        {
            "name": "Olga",
            "email": "OLGA@schmidt.example.com",
            "role_ids": [buyer_role(companies["ours"])],
        },
        page=f"{USERS}/new",
    )

    error = field_error(response.get_data(as_text=True))
    assert response.status_code == 422
    assert "No account can be created for olga@schmidt.example.com" in error
    assert not LEAKS.search(error)
    assert count_users() == before
    notice = mailbox.wait_for("olga@schmidt.example.com", "entered for another account")
    assert "already belongs to your account" in notice.text
    assert "/password/set/" not in notice.text


def test_creating_a_user_with_a_colleagues_address_says_who_has_it(client, companies, mailbox):
    make_user(companies["ours"], name="Ben Berger", email="ben@demo.example.com")

    response = post(
        client,
        f"{USERS}/new",
        {
            "name": "Ben",
            "email": "ben@demo.example.com",
            "role_ids": [buyer_role(companies["ours"])],
        },
        page=f"{USERS}/new",
    )

    assert response.status_code == 422
    assert "This address belongs to Ben Berger, already a user of your company." in field_error(
        response.get_data(as_text=True)
    )
    assert mailbox.mails() == []


def notices_after_address_change(client, colleague, address: str, htmx: bool) -> str:
    url = f"{USERS}/{colleague.id}"
    response = post(
        client,
        url,
        {"name": colleague.name, "email": address, "role_ids": [buyer_role(colleague.company)]},
        page=url,
        headers=HTMX if htmx else None,
    )
    if not htmx:
        assert response.status_code == 302
        response = client.get(url, headers=EN)
    return response.get_data(as_text=True)


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_changing_an_address_to_another_companys_reads_as_for_any_address(
    client, companies, mailbox, htmx
):
    first = make_user(companies["ours"], name="Erik Ernst", email="erik@demo.example.com")
    second = make_user(companies["ours"], name="Finn Fuchs", email="finn@demo.example.com")

    unused = notices_after_address_change(client, first, "erik.new@example.com", htmx)
    taken = notices_after_address_change(client, second, "olga@schmidt.example.com", htmx)

    assert "A confirmation link will be sent to erik.new@example.com." in unused
    assert "A confirmation link will be sent to olga@schmidt.example.com." in taken
    assert 'id="email-error"' not in taken and not LEAKS.search(taken.split("<main")[-1])
    db.session.expire_all()
    assert db.session.get(User, second.id).pending_email == "olga@schmidt.example.com"
    assert db.session.get(User, second.id).email == "finn@demo.example.com"
    notice = mailbox.wait_for("olga@schmidt.example.com", "entered for another account")
    assert "/confirm-email/" not in notice.text
    assert [m.subject for m in mailbox.mails() if m.to == "olga@schmidt.example.com"] == [
        notice.subject
    ]


def test_importing_a_contact_whose_address_another_company_uses_reveals_nothing(
    client, companies, mailbox, erp
):
    make_user(make_company(), name="Clara Elsewhere", email=CLARA)
    before = count_users()

    response = post(
        client,
        f"{USERS}/import",
        {"contact_ids": ["C-10001-03"], "roles-C-10001-03": [buyer_role(companies["ours"])]},
        page=f"{USERS}/import",
    )
    result = response.get_data(as_text=True)

    # The result of each contact is the answer to the import (#15).
    assert response.status_code == 200
    assert count_users() == before
    assert "Not imported: no account can be created for this address" in result
    assert "already belongs to an account" not in result and "Clara Elsewhere" not in result
    notice = mailbox.wait_for(CLARA, "entered for another account")
    assert "already belongs to your account" in notice.text
