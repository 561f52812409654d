"""Render an invoice document as an A4 PDF (WeasyPrint) in the reader's language."""

from pathlib import Path

from flask import render_template
from flask_babel import force_locale
from weasyprint import CSS, HTML

from shop.domain.invoices import InvoiceDocument

_STYLESHEET = Path(__file__).resolve().parents[2] / "templates" / "invoices" / "invoice.css"


def render_invoice_pdf(document: InvoiceDocument, locale: str = "en") -> bytes:
    """The invoice as PDF bytes: parties, lines, totals per VAT rate, terms and due date."""
    with force_locale(locale):
        html = render_template("invoices/invoice.html", invoice=document, totals=document.totals)
    return HTML(string=html).write_pdf(stylesheets=[_stylesheet()])


def _stylesheet() -> CSS:
    return CSS(filename=str(_STYLESHEET))
