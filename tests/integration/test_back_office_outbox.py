"""The back office's outbox page (§12): parked and pending entries, retry, push after an outage."""

from datetime import timedelta

from sqlalchemy import select

from shop.erp import erp_client
from shop.extensions import db
from shop.models import OutboxEntry, StaffAuditEntry
from shop.models.clock import utcnow
from shop.services.outbox import deliver_due, deliver_due_mails
from tests.clients import csrf_of, flashes_of, staff_logged_in, text_of
from tests.factories import make_company, make_order, make_staff, make_user, order_by_number


def erp_customer_user():
    return make_user(make_company(customer_number="10001"))


def entries() -> list[OutboxEntry]:
    """The entries for the ERP (the orders' mails have entries of their own)."""
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(OutboxEntry).where(OutboxEntry.kind != "send_mail").order_by(OutboxEntry.id)
        )
    )


def post(client, path: str, **data):
    return client.post(path, data={"csrf_token": csrf_of(client, "/back-office/outbox"), **data})


def test_push_after_an_outage_makes_waiting_orders_due_and_the_worker_sends_them(
    app, app_context, erp
):
    company = make_company(customer_number="10001")
    orders = [make_order(make_user(company)) for _ in range(3)]
    erp.stop()
    failed = deliver_due(erp_client(), "worker-1", utcnow())
    client = staff_logged_in(app, make_staff())
    page = text_of(client.get("/back-office/outbox"))
    erp.start()

    pushed = post(client, "/back-office/outbox/push")
    due_now = [entry.next_attempt_at <= utcnow() for entry in entries()]
    delivered = deliver_due(erp_client(), "worker-1", utcnow())
    deliver_due_mails("worker-1", utcnow())  # the orders' receipts wait on the page too

    assert [d.outcome for d in failed] == ["retry"] * 3
    assert "Pending" in page and "ERP unavailable" in page
    assert pushed.status_code == 302
    assert due_now == [True] * 3
    assert [d.outcome for d in delivered] == ["delivered"] * 3
    assert {order_by_number(o.number).status for o in orders} == {"transmitted"}
    assert "Nothing waits" in text_of(client.get("/back-office/outbox"))
    actions = db.session.scalars(select(StaffAuditEntry.action).order_by(StaffAuditEntry.id))
    assert list(actions) == ["login", "outbox_push"]


def test_push_while_the_erp_is_still_down_answers_at_once_and_loses_nothing(app, app_context, erp):
    make_order(erp_customer_user())
    erp.stop()
    deliver_due(erp_client(), "worker-1", utcnow())
    client = staff_logged_in(app, make_staff())

    pushed = post(
        client,
        "/back-office/outbox/push",
    )

    assert pushed.status_code == 302
    assert [entry.status for entry in entries()] == ["pending"]


def test_retry_one_selected_or_all_parked_entries(app, app_context, erp):
    unknown = make_company(customer_number="99999")
    rejected = [make_order(make_user(unknown)) for _ in range(3)]
    parked = deliver_due(erp_client(), "worker-1", utcnow())
    client = staff_logged_in(app, make_staff())
    page = text_of(client.get("/back-office/outbox"))
    first, second, third = (entry.id for entry in entries())

    one = post(client, "/back-office/outbox/retry", entry_ids=str(first))
    selected = client.post(
        "/back-office/outbox/retry",
        data={"csrf_token": csrf_of(client, "/back-office/outbox"), "entry_ids": [str(second)]},
    )
    states = [entry.status for entry in entries()]
    everything = post(client, "/back-office/outbox/retry", all="1")

    assert [d.outcome for d in parked] == ["parked"] * 3 and len(rejected) == 3
    assert "Parked" in page and "UnknownCustomer" in page
    assert one.status_code == selected.status_code == everything.status_code == 302
    assert states == ["pending", "pending", "parked"]
    assert [entry.status for entry in entries()] == ["pending"] * 3
    assert {entry.attempts for entry in entries()} == {0}
    assert third


def test_a_selection_that_is_no_entry_id_is_refused_with_a_message(app, app_context, erp):
    make_order(make_user(make_company(customer_number="99999")))
    deliver_due(erp_client(), "worker-1", utcnow())
    client = staff_logged_in(app, make_staff())

    token = csrf_of(client, "/back-office/outbox")
    response = client.post(
        "/back-office/outbox/retry",
        data={"csrf_token": token, "entry_ids": "1 OR 1=1"},
        follow_redirects=True,
    )
    nothing = client.post(
        "/back-office/outbox/retry", data={"csrf_token": token}, follow_redirects=True
    )

    assert "Select the parked entries to send again." in flashes_of(response)
    assert "Select the parked entries to send again." in flashes_of(nothing)
    assert [entry.status for entry in entries()] == ["parked"]


def test_a_cancelled_orders_entry_is_not_sent_by_retry_all(app, app_context, erp):
    order = make_order(make_user(make_company(customer_number="99999")))
    deliver_due(erp_client(), "worker-1", utcnow())
    client = staff_logged_in(app, make_staff())
    ticket_id = order_by_number(order.number).id
    from shop.models import ReviewTicket

    ticket = db.session.scalar(select(ReviewTicket).where(ReviewTicket.order_id == ticket_id))
    client.post(
        f"/back-office/review/{ticket.id}/cancel",
        data={
            "csrf_token": csrf_of(client, f"/back-office/review/{ticket.id}"),
            "cancel_note": "Your customer account is not known to us.",
        },
    )

    post(client, "/back-office/outbox/retry", all="1")

    assert [entry.status for entry in entries()] == ["cancelled"]
    assert deliver_due(erp_client(), "worker-1", utcnow() + timedelta(hours=1)) == []
