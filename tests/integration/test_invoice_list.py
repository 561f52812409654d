"""The customer center's invoice list (#16): the invoices of the orders the user may see,
filtered by invoice date and state, each with its PDF and order, and as a CSV file."""

import csv
import html
import io
from datetime import timedelta

import pytest

from shop.domain.rights import PredefinedRole
from shop.erp import erp_client
from shop.extensions import db
from shop.models.clock import utcnow
from shop.services.order_updates import poll_order_updates
from tests.clients import text_of
from tests.factories import make_company, make_user
from tests.order_life import invoiced_order


@pytest.fixture
def invoices(app_context, erp):
    """Three invoices of one buyer (overdue, open, paid) and one of a colleague."""
    today = utcnow().date()
    company = make_company(customer_number="10001")
    buyer = make_user(company)
    overdue = invoiced_order(
        buyer,
        erp,
        "RE-L-OVERDUE",
        invoiceDate=(today - timedelta(days=40)).isoformat(),
        dueDate=(today - timedelta(days=10)).isoformat(),
    )
    invoiced_order(
        buyer,
        erp,
        "RE-L-OPEN",
        invoiceDate=(today - timedelta(days=5)).isoformat(),
        dueDate=(today + timedelta(days=25)).isoformat(),
    )
    paid = invoiced_order(
        buyer,
        erp,
        "RE-L-PAID",
        invoiceDate=(today - timedelta(days=20)).isoformat(),
        dueDate=(today - timedelta(days=1)).isoformat(),
    )
    erp.add_order_event(paid.number, "paid")
    poll_order_updates(erp_client(), utcnow())
    invoiced_order(make_user(company), erp, "RE-L-COLLEAGUE")
    return {"company": company, "buyer": buyer, "today": today, "overdue": overdue}


def test_a_buyer_sees_the_invoices_of_their_own_orders_with_state_pdf_and_order(
    client, login_as, invoices
):
    login_as(invoices["buyer"])

    page = html.unescape(text_of(client.get("/customer-center/invoices")))

    assert "RE-L-OVERDUE" in page and "RE-L-OPEN" in page and "RE-L-PAID" in page
    assert "RE-L-COLLEAGUE" not in page
    number = invoices["overdue"].number
    assert f'href="/orders/{number}/invoices/RE-L-OVERDUE.pdf"' in page
    assert f'href="/orders/{number}"' in page
    assert "Overdue" in page and "Open" in page and "Paid" in page


def test_a_controller_sees_every_invoice_of_the_company(client, login_as, invoices):
    login_as(make_user(invoices["company"], roles=(PredefinedRole.CONTROLLER,)))

    page = text_of(client.get("/customer-center/invoices"))

    assert "RE-L-COLLEAGUE" in page and "RE-L-PAID" in page


@pytest.mark.parametrize(
    ("state", "shown"),
    [("open", "RE-L-OPEN"), ("overdue", "RE-L-OVERDUE"), ("paid", "RE-L-PAID")],
)
def test_the_list_filters_by_state(client, login_as, invoices, state, shown):
    login_as(invoices["buyer"])

    page = text_of(client.get(f"/customer-center/invoices?state={state}"))

    listed = {n for n in ("RE-L-OPEN", "RE-L-OVERDUE", "RE-L-PAID") if f"{n}.pdf" in page}
    assert listed == {shown}


def test_the_list_filters_by_invoice_date(client, login_as, invoices):
    login_as(invoices["buyer"])
    today = invoices["today"]
    since = (today - timedelta(days=30)).isoformat()
    until = (today - timedelta(days=10)).isoformat()

    page = text_of(client.get(f"/customer-center/invoices?date_from={since}&date_to={until}"))

    assert "RE-L-PAID.pdf" in page
    assert "RE-L-OPEN.pdf" not in page and "RE-L-OVERDUE.pdf" not in page


def test_a_date_range_ending_before_it_starts_is_marked_next_to_the_field(
    client, login_as, invoices
):
    login_as(invoices["buyer"])

    response = client.get("/customer-center/invoices?date_from=2026-11-20&date_to=2026-11-01")

    assert response.status_code == 422
    assert "The end date must not be before the start date." in text_of(response)


def test_an_unreadable_date_is_marked_and_ignored(client, login_as, invoices):
    login_as(invoices["buyer"])

    response = client.get("/customer-center/invoices?date_from=yesterday&state=nonsense")

    assert response.status_code == 422
    assert "RE-L-OPEN.pdf" in text_of(response)


def test_the_htmx_filter_answers_the_list_fragment(client, login_as, invoices):
    login_as(invoices["buyer"])

    response = client.get("/customer-center/invoices?state=paid", headers={"HX-Request": "true"})

    body = text_of(response)
    assert response.status_code == 200 and "HX-Request" in response.headers["Vary"]
    assert body.lstrip().startswith('<div id="invoice-list">') and "RE-L-PAID.pdf" in body


def test_the_csv_export_lists_the_filtered_invoices_with_plain_amounts_and_iso_dates(
    client, login_as, invoices
):
    login_as(invoices["buyer"])

    response = client.get("/customer-center/invoices/export.csv?state=overdue")

    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert rows[0][:3] == ["Invoice number", "Order number", "Invoice date"]
    assert len(rows) == 2
    due = (invoices["today"] - timedelta(days=10)).isoformat()
    assert rows[1] == [
        "RE-L-OVERDUE",
        invoices["overdue"].number,
        (invoices["today"] - timedelta(days=40)).isoformat(),
        due,
        "Overdue",
        "EUR",
        "35.00",
        "6.65",
        "41.65",
    ]


def test_the_german_csv_uses_semicolons_and_a_decimal_comma(client, login_as, invoices):
    invoices["buyer"].locale = "de"
    db.session.commit()
    login_as(invoices["buyer"])

    text = client.get("/customer-center/invoices/export.csv?state=overdue").get_data(as_text=True)

    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    assert rows[0][0] == "Rechnungsnummer"
    assert rows[1][4:] == ["Überfällig", "EUR", "35,00", "6,65", "41,65"]


def test_the_customer_center_links_the_invoices_for_those_who_see_orders(
    client, login_as, invoices
):
    login_as(invoices["buyer"])

    page = text_of(client.get("/customer-center/"))

    assert 'href="/customer-center/invoices"' in page
