"""Invoice PDFs (§8, #16): the document of an ERP invoice, rendered once and stored.

The lines are the order's, as ordered (prices, names and VAT rates frozen at order time),
and the totals come from them by the same rule as the order. The ERP's booked amounts are
the invoice's record (lists, CSV); when they differ from the lines' sum, the PDF says so
and names the booked amount, rather than silently showing one or the other.

An invoice is a legal document: the PDF is rendered on its first download, in the
language of whoever downloads it first, and stored; from then on the stored bytes are
served, never a new rendering. Rendering at the first download (not when the worker applies
the invoice update) keeps the ERP update worker fast and free of WeasyPrint.
"""

from dataclasses import dataclass, replace

from flask import current_app
from flask_babel import force_locale, format_currency
from flask_babel import gettext as _
from sqlalchemy import select, update

from shop.domain.invoices import (
    BankAccount,
    InvoiceDocument,
    InvoiceLine,
    Party,
    differs_from_lines,
)
from shop.domain.money import Money
from shop.extensions import db
from shop.models import Address, Company, Invoice, Order, Product
from shop.services.invoice_pdf import render_invoice_pdf
from shop.services.unit_of_work import end_reads, unit_of_work


@dataclass(frozen=True)
class InvoicePdf:
    filename: str
    content: bytes


def invoice_document(invoice: Invoice, order: Order, locale: str) -> InvoiceDocument:
    """The invoice as a document: seller from config, the company as customer, the order's
    lines with names in `locale`."""
    company = db.session.get(Company, order.company_id)
    units = dict(
        db.session.execute(
            select(Product.id, Product.unit).where(
                Product.id.in_([line.product_id for line in order.lines if line.product_id])
            )
        ).all()
    )
    currency = invoice.currency or order.currency
    lines = tuple(
        InvoiceLine(
            position=number,
            sku=line.sku,
            description=line.name_de if locale == "de" else line.name_en,
            quantity=line.quantity,
            unit=units.get(line.product_id, "piece"),
            unit_price=Money(line.unit_price, currency),
            vat_rate=line.vat_rate,
        )
        for number, line in enumerate(order.lines, start=1)
    )
    config = current_app.config
    document = InvoiceDocument(
        number=invoice.number,
        issued_on=invoice.invoice_date,
        due_on=invoice.due_date or invoice.invoice_date,
        order_number=order.number,
        erp_order_number=order.erp_order_number or "",
        customer_reference=order.customer_reference,
        seller=Party(
            config["SELLER_NAME"],
            tuple(part.strip() for part in config["SELLER_ADDRESS"].split("|") if part.strip()),
            vat_id=config["SELLER_VAT_ID"],
        ),
        customer=Party(
            company.name,
            _billing_address(company),
            vat_id=company.vat_id or "",
            customer_number=company.customer_number,
        ),
        lines=lines,
        currency=currency,
        payment_terms=company.payment_terms or "",
        bank=BankAccount(config["BANK_ACCOUNT_HOLDER"], config["BANK_IBAN"], config["BANK_BIC"]),
    )
    if invoice.gross_amount is not None and differs_from_lines(
        document, invoice.net_amount, invoice.gross_amount
    ):
        with force_locale(locale):
            note = _(
                "The amount booked for this invoice is %(amount)s, which differs from the sum "
                "of the lines above. The booked amount is due.",
                amount=format_currency(invoice.gross_amount, currency),
            )
        document = replace(document, note=note, amount_due=Money(invoice.gross_amount, currency))
    return document


def invoice_pdf(invoice_id: int, locale: str) -> InvoicePdf:
    """The invoice's PDF: the stored one, else rendered now in `locale` and stored.

    Two first downloads at once both render; the guarded UPDATE lets only the first store,
    and both answer the stored bytes, so every download of an invoice is the same file.
    """
    invoice = db.session.get(Invoice, invoice_id)
    filename = f"{_safe_filename(invoice.number)}.pdf"
    stored = _stored_pdf(invoice_id)
    if stored is not None:
        return InvoicePdf(filename, stored)
    order = db.session.get(Order, invoice.order_id)
    with force_locale(locale):
        content = render_invoice_pdf(invoice_document(invoice, order, locale), locale)
    end_reads()  # the rendering was slow; store on a fresh transaction
    with unit_of_work():
        db.session.execute(
            update(Invoice)
            .where(Invoice.id == invoice_id, Invoice.pdf.is_(None))
            .values(pdf=content, pdf_locale=locale)
        )
    return InvoicePdf(filename, _stored_pdf(invoice_id))


def _stored_pdf(invoice_id: int) -> bytes | None:
    return db.session.scalar(select(Invoice.pdf).where(Invoice.id == invoice_id))


def _billing_address(company: Company) -> tuple[str, ...]:
    addresses = sorted(
        company.addresses,
        key=lambda address: (address.kind != "billing", not address.is_default, address.id),
    )
    if not addresses:
        return ()
    address: Address = addresses[0]
    return (address.street, f"{address.postal_code} {address.city}", address.country)


def _safe_filename(number: str) -> str:
    """The invoice number as an ASCII file name: the ERP's numbers may hold quotes, slashes or
    letters an HTTP header cannot carry."""
    return "".join(
        char if (char.isascii() and char.isalnum()) or char in "-_." else "-" for char in number
    )
