"""Order mails (§8): queued through the outbox with their cause (shop/services/mail_outbox.py),
rendered when sent from the order as it is then."""

from collections.abc import Mapping
from email.message import EmailMessage

from flask import current_app
from sqlalchemy import select

from shop.domain.order_life import parse_tracking_templates, tracking_link
from shop.extensions import db
from shop.mail import Attachment, compose_mail
from shop.models import Invoice, Order, OrderEventRecord, Shipment, User
from shop.services import invoices
from shop.services.mail_outbox import MailObsolete, queue_mail
from shop.services.review_requests import review_links

ORDER_RECEIVED = "order_received"
ORDER_CONFIRMED = "order_confirmed"
ORDER_SHIPPED = "order_shipped"
ORDER_INVOICED = "order_invoiced"
ORDER_WITHDRAWN = "order_withdrawn"
ORDER_CANCELLED = "order_cancelled"
REVIEW_REQUEST = "review_request"
EVENTS = (
    ORDER_RECEIVED,
    ORDER_CONFIRMED,
    ORDER_SHIPPED,
    ORDER_INVOICED,
    ORDER_WITHDRAWN,
    ORDER_CANCELLED,
    REVIEW_REQUEST,
)


def _link(path: str) -> str:
    return current_app.config["PUBLIC_URL"].rstrip("/") + path


def approval_link(order: Order) -> str:
    return _link(f"/customer-center/approvals/{order.number}")


def order_link(order: Order) -> str:
    return _link(f"/orders/{order.number}")


def order_mail_key(order: Order) -> str:
    """One key per order: its mails (approval mails too) go out in the order of their causes."""
    return f"mail:order:{order.number}"


def queue_order_mail(event: str, recipient: User, order: Order, **ids: int) -> None:
    """Queue an order mail to `recipient` in the caller's unit of work."""
    if event not in EVENTS:
        raise ValueError(f"{event} is not an order mail")
    queue_mail(event, recipient, order_mail_key(order), order_number=order.number, **ids)


def invoice_attachment(invoice: Invoice, locale: str | None) -> Attachment:
    """The invoice's PDF as stored (rendered and stored now if nobody downloaded it yet)."""
    # A user without a language of their own reads English, as the mail's text (compose_mail).
    pdf = invoices.invoice_pdf(invoice.id, locale or "en")
    return Attachment(pdf.filename, pdf.content)


def queued_order(payload: Mapping) -> Order:
    """The order a queued mail is about; MailObsolete when it is gone."""
    order = db.session.scalar(select(Order).where(Order.number == payload["order_number"]))
    if order is None:
        raise MailObsolete(f"order {payload['order_number']} no longer exists")
    return order


def compose_order_mail(payload: Mapping, recipient: User) -> EmailMessage:
    """An order mail from today's data; MailObsolete when its order, shipment or invoice is
    gone."""
    event = payload["event"]
    order = queued_order(payload)
    context = {"order": order, "user": recipient, "link": order_link(order)}
    attachments: list[Attachment] = []
    if event == ORDER_SHIPPED:
        shipment = db.session.get(Shipment, payload["shipment_id"])
        if shipment is None:
            raise MailObsolete(f"shipment {payload['shipment_id']} no longer exists")
        context["shipment"] = shipment
        context["tracking_link"] = tracking_link(
            shipment.carrier,
            shipment.tracking_number,
            shipment.tracking_url,
            parse_tracking_templates(current_app.config["TRACKING_URLS"]),
        )
    elif event == ORDER_INVOICED:
        invoice = db.session.get(Invoice, payload["invoice_id"])
        if invoice is None:
            raise MailObsolete(f"invoice {payload['invoice_id']} no longer exists")
        context["invoice"] = invoice
        attachments.append(invoice_attachment(invoice, payload["locale"]))
    elif event == ORDER_WITHDRAWN:
        context["orderer"] = order.user
        context["link"] = approval_link(order)
    elif event == ORDER_CANCELLED:
        record = db.session.get(OrderEventRecord, payload["event_id"])
        if record is None:
            raise MailObsolete(f"order event {payload['event_id']} no longer exists")
        context["note"] = record.comment
    elif event == REVIEW_REQUEST:
        context["review_links"] = review_links(
            order, current_app.config["REVIEW_URL"], payload["locale"]
        )
    return compose_mail(payload["to"], event, payload["locale"], attachments, **context)


COMPOSERS = dict.fromkeys(EVENTS, compose_order_mail)
