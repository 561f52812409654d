"""Review requests (§8, #16): N days after delivery, one thank-you mail with a review link
per order, none for orders not delivered or of a company that opted out."""

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from shop.erp import erp_client
from shop.extensions import db
from shop.models import Company, OutboxEntry
from shop.models.clock import utcnow
from shop.services.order_updates import poll_order_updates
from shop.services.outbox import deliver_due, deliver_due_mails
from shop.services.review_requests import queue_review_requests
from shop.services.unit_of_work import unit_of_work
from tests.factories import make_company, make_order, make_product, make_user
from tests.factories import order_by_number as reread

GENERAL = "https://reviews.example.com/shop"
DAYS = 5


@pytest.fixture
def review_config(app):
    app.config.update(REVIEW_REQUEST_DAYS=DAYS, REVIEW_URL=GENERAL)


def order_of_10001(**product_values):
    user = make_user(make_company(customer_number="10001"))
    product = make_product(list_price=Decimal("10.00"), **product_values)
    order = make_order(user, lines=[(product, 2)])
    deliver_due(erp_client(), "worker-1", utcnow())
    return user, order


def deliver(erp, order) -> None:
    poll_order_updates(erp_client(), utcnow())  # the simulator confirms what it receives
    erp.add_order_event(order.number, "shipped", carrier="UPS", trackingNumber="1Z999")
    erp.add_order_event(order.number, "invoiced", invoiceNumber=f"RE-{order.number}")
    erp.add_order_event(order.number, "delivered")
    poll_order_updates(erp_client(), utcnow())
    assert reread(order.number).status == "delivered"


def review_mails(mailbox, user) -> list:
    deliver_due_mails("worker-1", utcnow())
    return [m for m in mailbox.mails() if m.to == user.email and "how did we do" in m.subject]


def later(days: int):
    return utcnow() + timedelta(days=days)


def test_a_delivered_order_gets_one_review_request_after_n_days(
    app_context, erp, mailbox, review_config
):
    user, order = order_of_10001()
    deliver(erp, order)

    too_early = queue_review_requests(later(DAYS - 1))
    first = queue_review_requests(later(DAYS + 1))
    second = queue_review_requests(later(DAYS + 2))

    assert (too_early, first, second) == (0, 1, 0)
    [mail] = review_mails(mailbox, user)
    assert GENERAL in mail.text and GENERAL in mail.html and order.number in mail.subject


def test_the_products_own_review_link_is_preferred(app_context, erp, mailbox, review_config):
    user, order = order_of_10001(review_url="https://reviews.example.com/hex-bolt")
    deliver(erp, order)

    queue_review_requests(later(DAYS + 1))

    [mail] = review_mails(mailbox, user)
    assert "https://reviews.example.com/hex-bolt" in mail.text and GENERAL not in mail.text


def test_orders_not_delivered_or_cancelled_get_none(app_context, erp, mailbox, review_config):
    user, shipped = order_of_10001()
    poll_order_updates(erp_client(), utcnow())
    erp.add_order_event(shipped.number, "shipped", carrier="UPS", trackingNumber="1Z1")
    poll_order_updates(erp_client(), utcnow())
    held = make_order(user, comment="Please call before delivery.")
    from shop.models import ReviewTicket
    from shop.services.review import cancel
    from tests.factories import make_staff

    ticket_id = db.session.scalar(select(ReviewTicket.id).where(ReviewTicket.order_id == held.id))
    cancel(ticket_id, make_staff(), "Sorry.", utcnow())

    assert queue_review_requests(later(DAYS + 30)) == 0
    assert review_mails(mailbox, user) == []


def test_a_company_that_opted_out_gets_none(app_context, erp, mailbox, review_config):
    user, order = order_of_10001()
    deliver(erp, order)
    with unit_of_work():
        db.session.get(Company, user.company_id).review_requests_opt_out = True

    assert queue_review_requests(later(DAYS + 1)) == 0
    assert review_mails(mailbox, user) == []
    kinds = db.session.scalars(select(OutboxEntry.payload).where(OutboxEntry.kind == "send_mail"))
    assert all(p["event"] != "review_request" for p in kinds)


def test_a_main_contact_opts_the_company_out_in_the_customer_center_audited(app, app_context):
    from shop.models import AuditEntry
    from tests.clients import csrf_of, logged_in, text_of
    from tests.factories import make_main_contact

    main = make_main_contact(locale="de")
    buyer = make_user(main.company)
    client = logged_in(app, main)
    token = csrf_of(client, "/customer-center/company")

    saved = client.post(
        "/customer-center/company",
        data={"csrf_token": token, "review_requests_opt_out": "y"},
        follow_redirects=True,
    )
    again = client.post(
        "/customer-center/company",
        data={"csrf_token": token, "review_requests_opt_out": "y"},
        follow_redirects=True,
    )
    trail = text_of(client.get("/customer-center/audit"))
    refused = logged_in(app, buyer).get("/customer-center/company")

    assert "Firmeneinstellungen gespeichert." in text_of(saved)
    assert "Es wurde nichts geändert." in text_of(again)
    db.session.expire_all()
    assert db.session.get(Company, main.company_id).review_requests_opt_out is True
    [entry] = db.session.scalars(
        select(AuditEntry).where(AuditEntry.field == "review_requests_opt_out")
    )
    assert (entry.old_value, entry.new_value, entry.actor_id) == ("False", "True", main.id)
    assert "Keine Mails mit Bitte um Bewertung" in trail
    assert refused.status_code == 403
