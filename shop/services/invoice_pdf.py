"""Render an invoice document as an A4 PDF (WeasyPrint) in the reader's language."""

from pathlib import Path
from typing import TYPE_CHECKING

from flask import render_template
from flask_babel import force_locale

from shop.domain.invoices import InvoiceDocument

if TYPE_CHECKING:
    from weasyprint import CSS

_STYLESHEET = Path(__file__).resolve().parents[2] / "templates" / "invoices" / "invoice.css"


def render_invoice_pdf(document: InvoiceDocument, locale: str = "en") -> bytes:
    """The invoice as PDF bytes: parties, lines, totals per VAT rate, terms and due date."""
    with force_locale(locale):
        html = render_template("invoices/invoice.html", invoice=document, totals=document.totals)
    # Imported on first use: WeasyPrint costs ~0.9 s of CPU to import, which every worker,
    # gunicorn and CLI process paid at start though few of them ever render a PDF.
    from weasyprint import HTML

    return HTML(string=html).write_pdf(stylesheets=[_stylesheet()])


def _stylesheet() -> "CSS":
    from weasyprint import CSS

    return CSS(filename=str(_STYLESHEET))
