"""Orders held for manual review (§8) and the back office's review queue (§12)."""

import re
from decimal import Decimal

import pytest
from sqlalchemy import select, update

from shop.domain.approvals import InvalidTransition
from shop.domain.review import ReviewReason
from shop.erp import erp_client
from shop.extensions import db
from shop.models import OutboxEntry, ReviewTicket, StaffAuditEntry, StaffMember
from shop.models.clock import utcnow
from shop.services.outbox import deliver_due
from shop.services.place_order import DeliveryAddress
from shop.services.review import TicketClosed, cancel, hold_for_review, release
from shop.services.unit_of_work import unit_of_work
from tests.clients import csrf_of, decide, logged_in, staff_logged_in, text_of
from tests.concurrency import run_at_once
from tests.factories import (
    events_of,
    make_company,
    make_order,
    make_product,
    make_staff,
    make_user,
    order_by_number,
    order_over_budget,
    team,
)

COMMENT = "Please deliver to gate 2, not the office."


def erp_customer_user():
    """A user of a company the ERP simulator knows (customer 10001 of its demo data)."""
    return make_user(make_company(customer_number="10001"))


def ticket_of(order) -> ReviewTicket:
    db.session.expire_all()
    return db.session.scalar(select(ReviewTicket).where(ReviewTicket.order_id == order.id))


def outbox_entries() -> list[OutboxEntry]:
    db.session.expire_all()
    # The entries for the ERP (the orders' mails have entries of their own).
    return list(
        db.session.scalars(
            select(OutboxEntry).where(OutboxEntry.kind != "send_mail").order_by(OutboxEntry.id)
        )
    )


def post_on_ticket(client, ticket, action: str, **data):
    path = f"/back-office/review/{ticket.id}"
    token = csrf_of(client, path)
    return client.post(f"{path}/{action}", data={"csrf_token": token, **data})


def test_an_order_with_a_comment_is_held_and_not_sent_to_the_erp(app_context, erp):
    order = make_order(erp_customer_user(), comment=COMMENT)

    deliveries = deliver_due(erp_client(), "worker-1", utcnow())

    assert order_by_number(order.number).status == "on_hold"
    assert ticket_of(order).reason == "customer_comment"
    assert outbox_entries() == [] and deliveries == []
    assert events_of(order.number) == ["place_within_budget", "hold"]


def test_a_released_order_continues_to_the_erp(app, app_context, erp):
    order = make_order(erp_customer_user(), comment=COMMENT)
    staff = make_staff()
    client = staff_logged_in(app, staff)
    queue = text_of(client.get("/back-office/review"))
    ticket = ticket_of(order)

    response = post_on_ticket(client, ticket, "release", release_note="Gate 2 is fine.")
    deliveries = deliver_due(erp_client(), "worker-1", utcnow())

    assert order.number in queue and "Customer comment" in queue
    assert response.status_code == 302
    assert [d.outcome for d in deliveries] == ["delivered"]
    assert erp.orders()[order.number]["received"] == 1
    assert order_by_number(order.number).status == "transmitted"
    assert ticket_of(order).status == "released"
    assert order.number not in text_of(client.get("/back-office/review"))
    audit = db.session.scalars(select(StaffAuditEntry.action).order_by(StaffAuditEntry.id))
    assert list(audit) == ["login", "release"]


def test_a_cancelled_order_shows_the_operators_note_to_the_customer(app, app_context, erp):
    user = erp_customer_user()
    order = make_order(user, comment=COMMENT)
    client = staff_logged_in(app, make_staff())

    response = post_on_ticket(
        client, ticket_of(order), "cancel", cancel_note="We cannot deliver to a gate."
    )
    customer_page = text_of(logged_in(app, user).get(f"/orders/{order.number}"))

    assert response.status_code == 302
    assert order_by_number(order.number).status == "cancelled"
    assert ticket_of(order).status == "cancelled"
    assert "We cannot deliver to a gate." in customer_page and "Cancelled" in customer_page
    assert "Customer service" in customer_page
    assert outbox_entries() == []


def test_cancelling_without_a_note_is_refused_next_to_the_field(app, app_context, erp):
    order = make_order(erp_customer_user(), comment=COMMENT)
    client = staff_logged_in(app, make_staff())

    response = post_on_ticket(client, ticket_of(order), "cancel", cancel_note="   ")

    assert response.status_code == 422
    assert "Tell the customer why." in text_of(response)
    assert order_by_number(order.number).status == "on_hold"


def test_a_ticket_released_by_a_colleague_cannot_be_cancelled(app, app_context, erp):
    order = make_order(erp_customer_user(), comment=COMMENT)
    first = staff_logged_in(app, make_staff())
    second = staff_logged_in(app, make_staff())
    ticket = ticket_of(order)
    token = csrf_of(second, f"/back-office/review/{ticket.id}")

    post_on_ticket(first, ticket, "release")
    late = second.post(
        f"/back-office/review/{ticket.id}/cancel",
        data={"csrf_token": token, "cancel_note": "Too late"},
    )

    assert late.status_code == 422 and "closed already" in text_of(late)
    assert order_by_number(order.number).status == "placed"


def test_bulky_goods_to_a_parcel_locker_are_held(app_context, erp):
    crate = make_product(bulky=True, list_price=Decimal("80.00"))
    order = make_order(
        erp_customer_user(),
        lines=[(crate, 1)],
        address=DeliveryAddress("Max Muster", "Packstation 123", "10115", "Berlin", "DE"),
    )

    assert order_by_number(order.number).status == "on_hold"
    assert ticket_of(order).reason == "parcel_locker_bulky"


def test_an_approved_order_with_a_comment_is_held_instead_of_sent(app, app_context, erp):
    company, main, clara, anna = team()
    order = order_over_budget(anna)
    order.comment = COMMENT
    db.session.commit()

    decide(logged_in(app, clara), order.number, "approve")

    assert order_by_number(order.number).status == "on_hold"
    assert ticket_of(order).reason == "customer_comment"
    assert outbox_entries() == []


def test_an_order_the_erp_rejects_gets_a_ticket_with_the_erps_reason(app, app_context, erp):
    order = make_order(make_user(make_company(customer_number="99999")))

    deliver_due(erp_client(), "worker-1", utcnow())
    page = text_of(
        staff_logged_in(app, make_staff()).get(f"/back-office/review/{ticket_of(order).id}")
    )

    assert ticket_of(order).reason == "erp_rejection"
    assert "ERP rejection" in page and "unknown customer" in page


def test_releasing_an_order_the_erp_rejected_sends_its_parked_entry_again(app, app_context, erp):
    order = make_order(erp_customer_user())
    erp.fail(1, mode="fault")
    # Its last attempt fails: the outbox parks it and holds the order.
    db.session.execute(update(OutboxEntry).values(attempts=11))
    db.session.commit()
    deliver_due(erp_client(), "worker-1", utcnow())
    assert order_by_number(order.number).status == "on_hold"
    client = staff_logged_in(app, make_staff())

    post_on_ticket(client, ticket_of(order), "release")
    deliveries = deliver_due(erp_client(), "worker-1", utcnow())

    assert [d.outcome for d in deliveries] == ["delivered"]
    assert len(outbox_entries()) == 1
    assert order_by_number(order.number).status == "transmitted"


def test_notes_and_assignment_work_with_and_without_htmx(app, app_context, erp):
    order = make_order(erp_customer_user(), comment=COMMENT)
    colleague = make_staff(name="Carla Colleague")
    client = staff_logged_in(app, make_staff())
    ticket = ticket_of(order)

    plain = post_on_ticket(client, ticket, "note", note="Called the customer.")
    fragment = client.post(
        f"/back-office/review/{ticket.id}/note",
        data={"csrf_token": csrf_of(client, "/back-office/"), "note": "Waiting for a call back."},
        headers={"HX-Request": "true"},
    )
    empty = client.post(
        f"/back-office/review/{ticket.id}/note",
        data={"csrf_token": csrf_of(client, "/back-office/"), "note": ""},
        headers={"HX-Request": "true"},
    )
    assigned = post_on_ticket(client, ticket, "assign", assignee=f"staff:{colleague.id}")
    to_team = post_on_ticket(client, ticket, "assign", assignee="queue:logistics")
    forged = post_on_ticket(client, ticket, "assign", assignee="staff:999999")

    assert plain.status_code == 302
    assert fragment.status_code == 200 and "Waiting for a call back." in text_of(fragment)
    assert "<html" not in text_of(fragment)
    assert empty.status_code == 422
    # #13: one rule for page and fragment, so caches keep them apart.
    assert "HX-Request" in fragment.headers["Vary"] and "HX-Request" in empty.headers["Vary"]
    assert assigned.status_code == 302 and to_team.status_code == 302
    assert forged.status_code == 422
    assert ticket_of(order).queue == "logistics" and ticket_of(order).assignee_id is None
    logistics = text_of(client.get("/back-office/review?show=queue:logistics"))
    assert order.number in logistics
    audit = text_of(client.get("/back-office/audit"))
    assert "Carla Colleague" in audit and "Logistics team" in audit
    assert not re.search(r"staff:\d|queue:", audit)


def test_the_staff_order_view_links_order_and_customer(app, app_context, erp):
    user = erp_customer_user()
    order = make_order(user, comment=COMMENT)
    client = staff_logged_in(app, make_staff(rights=("customers",)))

    order_page = client.get(f"/back-office/orders/{order.number}")
    customer_page = client.get(f"/back-office/customers/{user.company_id}")
    missing = client.get("/back-office/orders/2026-999999")

    assert order_page.status_code == 200 and COMMENT in text_of(order_page)
    assert customer_page.status_code == 200 and order.number in text_of(customer_page)
    assert missing.status_code == 404


def test_holding_an_order_that_is_held_already_adds_to_its_open_ticket(app_context, erp):
    order = make_order(erp_customer_user(), comment=COMMENT)

    with unit_of_work():
        held = order_by_number(order.number)
        hold_for_review(
            held, ReviewReason.ERP_UPDATE_PROBLEM, "Shipment for unknown line", utcnow()
        )

    tickets = db.session.scalars(select(ReviewTicket)).all()
    assert len(tickets) == 1 and tickets[0].reason == "customer_comment"
    assert [note.text for note in tickets[0].notes] == ["Shipment for unknown line"]
    assert events_of(order.number) == ["place_within_budget", "hold"]


def test_a_shipped_order_cannot_be_held(app_context, erp):
    order = make_order(erp_customer_user())
    order.status = "shipped"
    db.session.commit()

    with pytest.raises(InvalidTransition):
        hold_for_review(order, ReviewReason.OTHER, "", utcnow())
    db.session.rollback()

    assert db.session.scalars(select(ReviewTicket)).all() == []


def test_two_operators_deciding_one_ticket_at_once_one_wins_and_the_order_goes_once(
    app, app_context, erp
):
    # A race of release against cancel: the ticket row lock (PostgreSQL) or the write lock
    # (SQLite) lets one decide; the other finds the ticket closed.
    order = make_order(erp_customer_user(), comment=COMMENT)
    ticket_id = ticket_of(order).id
    staff_ids = [make_staff().id, make_staff().id]

    def decide_at_once(index: int):
        staff = db.session.get(StaffMember, staff_ids[index])
        if index == 0:
            return release(ticket_id, staff, "", utcnow()).status
        return cancel(ticket_id, staff, "Sorry, we cannot.", utcnow()).status

    results = run_at_once(app, 2, decide_at_once)

    closed = [r for r in results if isinstance(r, TicketClosed)]
    assert len(closed) == 1, results
    status = order_by_number(order.number).status
    assert status in {"placed", "cancelled"}
    assert len(outbox_entries()) == (1 if status == "placed" else 0)
    assert ticket_of(order).status == ("released" if status == "placed" else "cancelled")
