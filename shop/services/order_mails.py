"""Order mails (§8): queued through the outbox with their cause, rendered when sent.

`queue_mail` writes a send_mail outbox entry in the caller's unit of work, so a mail exists
exactly when the change it announces was committed, and a mail server that is down loses
nothing. The entry holds only what names the mail (event, recipient, locale, ids); the text
is rendered at delivery from the data as it is then (shop/services/outbox.py sends it).
"""

from flask import current_app
from sqlalchemy import select

from shop.domain.order_life import parse_tracking_templates, tracking_link
from shop.domain.outbox import OutboxKind
from shop.extensions import db
from shop.mail import Attachment, compose_mail
from shop.models import Invoice, Order, OrderEventRecord, Shipment, User
from shop.services import invoices
from shop.services.approval_mails import approval_link, order_link
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


class MailObsolete(LookupError):
    """What the mail is about no longer exists: it can never be sent (parked, not retried)."""


def queue_mail(event: str, recipient: User, order: Order, **ids: int) -> None:
    """Queue an order mail to `recipient` in the caller's unit of work."""
    # Imported here: the outbox renders queued mails with this module.
    from shop.services.outbox import enqueue

    if event not in EVENTS:
        raise ValueError(f"{event} is not an order mail")
    payload = {
        "event": event,
        "to": recipient.email,
        "locale": recipient.locale,
        "user_id": recipient.id,
        "order_number": order.number,
        **ids,
    }
    # One key per order: its mails go out in the order of their causes.
    enqueue(OutboxKind.SEND_MAIL, f"mail:order:{order.number}", payload)


def invoice_attachment(invoice: Invoice, locale: str | None) -> Attachment:
    """The invoice's PDF as stored (rendered and stored now if nobody downloaded it yet)."""
    # A user without a language of their own reads English, as the mail's text (compose_mail).
    pdf = invoices.invoice_pdf(invoice.id, locale or "en")
    return Attachment(pdf.filename, pdf.content)


def compose_queued_mail(payload: dict):
    """The EmailMessage of a queued mail, from today's data; MailObsolete when its order,
    recipient, shipment or invoice is gone."""
    event = payload["event"]
    if event not in EVENTS:
        raise MailObsolete(f"unknown mail event {event!r}")
    order = db.session.scalar(select(Order).where(Order.number == payload["order_number"]))
    if order is None:
        raise MailObsolete(f"order {payload['order_number']} no longer exists")
    recipient = db.session.get(User, payload["user_id"])
    if recipient is None:
        raise MailObsolete(f"user {payload['user_id']} no longer exists")
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
