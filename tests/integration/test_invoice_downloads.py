"""Invoice PDFs from the order (§8, #16): an invoice the ERP reported is downloadable as a PDF
the shop renders once and then serves as stored."""

import io

from pypdf import PdfReader

from shop.extensions import db
from shop.models import Invoice
from tests.factories import make_company, make_user
from tests.order_life import invoiced_order


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_a_buyer_downloads_the_invoice_with_its_number_lines_and_totals(
    app_context, client, login_as, erp
):
    company = make_company(customer_number="10001", vat_id="DE987654321")
    user = login_as(make_user(company))
    order = invoiced_order(user, erp, "RE-2026-10001-0042")

    response = client.get(f"/orders/{order.number}/invoices/RE-2026-10001-0042.pdf")

    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="RE-2026-10001-0042.pdf"'
    )
    text = pdf_text(response.data)
    for expected in (
        "Invoice RE-2026-10001-0042",
        order.number,
        "PO-4711",
        "DE987654321",
        "Hex bolt M8",
        "Washer",
        "€35.00",  # net
        "€6.65",  # VAT 19 %
        "€41.65",  # gross
    ):
        assert expected in text, expected
    assert "differs from the sum" not in text


def test_the_second_download_returns_the_stored_bytes_even_in_another_language(
    app_context, client, login_as, erp
):
    user = login_as(make_user(make_company(customer_number="10001")))
    order = invoiced_order(user, erp, "RE-2026-10001-0043")
    url = f"/orders/{order.number}/invoices/RE-2026-10001-0043.pdf"

    first = client.get(url).data
    client.post("/language", data={"language": "de", "next": "/"})
    second = client.get(url).data

    assert first == second
    assert "Invoice RE-2026-10001-0043" in pdf_text(second)  # as stored, in English
    stored = db.session.scalars(db.select(Invoice).where(Invoice.number == "RE-2026-10001-0043"))
    assert stored.one().pdf_locale == "en"


def test_a_german_reader_gets_the_invoice_in_german(app_context, client, login_as, erp):
    user = login_as(make_user(make_company(customer_number="10001"), locale="de"))
    order = invoiced_order(user, erp, "RE-2026-10001-0044")

    text = pdf_text(client.get(f"/orders/{order.number}/invoices/RE-2026-10001-0044.pdf").data)

    assert "Rechnung RE-2026-10001-0044" in text
    assert "Sechskantschraube M8" in text


def test_amounts_the_erp_booked_otherwise_are_named_on_the_invoice(
    app_context, client, login_as, erp
):
    user = login_as(make_user(make_company(customer_number="10001")))
    order = invoiced_order(
        user, erp, "RE-2026-10001-0045", netAmount="30.00", vatAmount="5.70", grossAmount="35.70"
    )

    text = pdf_text(client.get(f"/orders/{order.number}/invoices/RE-2026-10001-0045.pdf").data)

    assert "The amount booked for this invoice is €35.70" in text
    assert "€41.65" in text  # the lines as ordered
    assert "Please pay €35.70" in text


def test_the_order_page_links_each_invoice_to_its_pdf(app_context, client, login_as, erp):
    user = login_as(make_user(make_company(customer_number="10001")))
    order = invoiced_order(user, erp, "RE-2026-10001-0046")

    page = client.get(f"/orders/{order.number}").get_data(as_text=True)

    assert f'href="/orders/{order.number}/invoices/RE-2026-10001-0046.pdf"' in page
