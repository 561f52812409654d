"""An invoice as a document: parties, lines and totals per VAT rate, ready to be rendered.

Plain data, so the PDF can be rendered and tested without the database; the totals come from
the same rule as the cart and the order (VAT once per rate on the net sum, §9).
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from shop.domain.money import Money
from shop.domain.pricing import PricedLine, Totals, compute_totals


@dataclass(frozen=True)
class Party:
    name: str
    address_lines: tuple[str, ...]
    vat_id: str = ""
    customer_number: str = ""


@dataclass(frozen=True)
class InvoiceLine:
    position: int
    sku: str
    description: str
    quantity: int
    unit: str
    unit_price: Money
    vat_rate: Decimal  # percent

    @property
    def net(self) -> Money:
        return self.unit_price.times(self.quantity).rounded()


@dataclass(frozen=True)
class BankAccount:
    holder: str
    iban: str
    bic: str


@dataclass(frozen=True)
class InvoiceDocument:
    number: str
    issued_on: date
    due_on: date
    order_number: str
    erp_order_number: str
    customer_reference: str
    seller: Party
    customer: Party
    lines: tuple[InvoiceLine, ...]
    currency: str
    payment_terms: str
    bank: BankAccount | None = None
    # When the ERP booked other amounts than the lines add up to: the note saying so, and
    # the booked gross amount, which is what the customer is asked to pay.
    note: str = ""
    amount_due: Money | None = None

    @property
    def totals(self) -> Totals:
        return compute_totals(
            (
                PricedLine(line.sku, line.quantity, line.unit_price, line.vat_rate)
                for line in self.lines
            ),
            self.currency,
        )


def differs_from_lines(
    document: InvoiceDocument, net: Decimal | None, gross: Decimal | None
) -> bool:
    """Whether the ERP's amounts for the invoice differ from what its lines add up to."""
    totals = document.totals
    return (net is not None and net != totals.net.amount) or (
        gross is not None and gross != totals.gross.amount
    )


class InvoiceState(StrEnum):
    """Where an invoice stands for the customer center's list (#16).

    Paid: the ERP reported a payment for its order (or the order is in state paid); the
    shop does not match payments to single invoices, as the ERP reports them per order.
    Overdue: not paid and its due date has passed. Open: everything else.
    """

    OPEN = "open"
    OVERDUE = "overdue"
    PAID = "paid"


def invoice_state(due_date: date | None, today: date, paid: bool) -> InvoiceState:
    if paid:
        return InvoiceState.PAID
    if due_date is not None and today > due_date:
        return InvoiceState.OVERDUE
    return InvoiceState.OPEN
