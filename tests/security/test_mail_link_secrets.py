"""#13: a set-password link queued in the outbox is no secret at rest: the entry keeps the
token's id and a seed, never the link's value, and the back office's outbox page shows neither."""

import json
import re

from sqlalchemy import select

from shop.domain.outbox import OutboxKind
from shop.extensions import db
from shop.models import OutboxEntry, PasswordToken
from shop.models.clock import utcnow
from shop.services.outbox import deliver_due_mails
from shop.services.password_tokens import TokenPurpose, send_password_link
from tests.clients import staff_logged_in
from tests.factories import make_staff, make_user
from tests.services import free_port


def mail_entry() -> OutboxEntry:
    db.session.expire_all()
    return db.session.scalars(
        select(OutboxEntry).where(OutboxEntry.kind == OutboxKind.SEND_MAIL.value)
    ).one()


def test_a_queued_password_link_is_stored_without_its_value(app_context, mailbox):
    user = make_user(email="paula@example.com", password_hash=None)
    send_password_link(user, TokenPurpose.INVITE, utcnow())
    stored = json.dumps(mail_entry().payload)

    mail = mailbox.wait_for("paula@example.com", "Your account")

    raw = re.search(r"/password/set/(\S+)", mail.text).group(1)
    assert raw not in stored and "password/set" not in stored
    token = db.session.scalars(select(PasswordToken)).one()
    assert token.token_hash not in stored


def test_the_outbox_page_shows_a_waiting_link_mail_without_its_link(app, app_context, monkeypatch):
    user = make_user(email="paula@example.com", password_hash=None)
    send_password_link(user, TokenPurpose.RESET, utcnow())
    seed = mail_entry().payload["seed"]
    staff = make_staff(rights=("outbox",))
    client = staff_logged_in(app, staff)
    monkeypatch.setitem(app.config, "MAIL_PORT", free_port())  # it waits: the server is down
    deliver_due_mails("worker-1", utcnow())
    page = client.get("/back-office/outbox").get_data(as_text=True)

    assert f"#{mail_entry().id}" in page and "mail not sent" in page
    assert seed not in page and "/password/set/" not in page


def test_a_link_queued_under_another_secret_key_is_parked_not_sent(
    app, app_context, mailbox, monkeypatch
):
    user = make_user(email="paula@example.com", password_hash=None)
    send_password_link(user, TokenPurpose.RESET, utcnow())
    monkeypatch.setitem(app.config, "SECRET_KEY", "a-rotated-secret")

    deliveries = deliver_due_mails("worker-1", utcnow())

    # Its link could never work: parked with the reason, for an operator to see.
    assert [d.outcome for d in deliveries] == ["parked"]
    assert "secret key changed" in mail_entry().last_error
    assert mailbox.mails() == []
