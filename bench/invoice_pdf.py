"""What an invoice PDF costs to render (WeasyPrint), at 5, 20 and 100 lines, EN and DE.

.venv/bin/python bench/invoice_pdf.py [--runs 20]
"""

import argparse
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.harness import bench_app, summarize  # noqa: E402
from shop.domain.invoices import BankAccount, InvoiceDocument, InvoiceLine, Party  # noqa: E402
from shop.domain.money import Money  # noqa: E402
from shop.services.invoice_pdf import render_invoice_pdf  # noqa: E402


def invoice(lines: int) -> InvoiceDocument:
    return InvoiceDocument(
        number="RE-2026-10001-0042",
        issued_on=date(2026, 11, 30),
        due_on=date(2026, 12, 30),
        order_number="B2B-2026-000123",
        erp_order_number="ERP-777001",
        customer_reference="PO-4711",
        seller=Party("Industriebedarf Süd GmbH", ("Hafenstraße 5", "20457 Hamburg"), "DE123456789"),
        customer=Party(
            "Müller Maschinenbau GmbH", ("Werkstraße 1", "10115 Berlin"), "DE987654321", "10001"
        ),
        lines=tuple(
            InvoiceLine(
                n,
                f"DIN933-M8x{n}",
                f"Sechskantschraube DIN 933 M8×{n}",
                n * 10,
                "piece",
                Money(Decimal("0.12"), "EUR"),
                Decimal("19.00") if n % 4 else Decimal("7.00"),
            )
            for n in range(1, lines + 1)
        ),
        currency="EUR",
        payment_terms="30 Tage netto",
        bank=BankAccount("Industriebedarf Süd GmbH", "DE02120300000000202051", "BYLADEM1001"),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        app = bench_app(f"sqlite:///{work}/bench.sqlite3", Path(work))
        with app.app_context():
            render_invoice_pdf(invoice(5), "en")  # fonts and templates loaded once
            print("| lines | language | median ms | p95 ms | max ms | pages KB |")
            print("|---:|---|---:|---:|---:|---:|")
            for lines in (5, 20, 100):
                for language in ("en", "de"):
                    timings, size = [], 0
                    document = invoice(lines)
                    for _ in range(args.runs):
                        start = time.perf_counter()
                        size = len(render_invoice_pdf(document, language))
                        timings.append((time.perf_counter() - start) * 1000)
                    median, p95, worst = summarize(timings)
                    print(f"| {lines} | {language} | {median} | {p95} | {worst} | {size // 1024} |")


if __name__ == "__main__":
    main()
