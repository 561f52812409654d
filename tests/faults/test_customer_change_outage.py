"""A company data change request asked for while the ERP is down (#15): it waits in the outbox,
is shown as pending, and reaches the ERP once it is back — once, and never as a refusal."""

from datetime import timedelta

from sqlalchemy import select

from shop.domain.customer_changes import ChangeKind
from shop.erp import erp_client
from shop.extensions import db
from shop.models import CustomerChangeRequest
from shop.models.clock import utcnow
from shop.services.customer_center.company_changes import request_change
from shop.services.outbox import deliver_due
from tests.factories import make_company, make_main_contact


def status() -> str:
    db.session.expire_all()
    return db.session.scalar(select(CustomerChangeRequest.status))


def test_a_change_request_waits_for_the_erp_and_is_delivered_once_when_it_is_back(app_context, erp):
    main = make_main_contact(make_company(customer_number="10001"))
    request_change(main, ChangeKind.VAT_ID, {"vat_id": "DE123456789"}, utcnow())
    erp.fail(3, mode="http")

    first = deliver_due(erp_client(), "w", utcnow())
    while_down = status()
    later = utcnow() + timedelta(hours=2)
    for minutes in (0, 30):
        deliver_due(erp_client(), "w", later + timedelta(minutes=minutes))
    back = deliver_due(erp_client(), "w", later + timedelta(hours=3))
    again = deliver_due(erp_client(), "w", later + timedelta(hours=4))

    assert [d.outcome for d in first] == ["retry"]
    assert while_down == "pending"
    assert [d.outcome for d in back] == ["delivered"] and again == []
    assert status() == "sent"
    assert [r["vatId"] for r in erp.change_requests()] == ["DE123456789"]
