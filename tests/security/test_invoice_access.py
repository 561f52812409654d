"""Who may download an invoice PDF (§8, #16): only users of the company who may see its order.

Everybody else finds nothing (404), never a refusal that would confirm the invoice exists;
an anonymous visitor is sent to the login.
"""

from datetime import date

import pytest

from shop.domain.rights import PredefinedRole
from shop.extensions import db
from shop.models import Invoice
from tests.factories import make_company, make_user
from tests.order_life import invoiced_order


@pytest.fixture
def invoice(app_context, erp):
    """An invoiced order of a buyer of company 10001; its PDF's URL."""
    company = make_company(customer_number="10001")
    buyer = make_user(company)
    order = invoiced_order(buyer, erp, "RE-2026-10001-0100")
    return {
        "company": company,
        "order": order,
        "url": f"/orders/{order.number}/invoices/RE-2026-10001-0100.pdf",
        "buyer": buyer,
    }


def test_another_companys_main_contact_gets_404(client, login_as, invoice):
    login_as(make_user(make_company(), roles=(PredefinedRole.MAIN_CONTACT,)))

    assert client.get(invoice["url"]).status_code == 404


def test_a_service_technician_of_the_same_company_gets_404(client, login_as, invoice):
    login_as(make_user(invoice["company"], roles=(PredefinedRole.SERVICE_TECHNICIAN,)))

    assert client.get(invoice["url"]).status_code == 404


def test_another_buyer_of_the_same_company_gets_404(client, login_as, invoice):
    login_as(make_user(invoice["company"]))

    assert client.get(invoice["url"]).status_code == 404


def test_a_controller_of_the_company_may_download_every_orders_invoice(client, login_as, invoice):
    login_as(make_user(invoice["company"], roles=(PredefinedRole.CONTROLLER,)))

    response = client.get(invoice["url"])

    assert response.status_code == 200 and response.data.startswith(b"%PDF")


def test_an_invoice_number_of_another_order_under_an_own_order_gets_404(
    client, login_as, erp, invoice
):
    stranger = make_user(make_company(customer_number="10002"))
    invoiced_order(stranger, erp, "RE-2026-10002-0101")
    login_as(invoice["buyer"])
    own_order = invoice["order"].number

    response = client.get(f"/orders/{own_order}/invoices/RE-2026-10002-0101.pdf")

    assert response.status_code == 404


def test_an_anonymous_visitor_is_sent_to_the_login(client, invoice):
    response = client.get(invoice["url"])

    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_an_erp_invoice_number_with_quotes_or_greek_letters_gives_a_plain_file_name(
    client, login_as, invoice
):
    db.session.add(
        Invoice(
            order_id=invoice["order"].id,
            update_id="odd-invoice-number",
            number='RE-Ω"1;x',
            invoice_date=date(2026, 11, 30),
            currency="EUR",
            pdf=b"%PDF-1.4 stored",
            pdf_locale="en",
        )
    )
    db.session.commit()
    login_as(invoice["buyer"])

    response = client.get(f"/orders/{invoice['order'].number}/invoices/RE-Ω%221;x.pdf")

    assert response.status_code == 200 and response.data == b"%PDF-1.4 stored"
    assert response.headers["Content-Disposition"] == 'attachment; filename="RE---1-x.pdf"'
