"""Two first downloads of one invoice at the same moment (#16): both succeed and both get
the one PDF that was stored.

Real commits in threads with their own connections. SQLite queues the writers (BEGIN
IMMEDIATE); on PostgreSQL the guard in the UPDATE (pdf IS NULL) lets only the first store
(run with TEST_DATABASE_URL=postgresql+psycopg://…).
"""

from sqlalchemy import select

from shop.extensions import db
from shop.models import Invoice
from shop.services.invoices import invoice_pdf
from tests.concurrency import run_at_once
from tests.factories import make_company, make_user
from tests.order_life import invoiced_order


def test_two_first_downloads_at_once_both_get_the_one_stored_pdf(app, app_context, erp):
    invoiced_order(make_user(make_company(customer_number="10001")), erp, "RE-2026-10001-0200")
    invoice_id = db.session.scalar(select(Invoice.id).where(Invoice.number == "RE-2026-10001-0200"))
    db.session.remove()

    # In two languages, so two different renderings race to be stored.
    results = run_at_once(
        app, 2, lambda index: invoice_pdf(invoice_id, ("en", "de")[index]).content
    )

    assert not [r for r in results if isinstance(r, Exception)], results
    stored = db.session.scalar(select(Invoice.pdf).where(Invoice.id == invoice_id))
    assert results[0] == results[1] == stored
