"""Every mail the shop sends goes through the outbox (#13): queued with its cause, rendered
and sent after the commit.

`queue_mail` writes a send_mail outbox entry in the caller's unit of work, so a mail exists
exactly when the change it announces was committed: a rolled-back change sends nothing, and a
mail server that is down loses nothing (the mail loop in shop/services/outbox.py retries with
backoff and parks the entry after the last attempt, on the back office's outbox page). The
entry holds only what names the mail (event, recipient, locale, ids); its text is rendered at
delivery from the data as it is then, by the composer of its area (order, approval and
account mails).
"""

from collections.abc import Callable, Mapping
from email.message import EmailMessage

from flask import current_app

from shop.domain.outbox import OutboxKind
from shop.extensions import db
from shop.models import User

# Renders a queued mail from its payload for its recipient (loaded here).
Composer = Callable[[Mapping, User], EmailMessage]


class MailObsolete(LookupError):
    """What the mail is about no longer exists: it can never be sent (parked, not retried)."""


def queue_mail(event: str, recipient: User, key: str, *, to: str | None = None, **data) -> None:
    """Queue the mail `event` to `recipient` (at `to`, else their address) in the caller's
    unit of work. Entries of one `key` go out in the order they were queued."""
    # Imported here: the outbox renders queued mails with this module.
    from shop.services.outbox import enqueue

    if event not in _composers():
        raise ValueError(f"{event} is not a mail the outbox can send")
    payload = {
        "event": event,
        "to": to or recipient.email,
        "locale": recipient.locale,
        "user_id": recipient.id,
        **data,
    }
    enqueue(OutboxKind.SEND_MAIL, key, payload)


def compose_queued_mail(payload: Mapping) -> EmailMessage:
    """The EmailMessage of a queued mail, from today's data; MailObsolete when what it is
    about (its recipient, order, link …) is gone."""
    composer = _composers().get(payload["event"])
    if composer is None:
        raise MailObsolete(f"unknown mail event {payload['event']!r}")
    recipient = db.session.get(User, payload["user_id"])
    if recipient is None:
        raise MailObsolete(f"user {payload['user_id']} no longer exists")
    return composer(payload, recipient)


def public_url(endpoint: str, **values) -> str:
    """The shop's public address of a page, also outside a request (the mail loop)."""
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    return current_app.config["PUBLIC_URL"].rstrip("/") + path


def _composers() -> dict[str, Composer]:
    # Imported here: the areas' mail modules queue their mails with this module.
    from shop.services import approval_mails, onboarding, order_mails, password_tokens
    from shop.services.customer_center import user_email

    return {
        **order_mails.COMPOSERS,
        **approval_mails.COMPOSERS,
        **password_tokens.COMPOSERS,
        **user_email.COMPOSERS,
        **onboarding.COMPOSERS,
    }
