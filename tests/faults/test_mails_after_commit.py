"""#13: every mail goes through the outbox, queued in the unit of work of the change it
announces. A change rolled back after the mail was due sends nothing; a change committed while
the mail server is down is mailed by the mail loop once the server is back."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from shop.domain.approvals import OrderEvent
from shop.domain.orders import OrderStatus
from shop.domain.outbox import OutboxKind, OutboxStatus
from shop.domain.rights import PredefinedRole
from shop.extensions import db
from shop.models import OutboxEntry, User
from shop.models.clock import utcnow
from shop.services import decide_approval
from shop.services.outbox import deliver_due_mails
from shop.services.unit_of_work import unit_of_work
from tests.conftest import csrf_token_from
from tests.factories import (
    make_company,
    make_main_contact,
    order_by_number,
    order_over_budget,
    team,
)
from tests.services import free_port

USERS = "/customer-center/users"
EN = {"Accept-Language": "en"}


class LaterStepFailed(Exception):
    pass


def mail_entries() -> list[OutboxEntry]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(OutboxEntry)
            .where(OutboxEntry.kind == OutboxKind.SEND_MAIL.value)
            .order_by(OutboxEntry.id)
        )
    )


def test_a_decision_rolled_back_after_it_was_made_mails_nobody(app_context, mailbox):
    company, main, clara, anna = team()
    order = order_over_budget(anna)
    mailbox.clear()  # the mails of the submission

    def approve_then_fail() -> None:
        # A caller's unit of work that fails after the decision: the decision is undone, so
        # the orderer must not hear of it.
        with unit_of_work():
            decide_approval.decide(
                order.id, clara, order.version, OrderEvent.APPROVE, "Fine.", utcnow()
            )
            raise LaterStepFailed()

    with pytest.raises(LaterStepFailed):
        approve_then_fail()

    assert order_by_number(order.number).status == OrderStatus.AWAITING_APPROVAL.value
    assert mailbox.mails() == []


def test_a_decision_made_while_the_mail_server_is_down_is_mailed_once_it_is_back(
    app, app_context, mailbox, monkeypatch
):
    company, main, clara, anna = team()
    order = order_over_budget(anna)
    mailbox.clear()
    monkeypatch.setitem(app.config, "MAIL_PORT", free_port())  # nothing listens there

    decide_approval.decide(
        order.id, clara, order.version, OrderEvent.REJECT, "Too much this month.", utcnow()
    )
    while_down = deliver_due_mails("worker-1", utcnow())

    assert order_by_number(order.number).status == OrderStatus.REJECTED.value
    assert [d.outcome for d in while_down] == ["retry"]
    [entry] = [e for e in mail_entries() if e.status != OutboxStatus.DELIVERED]
    assert entry.status == OutboxStatus.PENDING and entry.last_error.startswith("mail not sent")
    monkeypatch.undo()
    later = deliver_due_mails("worker-1", utcnow() + timedelta(minutes=5))
    assert [d.outcome for d in later] == ["delivered"]
    mail = mailbox.wait_for(anna.email, "not approved")
    assert order.number in mail.subject and "Too much this month." in mail.text
    assert [m.to for m in mailbox.mails()] == [anna.email]


def test_an_invitation_made_while_the_mail_server_is_down_arrives_once_it_is_back(
    app, client, login_as, mailbox, monkeypatch
):
    company = make_company()
    login_as(make_main_contact(company))
    from shop.services.customer_center.roles import ensure_predefined_roles

    buyer_role = ensure_predefined_roles(company)[PredefinedRole.BUYER].id
    db.session.commit()
    page = client.get(f"{USERS}/new", headers=EN).get_data(as_text=True)
    monkeypatch.setitem(app.config, "MAIL_PORT", free_port())

    response = client.post(
        f"{USERS}/new",
        data={
            "name": "Clara Schulz",
            "email": "clara.schulz@example.com",
            "role_ids": [buyer_role],
            "csrf_token": csrf_token_from(page),
        },
        headers=EN,
    )
    while_down = deliver_due_mails("worker-1", utcnow())

    assert response.status_code == 302
    assert "could not be sent" not in client.get(USERS, headers=EN).get_data(as_text=True)
    assert [d.outcome for d in while_down] == ["retry"]
    monkeypatch.undo()
    later = deliver_due_mails("worker-1", utcnow() + timedelta(minutes=5))
    assert [d.outcome for d in later] == ["delivered"]
    mail = mailbox.wait_for("clara.schulz@example.com", "Your account")
    link = re.search(r"http://localhost(/password/set/\S+)", mail.text).group(1)
    invited = app.test_client()
    form = invited.get(link)
    assert form.status_code == 200
    done = invited.post(
        link,
        data={
            "password": "Lila-Kiesel-Turm-7",
            "confirm": "Lila-Kiesel-Turm-7",
            "csrf_token": csrf_token_from(form.get_data(as_text=True)),
        },
    )
    assert done.status_code == 302
    db.session.expire_all()
    user = db.session.scalar(select(User).where(User.email == "clara.schulz@example.com"))
    assert user.password_hash is not None
