"""Order mails go through the outbox (§8, #16): one per event, in the orderer's language,
never lost to a mail server outage, never twice for a replayed ERP update."""

import io
from datetime import timedelta
from decimal import Decimal

from pypdf import PdfReader
from sqlalchemy import select

from shop.erp import erp_client
from shop.extensions import db
from shop.mail import mail_connection
from shop.models import Invoice, OutboxEntry, ReviewTicket
from shop.models.clock import utcnow
from shop.services import outbox
from shop.services.order_updates import apply_order_update, poll_order_updates
from shop.services.outbox import deliver_due, deliver_due_mails
from tests.clients import decide, form_of, logged_in
from tests.factories import (
    make_company,
    make_order,
    make_product,
    make_user,
    order_over_budget,
    team,
)
from tests.factories import order_by_number as reread
from tests.services import free_port, start_worker, stop_worker


def erp_customer(**overrides):
    """A buyer without a budget at ERP customer 10001: every order is within budget."""
    return make_user(make_company(customer_number="10001"), **overrides)


def mail_entries() -> list[OutboxEntry]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(OutboxEntry).where(OutboxEntry.kind == "send_mail").order_by(OutboxEntry.id)
        )
    )


def transmit_and_poll():
    deliver_due(erp_client(), "worker-1", utcnow())
    return poll_order_updates(erp_client(), utcnow())


def test_an_order_within_budget_gets_a_receipt_mail(app_context, erp, mailbox):
    user = erp_customer()
    order = make_order(user)

    deliveries = deliver_due_mails("worker-1", utcnow())

    assert [d.outcome for d in deliveries] == ["delivered"]
    mail = mailbox.wait_for(user.email, order.number)
    assert "received" in mail.subject and order.number in mail.html and order.number in mail.text


def test_the_whole_order_life_mails_each_event_once_in_german(app_context, erp, mailbox):
    user = erp_customer(locale="de")
    order = make_order(user, lines=[(make_product(list_price=Decimal("10.00")), 3)])
    transmit_and_poll()  # the simulator confirms what it receives
    erp.add_order_event(order.number, "shipped", carrier="UPS", trackingNumber="1Z999")
    erp.add_order_event(
        order.number, "invoiced", invoiceNumber="RE-2026-10001-91", dueDate="2027-01-15"
    )
    poll_order_updates(erp_client(), utcnow())

    deliver_due_mails("worker-1", utcnow())

    mails = [m for m in mailbox.mails() if m.to == user.email]
    subjects = [m.subject for m in mails]
    assert subjects == [
        f"Wir haben Ihre Bestellung {order.number} erhalten",
        f"Ihre Bestellung {order.number} ist bestätigt",
        f"Ihre Bestellung {order.number} wurde versandt",
        f"Rechnung RE-2026-10001-91 zu Ihrer Bestellung {order.number}",
    ]
    shipped, invoiced = mails[2], mails[3]
    assert "1Z999" in shipped.text and "https://" in shipped.text and "UPS" in shipped.html
    assert "RE-2026-10001-91" in invoiced.text and "15.01.2027" in invoiced.text
    assert "Fällig am" in invoiced.text and "Betrag" in invoiced.html
    assert all(m.html and m.text for m in mails)
    # §8: the invoice comes attached as PDF, in the orderer's language, the one stored.
    [(filename, pdf)] = invoiced.attachments
    assert filename == "RE-2026-10001-91.pdf" and pdf.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Rechnung RE-2026-10001-91" in text and order.number in text
    assert db.session.scalar(select(Invoice.pdf).where(Invoice.number == "RE-2026-10001-91")) == pdf


def test_a_batch_of_mails_goes_over_one_smtp_connection(app_context, erp, mailbox, monkeypatch):
    company = make_company(customer_number="10001")
    users = [make_user(company) for _ in range(3)]
    for user in users:
        make_order(user)
    opened = []

    def counted_connection():
        opened.append(1)
        return mail_connection()

    monkeypatch.setattr(outbox, "mail_connection", counted_connection)

    deliveries = deliver_due_mails("worker-1", utcnow())

    assert [d.outcome for d in deliveries] == ["delivered"] * 3 and len(opened) == 1
    assert sorted(m.to for m in mailbox.mails()) == sorted(u.email for u in users)


def test_a_replayed_update_mails_nothing_again(app_context, erp, mailbox):
    user = erp_customer()
    order = make_order(user)
    deliver_due(erp_client(), "worker-1", utcnow())
    erp.add_order_event(order.number, "shipped", carrier="DHL", trackingNumber="00340")
    page = erp_client().get_order_updates(None, limit=100)

    first = [apply_order_update(update, utcnow()) for update in page.updates]
    again = [apply_order_update(update, utcnow()) for update in page.updates]
    deliver_due_mails("worker-1", utcnow())

    assert {r.outcome for r in first} == {"applied"} and {r.outcome for r in again} == {"duplicate"}
    subjects = sorted(m.subject for m in mailbox.mails() if m.to == user.email)
    assert len(subjects) == 3 and len(set(subjects)) == 3  # received, confirmed, shipped


def test_a_mail_server_outage_loses_no_mail(app, app_context, erp, mailbox, monkeypatch):
    user = erp_customer()
    order = make_order(user)
    monkeypatch.setitem(app.config, "MAIL_PORT", free_port())  # nothing listens there

    while_down = deliver_due_mails("worker-1", utcnow())

    [entry] = mail_entries()
    assert [d.outcome for d in while_down] == ["retry"]
    assert entry.status == "pending" and entry.attempts == 1
    assert entry.last_error.startswith("mail not sent") and mailbox.mails() == []
    monkeypatch.undo()
    too_early = deliver_due_mails("worker-1", utcnow())
    later = deliver_due_mails("worker-1", utcnow() + timedelta(minutes=5))
    assert too_early == [] and [d.outcome for d in later] == ["delivered"]
    assert len(mailbox.mails()) == 1 and mailbox.wait_for(user.email, order.number)


def test_the_last_failed_attempt_parks_the_mail(app, app_context, erp, monkeypatch):
    make_order(erp_customer())
    monkeypatch.setitem(app.config, "MAIL_PORT", free_port())

    outcomes = [
        d.outcome
        for hours in range(13)
        for d in deliver_due_mails("worker-1", utcnow() + timedelta(hours=2 * hours))
    ]

    [entry] = mail_entries()
    assert outcomes == ["retry"] * 11 + ["parked"]
    assert entry.status == "parked" and entry.attempts == 12


def test_mails_go_out_while_the_erp_is_down_and_orders_wait_for_it(app_context, erp, mailbox):
    user = erp_customer()
    order = make_order(user)
    erp.fail(100)

    to_erp = deliver_due(erp_client(), "worker-1", utcnow())
    mailed = deliver_due_mails("worker-1", utcnow())

    assert [d.outcome for d in to_erp] == ["retry"]
    assert [d.outcome for d in mailed] == ["delivered"]
    assert mailbox.wait_for(user.email, order.number)


def test_the_worker_sends_the_receipt_while_the_erp_is_stopped(app, app_context, erp, mailbox):
    user = erp_customer()
    order = make_order(user)
    erp.stop()
    worker = start_worker(app, erp, "mailer")
    try:
        mail = mailbox.wait_for(user.email, order.number, timeout=30)
    finally:
        stop_worker(worker)

    assert "received" in mail.subject
    [entry] = mail_entries()
    assert entry.status == "delivered"


def test_erp_entries_do_not_wait_for_the_mail_server(app, app_context, erp, monkeypatch):
    order = make_order(erp_customer())
    monkeypatch.setitem(app.config, "MAIL_PORT", free_port())

    to_erp = deliver_due(erp_client(), "worker-1", utcnow())

    assert [d.outcome for d in to_erp] == ["delivered"]
    assert erp.orders()[order.number]["received"] == 1


def test_a_mail_whose_order_vanished_is_parked_with_the_reason(app_context, erp, mailbox):
    order = make_order(erp_customer())
    db.session.delete(reread(order.number))
    db.session.commit()

    deliveries = deliver_due_mails("worker-1", utcnow())

    [entry] = mail_entries()
    assert [d.outcome for d in deliveries] == ["parked"]
    assert entry.status == "parked" and order.number in entry.last_error
    assert mailbox.mails() == []


def withdraw(app, orderer, number: str):
    client = logged_in(app, orderer)
    _, fields = form_of(client, f"/orders/{number}/withdraw")  # the page that asks first
    return client.post(f"/orders/{number}/withdraw", data=fields)


def test_withdrawing_a_waiting_order_mails_its_approver(app, app_context, mailbox):
    company, main, clara, anna = team()
    clara.locale = "de"
    db.session.commit()
    order = order_over_budget(anna)

    response = withdraw(app, anna, order.number)
    deliver_due_mails("worker-1", utcnow())

    assert response.status_code == 302
    [mail] = [m for m in mailbox.mails() if m.to == clara.email and "zurückgezogen" in m.subject]
    assert mail.subject == f"Anna Buyer hat die Bestellung {order.number} zurückgezogen"
    assert order.number in mail.html and mail.text
    withdrawals = [
        m for m in mailbox.mails() if {"withdrawn", "zurückgezogen"} & set(m.subject.split())
    ]
    assert [m.to for m in withdrawals] == [clara.email]


def test_withdrawing_a_rejected_order_mails_the_approver_who_rejected_it(app, app_context, mailbox):
    company, main, clara, anna = team()
    order = order_over_budget(anna)
    decide(logged_in(app, clara), order.number, "reject", "Too much.")

    withdraw(app, anna, order.number)
    deliver_due_mails("worker-1", utcnow())

    assert mailbox.wait_for(clara.email, "has withdrawn order")
    assert [m.to for m in mailbox.mails() if "withdrawn" in m.subject] == [clara.email]


def test_an_order_cancelled_after_review_mails_the_orderer_the_operators_note(
    app_context, erp, mailbox
):
    from shop.services.review import cancel
    from tests.factories import make_staff

    user = erp_customer(locale="de")
    order = make_order(user, comment="Please deliver to gate 2, not the office.")
    ticket_id = db.session.scalar(select(ReviewTicket.id).where(ReviewTicket.order_id == order.id))

    cancel(ticket_id, make_staff(), "We cannot deliver to a gate.", utcnow())
    deliver_due_mails("worker-1", utcnow())

    mails = [m for m in mailbox.mails() if m.to == user.email]
    assert [m.subject for m in mails] == [
        f"Wir haben Ihre Bestellung {order.number} erhalten",
        f"Ihre Bestellung {order.number} wurde storniert",
    ]
    cancelled = mails[1]
    assert "We cannot deliver to a gate." in cancelled.text
    assert "We cannot deliver to a gate." in cancelled.html and order.number in cancelled.text


def test_the_invoice_mail_reaches_a_user_without_a_language_of_their_own(app_context, erp, mailbox):
    user = erp_customer(locale=None)
    order = make_order(user)
    transmit_and_poll()
    erp.add_order_event(order.number, "shipped", carrier="UPS", trackingNumber="1Z998")
    erp.add_order_event(order.number, "invoiced", invoiceNumber="RE-2026-10001-92")
    poll_order_updates(erp_client(), utcnow())

    deliveries = deliver_due_mails("worker-1", utcnow())

    assert [d.outcome for d in deliveries] == ["delivered"] * 4
    invoiced = mailbox.wait_for(user.email, "RE-2026-10001-92")
    [(filename, pdf)] = invoiced.attachments
    assert filename == "RE-2026-10001-92.pdf" and pdf.startswith(b"%PDF")
