"""Where an invoice stands (open, overdue, paid) and when the ERP's amounts differ (#16)."""

from datetime import date
from decimal import Decimal

import pytest

from shop.domain.invoices import (
    InvoiceDocument,
    InvoiceLine,
    InvoiceState,
    Party,
    differs_from_lines,
    invoice_state,
)
from shop.domain.money import Money

TODAY = date(2026, 11, 30)


@pytest.mark.parametrize(
    ("due", "paid", "state"),
    [
        (date(2026, 11, 29), False, InvoiceState.OVERDUE),
        (date(2026, 11, 30), False, InvoiceState.OPEN),  # due today is not overdue yet
        (date(2026, 12, 1), False, InvoiceState.OPEN),
        (None, False, InvoiceState.OPEN),
        (date(2026, 11, 1), True, InvoiceState.PAID),
        (None, True, InvoiceState.PAID),
    ],
)
def test_an_invoice_is_paid_overdue_or_open(due, paid, state):
    assert invoice_state(due, TODAY, paid) == state


def _document() -> InvoiceDocument:
    line = InvoiceLine(1, "A", "Bolt", 3, "piece", Money(Decimal("10.00"), "EUR"), Decimal("19"))
    return InvoiceDocument(
        number="RE-1",
        issued_on=TODAY,
        due_on=TODAY,
        order_number="2026-000001",
        erp_order_number="",
        customer_reference="",
        seller=Party("Seller", ()),
        customer=Party("Customer", ()),
        lines=(line,),
        currency="EUR",
        payment_terms="",
    )


@pytest.mark.parametrize(
    ("net", "gross", "differs"),
    [
        (Decimal("30.00"), Decimal("35.70"), False),
        (None, None, False),  # the ERP sent no amounts
        (Decimal("30.00"), Decimal("35.71"), True),
        (Decimal("29.99"), None, True),
    ],
)
def test_the_erps_amounts_differ_from_the_lines_only_when_they_do(net, gross, differs):
    assert differs_from_lines(_document(), net, gross) is differs
