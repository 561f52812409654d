"""The ERP import of contacts (#15): "select all", roles per contact chosen before the import,
and the result per contact afterwards (imported / already a user / not imported and why);
against the real ERP simulator."""

import re

import pytest
from sqlalchemy import func, select

from shop.domain.rights import PredefinedRole
from shop.erp import erp_client
from shop.extensions import db
from shop.models import OutboxEntry, User
from shop.models.clock import utcnow
from shop.services.customer_center.contact_import import (
    ImportFailure,
    ImportOutcome,
    import_contacts,
)
from shop.services.customer_center.roles import ensure_predefined_roles
from tests.conftest import csrf_token_from
from tests.factories import make_company, make_main_contact, make_user

IMPORT = "/customer-center/users/import"
EN = {"Accept-Language": "en"}
CLARA, DAVID, EVA, BEN = "C-10001-03", "C-10001-04", "C-10001-05", "C-10001-02"


@pytest.fixture
def company(login_as, erp):
    company = make_company(customer_number="10001", name="Müller Maschinenbau GmbH")
    login_as(make_main_contact(company, email="main@demo.example.com", name="Anna Müller"))
    return company


def role(company, kind: PredefinedRole) -> int:
    return ensure_predefined_roles(company)[kind].id


def post_import(client, data: dict):
    token = csrf_token_from(client.get(IMPORT, headers=EN).get_data(as_text=True))
    return client.post(IMPORT, data={**data, "csrf_token": token}, headers=EN)


def user_by_email_start(start: str) -> User | None:
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.email.like(f"{start}%")))


def result_rows(html: str) -> dict[str, str]:
    """Name → result text of the result page's table."""
    rows = re.findall(r'<tr class="import-\w+">(.*?)</tr>', html, re.S)
    found = {}
    for row in rows:
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        name = re.sub(r"<[^>]+>", "", cells[0]).strip()
        found[name] = re.sub(r"<[^>]+>", "", cells[-1]).strip()
    return found


def test_the_import_page_offers_select_all_and_roles_per_contact(client, company):
    html = client.get(IMPORT, headers=EN).get_data(as_text=True)

    assert 'name="select_all"' in html and "All contacts that can be imported" in html
    buyer = role(company, PredefinedRole.BUYER)
    for contact_id in (CLARA, DAVID, EVA):
        boxes = re.findall(rf'<input type="checkbox" name="roles-{contact_id}"[^>]*>', html)
        assert len(boxes) == 5  # the company's roles
        assert [b for b in boxes if "checked" in b] == [
            f'<input type="checkbox" name="roles-{contact_id}" value="{buyer}" checked>'
        ]
    assert 'name="roles-C-10001-01"' not in html  # Anna is a user already


def test_each_contact_gets_the_roles_chosen_for_it_and_the_result_is_shown(
    client, company, mailbox
):
    controller = role(company, PredefinedRole.CONTROLLER)
    buyer, approver = role(company, PredefinedRole.BUYER), role(company, PredefinedRole.APPROVER)

    response = post_import(
        client,
        {
            "contact_ids": [CLARA, DAVID],
            f"roles-{CLARA}": [controller],
            f"roles-{DAVID}": [buyer, approver],
            f"roles-{EVA}": [buyer],  # not chosen: not imported
        },
    )

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "2 users are created and invited by mail." in html
    assert result_rows(html) == {
        "Clara Schulz": "Imported: the invitation is mailed",
        "David Wagner": "Imported: the invitation is mailed",
    }
    clara, david = user_by_email_start("clara.schulz@"), user_by_email_start("david.wagner@")
    assert [r.predefined for r in clara.roles] == ["controller"]
    assert {r.predefined for r in david.roles} == {"buyer", "approver"}
    assert user_by_email_start("eva.hoffmann@") is None
    assert "Controller" in html and "Buyer, Approver" in html or "Approver, Buyer" in html
    mailbox.wait_for(clara.email, "Your account")
    mailbox.wait_for(david.email, "Your account")


def test_select_all_imports_every_contact_that_can_be_imported(client, company, mailbox):
    buyer = role(company, PredefinedRole.BUYER)

    response = post_import(
        client,
        {"select_all": "y", **{f"roles-{c}": [buyer] for c in (BEN, CLARA, DAVID, EVA)}},
    )

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "4 users are created and invited by mail." in html
    assert set(result_rows(html)) == {"Ben Becker", "Clara Schulz", "David Wagner", "Eva Hoffmann"}
    count = db.session.scalar(select(func.count(User.id)).where(User.company_id == company.id))
    assert count == 5


def test_a_contact_whose_address_has_another_account_is_reported_not_imported(
    client, company, mailbox
):
    make_user(make_company(), email="buyer@demo.example.com", name="Someone Else")
    buyer = role(company, PredefinedRole.BUYER)

    response = post_import(
        client,
        {"contact_ids": [BEN, CLARA], f"roles-{BEN}": [buyer], f"roles-{CLARA}": [buyer]},
    )

    rows = result_rows(response.get_data(as_text=True))
    assert rows["Clara Schulz"] == "Imported: the invitation is mailed"
    assert rows["Ben Becker"].startswith("Not imported: no account can be created")
    assert "1 user is created and invited by mail." in response.get_data(as_text=True)
    mailbox.wait_for("buyer@demo.example.com")  # its owner is told


def test_a_chosen_contact_without_roles_is_refused_next_to_it_and_nobody_is_imported(
    client, company, mailbox
):
    buyer = role(company, PredefinedRole.BUYER)
    before = db.session.scalar(select(func.count(User.id)))

    response = post_import(client, {"contact_ids": [CLARA, DAVID], f"roles-{CLARA}": [buyer]})

    html = response.get_data(as_text=True)
    assert response.status_code == 422
    david_row = html[html.index(f'value="{DAVID}"') :].split("</tr>")[0]
    assert "Choose at least one role." in david_row
    assert "Nobody has been imported yet." in html
    assert db.session.scalar(select(func.count(User.id))) == before
    assert db.session.scalar(select(func.count(OutboxEntry.id))) == 0
    clara_row = html[html.index(f'value="{CLARA}"') :].split("</tr>")[0]
    assert re.search(rf'name="roles-{CLARA}" value="{buyer}" checked', clara_row)


@pytest.mark.parametrize("value", ["999999", "x", ""])
def test_a_role_that_is_not_the_companys_is_refused(client, company, value):
    foreign = ensure_predefined_roles(make_company())[PredefinedRole.MAIN_CONTACT].id
    before = db.session.scalar(select(func.count(User.id)))

    response = post_import(
        client, {"contact_ids": [CLARA], f"roles-{CLARA}": [value or str(foreign)]}
    )

    assert response.status_code == 422
    assert "Choose from the roles listed." in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(User.id))) == before


def test_choosing_nobody_is_refused(client, company):
    response = post_import(client, {})

    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert re.search(r'id="contact_ids-error"[^>]*>Choose at least one contact, or all', html)


def test_the_service_reports_already_users_and_contacts_the_erp_no_longer_lists(company):
    actor = db.session.scalar(select(User).where(User.email == "main@demo.example.com"))
    make_user(company, email="eva.hoffmann@mueller-maschinenbau.example.com", name="Eva")
    buyer = role(company, PredefinedRole.BUYER)

    results = import_contacts(
        actor,
        erp_client(),
        {EVA: [buyer], "C-10001-99": [buyer], CLARA: [buyer]},
        utcnow(),
    )

    outcomes = {r.contact_id: (r.outcome, r.failure) for r in results}
    assert outcomes == {
        EVA: (ImportOutcome.ALREADY_USER, None),
        "C-10001-99": (ImportOutcome.FAILED, ImportFailure.NOT_IN_ERP),
        CLARA: (ImportOutcome.IMPORTED, None),
    }
