"""Mail: render a mail/<event>/ triple in the recipient's language and send it over SMTP."""

import logging
import smtplib
from email.message import EmailMessage
from email.utils import make_msgid

from flask import current_app, render_template
from flask_babel import force_locale

log = logging.getLogger(__name__)


class MailNotSent(Exception):
    """The SMTP server could not be reached or refused the mail."""


def send_mail(to: str, event: str, locale: str | None = None, **context) -> None:
    """Render templates/mail/<event>/{subject.txt,body.txt,body.html} and send them."""
    with force_locale(locale or "en"):
        subject = render_template(f"mail/{event}/subject.txt", **context).strip()
        text_body = render_template(f"mail/{event}/body.txt", **context)
        html_body = render_template(f"mail/{event}/body.html", **context)
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = current_app.config["MAIL_SENDER"]
    message["To"] = to
    message["Message-ID"] = make_msgid(domain="b2b-shop.example.com")
    message.set_content(text_body)
    message.add_alternative(html_body, subtype="html")
    config = current_app.config
    try:
        with smtplib.SMTP(
            config["MAIL_HOST"], config["MAIL_PORT"], timeout=config["MAIL_TIMEOUT"]
        ) as smtp:
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        log.error("mail %s to %s not sent: %s", event, to, error)
        raise MailNotSent(str(error)) from error
