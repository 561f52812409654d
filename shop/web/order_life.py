"""What the order pages show of an order's life after checkout (§8): ERP order number,
payment status with the bank details a prepayment needs, shipments with tracking links,
invoices and payments. Reads only; the caller has already checked the user may see the order.
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from shop.domain.order_life import (
    PaymentStatus,
    is_overdue,
    parse_tracking_templates,
    payment_status,
    tracking_link,
    waits_for_payment,
)
from shop.domain.orders import OrderStatus
from shop.extensions import db
from shop.models import Invoice, Order, Payment, Shipment
from shop.models.clock import utcnow


@dataclass(frozen=True)
class ShippedLineView:
    line_number: int
    sku: str
    name_en: str
    name_de: str
    quantity: int


@dataclass(frozen=True)
class ShipmentView:
    carrier: str
    tracking_number: str
    tracking_link: str  # "" when there is no link fit to offer
    shipped_at: datetime
    lines: list[ShippedLineView]


@dataclass(frozen=True)
class InvoiceView:
    number: str
    invoice_date: date
    due_date: date | None
    gross_amount: Decimal | None
    net_amount: Decimal | None
    currency: str
    overdue: bool


@dataclass(frozen=True)
class PaymentView:
    received_at: datetime
    amount: Decimal | None
    currency: str


@dataclass(frozen=True)
class BankDetails:
    account_holder: str
    iban: str
    bic: str
    reference: str  # the order number, so the payment finds its order
    amount: Decimal
    currency: str


@dataclass(frozen=True)
class OrderLife:
    erp_order_number: str
    payment_status: PaymentStatus
    waits_for_payment: bool
    bank_details: BankDetails | None  # shown while a prepayment is awaited
    shipments: list[ShipmentView]
    invoices: list[InvoiceView]
    payments: list[PaymentView]


def order_life(order: Order) -> OrderLife:
    """Everything the order page shows of the order's life after checkout."""
    state = OrderStatus(order.status)
    payments = list(
        db.session.scalars(
            select(Payment).where(Payment.order_id == order.id).order_by(Payment.received_at)
        )
    )
    invoices = list(
        db.session.scalars(
            select(Invoice)
            .where(Invoice.order_id == order.id)
            .order_by(Invoice.invoice_date, Invoice.id)
        )
    )
    shipments = db.session.scalars(
        select(Shipment)
        .where(Shipment.order_id == order.id)
        .options(selectinload(Shipment.lines))
        .order_by(Shipment.shipped_at, Shipment.id)
    )
    status = payment_status(order.payment_method, state, bool(payments), bool(invoices))
    waiting = waits_for_payment(order.payment_method, state)
    paid = status == PaymentStatus.PAID
    today = utcnow().date()
    return OrderLife(
        erp_order_number=order.erp_order_number or "",
        payment_status=status,
        waits_for_payment=waiting,
        bank_details=_bank_details(order) if waiting else None,
        shipments=[_shipment(shipment, order) for shipment in shipments],
        invoices=[
            InvoiceView(
                number=invoice.number,
                invoice_date=invoice.invoice_date,
                due_date=invoice.due_date,
                gross_amount=invoice.gross_amount,
                net_amount=invoice.net_amount,
                currency=invoice.currency,
                overdue=is_overdue(invoice.due_date, today, paid),
            )
            for invoice in invoices
        ],
        payments=[PaymentView(p.received_at, p.amount, p.currency) for p in payments],
    )


def _bank_details(order: Order) -> BankDetails:
    config = current_app.config
    return BankDetails(
        account_holder=config["BANK_ACCOUNT_HOLDER"],
        iban=config["BANK_IBAN"],
        bic=config["BANK_BIC"],
        reference=order.number,
        amount=order.total_gross,
        currency=order.currency,
    )


def _shipment(shipment: Shipment, order: Order) -> ShipmentView:
    templates = parse_tracking_templates(current_app.config["TRACKING_URLS"])
    # Shipped lines name the order line by its position as sent to the ERP (from 1).
    lines_by_number = dict(enumerate(order.lines, start=1))
    lines = []
    for line in shipment.lines:
        ordered = lines_by_number.get(line.line_number)
        lines.append(
            ShippedLineView(
                line_number=line.line_number,
                sku=line.sku,
                name_en=ordered.name_en if ordered is not None else line.sku,
                name_de=ordered.name_de if ordered is not None else line.sku,
                quantity=line.quantity,
            )
        )
    return ShipmentView(
        carrier=shipment.carrier,
        tracking_number=shipment.tracking_number,
        tracking_link=tracking_link(
            shipment.carrier, shipment.tracking_number, shipment.tracking_url, templates
        ),
        shipped_at=shipment.shipped_at,
        lines=lines,
    )
