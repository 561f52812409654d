"""The invoice PDF: parties, lines, totals per VAT rate, due date, in English and German (§8)."""

import io
from datetime import date
from decimal import Decimal

import pytest
from pypdf import PdfReader

from shop.domain.invoices import BankAccount, InvoiceDocument, InvoiceLine, Party
from shop.domain.money import Money
from shop.services.invoice_pdf import render_invoice_pdf


def _eur(amount: str) -> Money:
    return Money(Decimal(amount), "EUR")


def _invoice(lines: int = 2) -> InvoiceDocument:
    rows = [
        InvoiceLine(
            1,
            "DIN933-M8x40",
            "Sechskantschraube DIN 933 M8×40",
            200,
            "piece",
            _eur("0.12"),
            Decimal("19.00"),
        ),
        InvoiceLine(
            2, "BOOK-ISO", "Fachbuch Gewinde (ermäßigt)", 1, "piece", _eur("39.90"), Decimal("7.00")
        ),
    ]
    rows += [
        InvoiceLine(
            n, f"SKU-{n}", f"Unterlegscheibe {n}", 10, "pack", _eur("2.50"), Decimal("19.00")
        )
        for n in range(3, lines + 1)
    ]
    return InvoiceDocument(
        number="RE-2026-10001-0042",
        issued_on=date(2026, 11, 30),
        due_on=date(2026, 12, 30),
        order_number="B2B-2026-000123",
        erp_order_number="ERP-777001",
        customer_reference="PO-4711",
        seller=Party(
            "Industriebedarf Süd GmbH", ("Hafenstraße 5", "20457 Hamburg"), vat_id="DE123456789"
        ),
        customer=Party(
            "Müller Maschinenbau GmbH",
            ("Werkstraße 1", "10115 Berlin"),
            vat_id="DE987654321",
            customer_number="10001",
        ),
        lines=tuple(rows[:lines]),
        currency="EUR",
        payment_terms="30 Tage netto",
        bank=BankAccount("Industriebedarf Süd GmbH", "DE02120300000000202051", "BYLADEM1001"),
    )


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_an_english_invoice_shows_parties_lines_and_totals_per_vat_rate(app_context):
    text = _text(render_invoice_pdf(_invoice(), "en"))

    for expected in (
        "Invoice RE-2026-10001-0042",
        "Müller Maschinenbau GmbH",
        "DE987654321",
        "DE123456789",
        "B2B-2026-000123",
        "ERP-777001",
        "PO-4711",
        "DIN933-M8x40",
        "€24.00",  # 200 × 0.12 net
        "€39.90",
        "€63.90",  # total net
        "€4.56",  # 19 % of 24.00
        "€2.79",  # 7 % of 39.90
        "€71.25",  # gross
        "30 December 2026",
        "DE02120300000000202051",
    ):
        assert expected in text, expected


def test_a_german_invoice_speaks_german_with_german_numbers(app_context):
    text = _text(render_invoice_pdf(_invoice(), "de"))

    assert "Rechnung RE-2026-10001-0042" in text
    assert "71,25" in text and "€" in text
    assert "30. Dezember 2026" in text
    assert "Sechskantschraube DIN 933 M8×40" in text
    assert "Invoice" not in text


@pytest.mark.parametrize("lines", [60])
def test_a_long_invoice_runs_over_pages_with_every_line(app_context, lines):
    reader = PdfReader(io.BytesIO(render_invoice_pdf(_invoice(lines), "en")))
    text = "\n".join(page.extract_text() for page in reader.pages)

    assert len(reader.pages) >= 2
    assert "SKU-60" in text
    assert "1 / " in text
