"""Orders further along their life than checkout: delivered to the ERP, shipped, invoiced."""

from decimal import Decimal

from shop.erp import erp_client
from shop.models.clock import utcnow
from shop.services.order_updates import poll_order_updates
from shop.services.outbox import deliver_due
from tests.factories import make_order, make_product
from tests.factories import order_by_number as reread


def invoiced_order(user, erp, invoice_number: str, **invoice_fields):
    """An order of `user` (3 × 10.00 + 1 × 5.00 at 19 %), shipped and invoiced."""
    order = make_order(
        user,
        lines=[
            (
                make_product(
                    list_price=Decimal("10.00"),
                    name_en="Hex bolt M8",
                    name_de="Sechskantschraube M8",
                ),
                3,
            ),
            (
                make_product(
                    list_price=Decimal("5.00"), name_en="Washer", name_de="Unterlegscheibe"
                ),
                1,
            ),
        ],
        customer_reference="PO-4711",
    )
    deliver_due(erp_client(), "worker-1", utcnow())
    erp.add_order_event(order.number, "shipped")
    invoice_fields.setdefault("dueDate", "2026-12-30")
    erp.add_order_event(order.number, "invoiced", invoiceNumber=invoice_number, **invoice_fields)
    poll_order_updates(erp_client(), utcnow())
    return reread(order.number)
