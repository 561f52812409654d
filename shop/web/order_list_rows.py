"""The order list's rows worded once per page (#10).

Each of the list's 25 rows asked the template for five calls (the link, the date and money
filters, the order and payment state labels). The rows now carry their finished texts; a
state's label is looked up once per page.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from flask_babel import get_locale

from shop.web.date_formats import request_datetime_writer
from shop.web.labels import payment_status_label, status_label
from shop.web.number_formats import format_money
from shop.web.order_queries import ListedOrder
from shop.web.row_urls import row_url


@dataclass(frozen=True)
class OrderListLine:
    number: str
    url: str
    created: str
    orderer: str
    customer_reference: str | None
    erp_order_number: str
    status_label: str
    payment_label: str
    total_net: str


def order_list_lines(orders: Iterable[ListedOrder]) -> list[OrderListLine]:
    """The listed orders with their texts and links, in the request's language."""
    locale = get_locale()
    write_datetime = request_datetime_writer()
    order_url = row_url("orders.detail", "number")
    labels: dict[tuple[str, str], str] = {}

    def label(kind: str, code: str) -> str:
        if (kind, code) not in labels:
            wording = status_label if kind == "status" else payment_status_label
            labels[kind, code] = wording(code)
        return labels[kind, code]

    return [
        OrderListLine(
            order.number,
            order_url(order.number),
            write_datetime(order.created_at),
            order.orderer,
            order.customer_reference,
            order.erp_order_number or "",
            label("status", order.status),
            label("payment", order.payment_status),
            format_money(order.total_net, order.currency, locale),
        )
        for order in orders
    ]
