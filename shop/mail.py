"""Mail: render a mail/<event>/ triple in the recipient's language and send it over SMTP.

The transport is the standard library's smtplib: it covers the sink, STARTTLS and implicit
TLS with a login, and one connection can carry a whole batch (`mail_connection`).
"""

import logging
import smtplib
import ssl
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid, parseaddr

from flask import current_app, render_template
from flask_babel import force_locale

log = logging.getLogger(__name__)


class MailNotSent(Exception):
    """The SMTP server could not be reached or refused the mail."""


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mime_type: str = "application/pdf"


def compose_mail(
    to: str,
    event: str,
    locale: str | None = None,
    attachments: Sequence[Attachment] = (),
    **context,
) -> EmailMessage:
    """Render templates/mail/<event>/{subject.txt,body.txt,body.html} into one message."""
    with force_locale(locale or "en"):
        subject = render_template(f"mail/{event}/subject.txt", **context).strip()
        text_body = render_template(f"mail/{event}/body.txt", **context)
        html_body = render_template(f"mail/{event}/body.html", **context)
    sender = current_app.config["MAIL_SENDER"]
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = sender
    message["To"] = to
    message["Message-ID"] = make_msgid(domain=sender_domain(sender))
    message.set_content(text_body)
    message.add_alternative(html_body, subtype="html")
    for attachment in attachments:
        main_type, _, sub_type = attachment.mime_type.partition("/")
        message.add_attachment(
            attachment.content, maintype=main_type, subtype=sub_type, filename=attachment.filename
        )
    return message


def sender_domain(sender: str) -> str:
    """The domain of the sender address: Message-IDs are unique under it (RFC 5322)."""
    address = parseaddr(sender)[1]
    return address.rpartition("@")[2] or "localhost"


class MailConnection:
    """One open SMTP session; send() raises MailNotSent for a refused or failed mail."""

    def __init__(self, smtp: smtplib.SMTP) -> None:
        self._smtp = smtp

    def send(self, message: EmailMessage) -> None:
        try:
            self._smtp.send_message(message)
        except (OSError, smtplib.SMTPException) as error:
            log.error("mail to %s not sent: %s", message["To"], error)
            raise MailNotSent(str(error)) from error


@contextmanager
def mail_connection() -> Iterator[MailConnection]:
    """Open one SMTP connection (TLS and login as configured) for one or many mails."""
    config = current_app.config
    try:
        smtp = _connect(config)
    except (OSError, smtplib.SMTPException) as error:
        log.error(
            "mail server %s:%s not usable: %s", config["MAIL_HOST"], config["MAIL_PORT"], error
        )
        raise MailNotSent(str(error)) from error
    try:
        yield MailConnection(smtp)
    finally:
        try:
            smtp.quit()
        except (OSError, smtplib.SMTPException):
            smtp.close()


def send_mail(
    to: str,
    event: str,
    locale: str | None = None,
    attachments: Sequence[Attachment] = (),
    **context,
) -> None:
    """Compose one mail and send it on its own connection."""
    message = compose_mail(to, event, locale, attachments, **context)
    with mail_connection() as connection:
        connection.send(message)


def _connect(config) -> smtplib.SMTP:
    host, port, timeout = config["MAIL_HOST"], config["MAIL_PORT"], config["MAIL_TIMEOUT"]
    security = config["MAIL_SECURITY"]
    if security == "ssl":
        smtp = smtplib.SMTP_SSL(host, port, timeout=timeout, context=_tls_context(config))
    else:
        smtp = smtplib.SMTP(host, port, timeout=timeout)
    try:
        if security == "starttls":
            smtp.starttls(context=_tls_context(config))
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
    except BaseException:
        smtp.close()
        raise
    return smtp


def _tls_context(config) -> ssl.SSLContext:
    # Certificates are verified (host name included); a private CA can be named.
    return ssl.create_default_context(cafile=config["MAIL_CA_FILE"] or None)
