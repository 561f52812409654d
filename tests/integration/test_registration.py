"""Self-registration of a company's main contact against the ERP simulator (§3)."""

import re

import pytest
from sqlalchemy import func, select

from shop.domain.rights import PredefinedRole
from shop.extensions import db
from shop.models import AuditEntry, Company, User
from tests.erp_simulator import (
    BAD_CUSTOMER_INVOICE,
    BAD_CUSTOMER_NUMBER,
    ODD_CUSTOMER_NUMBER,
    ODD_INVOICE_NUMBER,
)
from tests.factories import make_company, make_user

WEBER = {
    "customer_number": "10003",
    "invoice_number": "RE-2026-10003-07",
    "email": "Laura.Weber@weber-elektro.example.com",
    "name": "Laura Weber",
}
GENERIC = "We could not confirm these details."


def register(client, csrf, **overrides):
    data = {**WEBER, **overrides, "csrf_token": csrf("/customer-center/register")}
    return client.post("/customer-center/register", data=data, headers={"Accept-Language": "en"})


def counts() -> tuple[int, int]:
    db.session.expire_all()
    return (
        db.session.scalar(select(func.count(Company.id))),
        db.session.scalar(select(func.count(User.id))),
    )


def test_registration_creates_company_and_main_contact_and_mails_a_link(client, csrf, erp, mailbox):
    response = register(client, csrf)

    assert response.status_code == 200
    assert "Check your inbox" in response.get_data(as_text=True)
    company = db.session.scalar(select(Company).where(Company.customer_number == "10003"))
    assert company.name == "Weber Elektro KG"
    assert {"invoice", "prepayment"} <= set(company.allowed_payment_methods)
    assert company.addresses and all(a.from_erp for a in company.addresses)
    user = db.session.scalar(select(User).where(User.company_id == company.id))
    assert user.email == "laura.weber@weber-elektro.example.com" and user.is_main_contact
    assert user.password_hash is None
    assert db.session.scalar(select(AuditEntry.field)) == "customer_center_activated"
    mail = mailbox.wait_for("laura.weber@weber-elektro.example.com", "customer center")
    link = re.search(r"http://localhost(/password/set/\S+)", mail.text).group(1)
    login = client.post(
        "/login",
        data={"email": user.email, "password": "x", "csrf_token": csrf("/login")},
    )
    assert login.status_code == 200  # no password yet: the account is not usable
    done = client.post(
        link,
        data={
            "password": "Lila-Kiesel-Turm-7",
            "confirm": "Lila-Kiesel-Turm-7",
            "csrf_token": csrf(),
        },
    )
    assert done.status_code == 302
    assert client.get("/customer-center/").status_code == 200


@pytest.mark.parametrize(
    "overrides",
    [
        {"invoice_number": "RE-2026-10001-01"},  # an invoice of another customer
        {"invoice_number": "RE-0000-0"},  # no such invoice
        {"customer_number": "55555"},  # unknown customer
        {"customer_number": "10004", "invoice_number": "RE-2026-10004-02"},  # flag off in ERP
    ],
    ids=["wrong-invoice", "unknown-invoice", "unknown-customer", "no-customer-center-flag"],
)
def test_any_mismatch_gets_one_generic_message_and_creates_nothing(client, csrf, erp, overrides):
    before = counts()

    response = register(client, csrf, **overrides)

    assert response.status_code == 422
    assert GENERIC in response.get_data(as_text=True)
    assert counts() == before


def test_an_already_registered_company_is_not_registered_twice(client, csrf, erp):
    company = make_company(customer_number="10003")
    make_user(
        company, roles=(PredefinedRole.MAIN_CONTACT,), email="laura.weber@weber-elektro.example.com"
    )
    before = counts()

    response = register(client, csrf, email="max.keller@weber-elektro.example.com", name="Max")

    html = response.get_data(as_text=True)
    assert "already uses the customer center" in html
    assert "l*********r@weber-elektro.example.com" in html
    assert counts() == before


def test_registration_says_plainly_when_the_erp_is_down(client, csrf, erp):
    erp.stop()

    response = register(client, csrf)

    assert response.status_code == 422
    assert "our ERP system cannot be reached" in response.get_data(as_text=True)
    assert counts() == (0, 0)


def test_bad_input_is_shown_next_to_the_field_and_the_erp_is_not_asked(client, csrf, erp):
    response = register(client, csrf, customer_number="", email="not-an-address")

    html = response.get_data(as_text=True)
    assert "Enter your customer number." in html
    assert "This is not an e-mail address." in html
    assert counts() == (0, 0)


def test_registration_is_rate_limited_per_customer_number(client, csrf, erp):
    statuses = [
        register(client, csrf, invoice_number=f"RE-WRONG-{i}").status_code for i in range(6)
    ]

    assert statuses[:5] == [422] * 5
    assert statuses[5] == 429


def test_an_address_used_by_another_account_is_refused_next_to_the_field(client, csrf, erp):
    make_user(email="laura.weber@weber-elektro.example.com")
    before = counts()

    response = register(client, csrf)

    assert "already belongs to an account" in response.get_data(as_text=True)
    assert counts() == before


def test_contacts_known_in_the_erp_are_offered_for_import_marked_when_imported(app_context, erp):
    from shop.erp import erp_client
    from shop.services.customer_center.contact_import import importable_contacts

    company = make_company(customer_number="10001")
    make_user(company, email="buyer@demo.example.com")

    contacts = {c.contact.email: c.already_user for c in importable_contacts(erp_client(), company)}

    assert contacts["buyer@demo.example.com"] is True
    assert contacts["main@demo.example.com"] is False


def test_masked_addresses_keep_only_first_and_last_letter():
    from shop.services.customer_center.registration import mask_email

    assert mask_email("anna@example.com") == "a**a@example.com"
    assert mask_email("al@example.com") == "a*@example.com"


@pytest.mark.parametrize("typed", ["kw7205", "KW7205", "Kw7205"])
def test_a_lower_case_customer_number_registers_typed_in_either_case(client, csrf, odd_erp, typed):
    response = register(
        client,
        csrf,
        customer_number=typed,
        invoice_number=ODD_INVOICE_NUMBER,
        email="karla@kw.example.com",
        name="Karla Weiß",
    )

    assert response.status_code == 200, response.get_data(as_text=True)
    company = db.session.scalar(select(Company))
    assert company.customer_number == ODD_CUSTOMER_NUMBER  # the ERP's own spelling
    assert company.name == "Klein Werkzeuge KG"


def test_a_company_registered_under_the_erps_spelling_is_not_registered_again_in_capitals(
    client, csrf, odd_erp
):
    company = make_company(customer_number=ODD_CUSTOMER_NUMBER)
    make_user(company, roles=(PredefinedRole.MAIN_CONTACT,), email="karla@kw.example.com")
    before = counts()

    response = register(
        client,
        csrf,
        customer_number="KW7205",
        invoice_number=ODD_INVOICE_NUMBER,
        email="otto@kw.example.com",
    )

    assert "already uses the customer center" in response.get_data(as_text=True)
    assert counts() == before


def test_a_customer_whose_erp_master_data_is_invalid_is_not_registered(client, csrf, odd_erp):
    response = register(
        client,
        csrf,
        customer_number=BAD_CUSTOMER_NUMBER,
        invoice_number=BAD_CUSTOMER_INVOICE,
        email="someone@zu.example.com",
    )

    assert response.status_code == 422
    assert "cannot be used for the customer center yet" in response.get_data(as_text=True)
    assert counts() == (0, 0)
