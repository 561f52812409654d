"""The company data page (#15): the ERP's master data labelled, and change requests that go to
the ERP through the outbox (RequestCustomerChange on the real simulator). The ERP stays the
master: the shop's data does not change with the request; a refusal becomes an operator's
ticket in the back office."""

import pytest
from sqlalchemy import func, select

from shop.domain.outbox import OutboxKind
from shop.erp import erp_client
from shop.extensions import db
from shop.models import Company, CustomerChangeRequest, OutboxEntry, StaffAuditEntry
from shop.models.clock import utcnow
from shop.services.customer_sync import sync_customers
from shop.services.outbox import deliver_due
from tests.clients import staff_logged_in, text_of
from tests.conftest import csrf_token_from
from tests.factories import make_company, make_main_contact, make_staff, make_user

PAGE = "/customer-center/company"
REQUEST = "/customer-center/company/change-request"
EN = {"Accept-Language": "en"}


@pytest.fixture
def main_contact(app_context, erp):
    """The main contact of demo customer 10001, its data taken from the ERP."""
    company = make_company(customer_number="10001", addresses=[])
    sync_customers(erp_client(), utcnow(), company.customer_number)
    return make_main_contact(db.session.get(Company, company.id), name="Maria Main")


def ask(client, **fields):
    token = csrf_token_from(client.get(PAGE, headers=EN).get_data(as_text=True))
    return client.post(REQUEST, data={"csrf_token": token, **fields}, headers=EN)


NEW_BILLING = {
    "kind": "billing_address",
    "new_name": "Müller Maschinenbau GmbH",
    "new_street": "Neue Straße 5",
    "new_postal_code": "70173",
    "new_city": "Stuttgart",
    "new_country": "DE",
}


def requests_in_outbox() -> int:
    return db.session.scalar(
        select(func.count(OutboxEntry.id)).where(
            OutboxEntry.kind == OutboxKind.REQUEST_CUSTOMER_CHANGE.value
        )
    )


def test_the_page_shows_addresses_labelled_payment_terms_and_methods(
    client, login_as, main_contact
):
    login_as(main_contact)

    page = client.get(PAGE, headers=EN).get_data(as_text=True)

    assert "Billing address" in page and "Heilbronner Straße 120" in page
    assert "Delivery addresses" in page and "Benzstraße 7" in page
    assert "Payment terms" in page and main_contact.company.payment_terms in page
    assert "On account (invoice)" in page
    assert "DE811234561" in page
    assert "billing_address" not in page.split('name="kind"')[0]  # no internal names shown


def test_an_address_change_reaches_the_erp_and_the_shop_keeps_the_erps_data(
    client, login_as, main_contact, erp
):
    login_as(main_contact)

    response = ask(client, **NEW_BILLING)
    pending = text_of(client.get(PAGE, headers=EN))
    delivered = deliver_due(erp_client(), "worker-1", utcnow())
    sent = text_of(client.get(PAGE, headers=EN))

    assert response.status_code == 302
    assert "Neue Straße 5" in pending and "Waiting to be sent to us" in pending
    assert [d.outcome for d in delivered] == ["delivered"]
    [recorded] = erp.change_requests()
    assert recorded["customerNumber"] == "10001"
    assert recorded["kind"] == "billing_address"
    assert recorded["address"]["street"] == "Neue Straße 5"
    assert recorded["requestedBy"] == f"Maria Main <{main_contact.email}>"
    request = db.session.scalar(select(CustomerChangeRequest))
    db.session.refresh(request)
    assert request.status == "sent" and request.erp_reference == recorded["reference"]
    assert "Received; we change your data after checking it" in sent
    streets = {a.street for a in db.session.get(Company, main_contact.company_id).addresses}
    assert "Neue Straße 5" not in streets  # the ERP stays the master


def test_the_erp_takes_a_change_request_once_however_often_it_is_sent(main_contact, erp):
    from erp_bridge import CustomerChange

    change = CustomerChange(
        request_id="shop-change-x1", kind="vat_id", requested_by="M", vat_id="DE1"
    )

    first = erp_client().request_customer_change("10001", change)
    again = erp_client().request_customer_change("10001", change)

    assert first == again
    assert len(erp.change_requests()) == 1


def test_a_change_the_erp_refuses_becomes_a_ticket_for_an_operator(
    app, client, login_as, main_contact, erp
):
    login_as(main_contact)
    ask(client, kind="vat_id", vat_id="ATU 1234 5678")
    delivered = deliver_due(erp_client(), "worker-1", utcnow())
    staff = make_staff(rights=("customers",))
    operator = staff_logged_in(app, staff)

    queue = text_of(operator.get("/back-office/customer-changes", headers=EN))
    customer_page = text_of(client.get(PAGE, headers=EN))
    request = db.session.scalar(select(CustomerChangeRequest))
    token = csrf_token_from(queue)
    refused_note = operator.post(
        f"/back-office/customer-changes/{request.id}/handled",
        data={"csrf_token": token, "handled_note": ""},
        headers=EN,
    )
    handled = operator.post(
        f"/back-office/customer-changes/{request.id}/handled",
        data={"csrf_token": token, "handled_note": "Called them: the AT id is their branch's."},
        headers=EN,
    )

    assert [d.outcome for d in delivered] == ["parked"]
    assert erp.change_requests() == []
    assert "ATU12345678" in queue and "does not belong to the billing country DE" in queue
    assert "Could not be made as asked; we will contact you" in customer_page
    assert refused_note.status_code == 422
    assert handled.status_code == 302
    db.session.expire_all()
    assert db.session.get(CustomerChangeRequest, request.id).status == "handled"
    assert (
        db.session.scalar(
            select(func.count(StaffAuditEntry.id)).where(
                StaffAuditEntry.action == "customer_change_handled"
            )
        )
        == 1
    )
    assert "ATU12345678" not in text_of(operator.get("/back-office/customer-changes"))


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({}, "Please choose what should change."),
        ({"kind": "billing_address"}, "Required for a new address."),
        ({**NEW_BILLING, "new_postal_code": "!!"}, "This is not a postal code."),
        ({**NEW_BILLING, "new_country": "XX"}, "Not a valid choice"),
        ({"kind": "vat_id"}, "Please enter the new VAT ID."),
        ({"kind": "vat_id", "vat_id": "123456789"}, "starts with the country code"),
        ({"kind": "vat_id", "vat_id": "DE123\x00"}, "control characters"),
        ({"kind": "nonsense"}, "Not a valid choice"),
    ],
)
def test_a_bad_change_request_is_refused_next_to_the_field_and_nothing_is_queued(
    client, login_as, main_contact, fields, message
):
    login_as(main_contact)

    response = ask(client, **fields)

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html and 'class="field-error"' in html
    assert requests_in_outbox() == 0
    assert db.session.scalar(select(func.count(CustomerChangeRequest.id))) == 0


def test_only_who_may_edit_company_data_can_ask_for_a_change(client, login_as, main_contact):
    login_as(make_user(main_contact.company))

    page = client.get(PAGE)
    response = client.post(REQUEST, data={"kind": "vat_id", "vat_id": "DE123456789"})

    assert page.status_code == 403 and response.status_code in (400, 403)
    assert requests_in_outbox() == 0


def test_a_main_contact_sees_only_their_own_companys_requests(client, login_as, main_contact):
    login_as(main_contact)
    ask(client, kind="vat_id", vat_id="DE999999999")
    other = make_main_contact(make_company())
    login_as(other)

    page = client.get(PAGE, headers=EN).get_data(as_text=True)

    assert "DE999999999" not in page and "No change requests are open." in page


def test_the_customer_sync_settles_a_request_once_the_erps_data_shows_it(
    client, login_as, main_contact, erp
):
    login_as(main_contact)
    ask(client, kind="vat_id", vat_id="DE 811 234 561")  # what the ERP holds by now
    ask(client, **NEW_BILLING)  # not made in the ERP yet
    deliver_due(erp_client(), "worker-1", utcnow())

    sync_customers(erp_client(), utcnow(), "10001")
    page = text_of(client.get(PAGE, headers=EN))

    db.session.expire_all()
    states = dict(
        db.session.execute(select(CustomerChangeRequest.kind, CustomerChangeRequest.status)).all()
    )
    assert states == {"vat_id": "made", "billing_address": "sent"}
    assert "Neue Straße 5" in page and "DE811234561</td>" not in page
