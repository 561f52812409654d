"""Parked ERP updates in the back office (§12, #16): listed for operators with the outbox
right, marked handled with a note, audited; a customer session is refused."""

from sqlalchemy import select

from shop.erp import erp_client
from shop.extensions import db
from shop.models import ErpUpdateProblem, StaffAuditEntry
from shop.models.clock import utcnow
from shop.services.order_updates import poll_order_updates
from shop.services.outbox import deliver_due
from tests.clients import csrf_of, logged_in, staff_logged_in, text_of
from tests.factories import make_company, make_order, make_staff, make_user

PAGE = "/back-office/erp-updates"


def parked_update(erp) -> ErpUpdateProblem:
    """A delivery reported for an order never shipped: parked, the order held."""
    order = make_order(make_user(make_company(customer_number="10001")))
    deliver_due(erp_client(), "worker-1", utcnow())
    erp.add_order_event(order.number, "delivered", message="Delivered without shipment?")
    poll_order_updates(erp_client(), utcnow())
    return db.session.scalar(select(ErpUpdateProblem))


def mark(client, problem, note: str):
    token = csrf_of(client, PAGE)
    return client.post(
        f"{PAGE}/{problem.id}/handled", data={"csrf_token": token, "handled_note": note}
    )


def test_a_parked_update_is_listed_with_its_order_and_reason(app, app_context, erp):
    problem = parked_update(erp)
    client = staff_logged_in(app, make_staff(rights=("outbox",)))

    page = client.get(PAGE)

    text = text_of(page)
    assert page.status_code == 200
    assert problem.order_number in text and "a delivery" in text
    assert "it does not fit the order" in text
    assert f'href="/back-office/orders/{problem.order_number}"' in page.get_data(as_text=True)
    assert "Parked ERP updates" in text_of(client.get("/back-office/"))


def test_marking_handled_is_audited_and_needs_a_note(app, app_context, erp):
    problem = parked_update(erp)
    staff = make_staff(rights=("outbox",))
    client = staff_logged_in(app, staff)

    empty = mark(client, problem, "   ")
    db.session.expire_all()
    still_open = db.session.get(ErpUpdateProblem, problem.id).resolved_at is None
    done = mark(client, problem, "Shipment booked by hand in the ERP.")
    again = mark(client, problem, "Twice")

    assert empty.status_code == 422 and "Say what was done about it." in text_of(empty)
    assert still_open
    assert done.status_code == 302 and again.status_code == 302
    db.session.expire_all()
    handled = db.session.get(ErpUpdateProblem, problem.id)
    assert handled.resolved_at is not None and handled.resolved_by_id == staff.id
    assert handled.resolution_note == "Shipment booked by hand in the ERP."
    audit = list(
        db.session.scalars(
            select(StaffAuditEntry).where(StaffAuditEntry.action == "erp_update_handled")
        )
    )
    assert [(a.staff_id, a.target_id, a.detail) for a in audit] == [
        (staff.id, str(problem.id), "Shipment booked by hand in the ERP.")
    ]
    trail = text_of(client.get("/back-office/audit"))
    assert "Marked a parked ERP update handled" in trail and "Parked ERP update" in trail


def test_without_the_outbox_right_or_as_a_customer_it_is_refused(app, app_context, erp):
    problem = parked_update(erp)
    reviewer = staff_logged_in(app, make_staff(rights=("review",)))
    customer = logged_in(app, make_user(make_company()))

    listed = reviewer.get(PAGE)
    posted = reviewer.post(
        f"{PAGE}/{problem.id}/handled",
        data={"csrf_token": csrf_of(reviewer, "/back-office/audit"), "handled_note": "x"},
    )
    as_customer = customer.get(PAGE)

    assert listed.status_code == 403 and posted.status_code == 403
    assert as_customer.status_code == 302
    assert as_customer.headers["Location"].startswith("/back-office/login")
    db.session.expire_all()
    assert db.session.get(ErpUpdateProblem, problem.id).resolved_at is None
