"""Change requests of the company's master data (#15): the main contact asks, the ERP decides.

A request is written with its outbox entry in one unit of work; the worker sends it with
RequestCustomerChange. The shop's copy of the company never changes here: the ERP stays the
master, and the customer sync brings its data once the ERP has made the change. A request the
ERP refuses (or that cannot be delivered) waits for an operator in the back office (§12).
"""

from datetime import datetime

from sqlalchemy import select

from shop.domain.customer_changes import (
    OPEN_STATUSES,
    ChangeKind,
    ChangeRequestStatus,
    is_made,
)
from shop.domain.outbox import OutboxKind
from shop.domain.staff import StaffAction
from shop.extensions import db
from shop.models import Company, CustomerChangeRequest, StaffMember, User
from shop.services.outbox import enqueue
from shop.services.staff import record_action
from shop.services.unit_of_work import unit_of_work

# A main contact sees this many of their latest requests that are still open.
SHOWN_REQUESTS = 20
ADDRESS_FIELDS = ("name", "street", "postal_code", "city", "country")


class ChangeRequestNotFound(Exception):
    """No refused change request with that id."""


class ChangeRequestHandledAlready(Exception):
    """Another operator dealt with the request first."""


def request_change(
    actor: User, kind: ChangeKind, details: dict, now: datetime
) -> CustomerChangeRequest:
    """Record the main contact's request and queue it for the ERP, together or not at all."""
    with unit_of_work():
        request = CustomerChangeRequest(
            company_id=actor.company_id,
            requested_by_id=actor.id,
            requested_by_label=f"{actor.name} <{actor.email}>",
            kind=kind.value,
            details=details,
            status=ChangeRequestStatus.PENDING.value,
            erp_reference="",
            erp_message="",
            handled_note="",
            created_at=now,
        )
        db.session.add(request)
        db.session.flush()  # the id is the ERP's requestId
        company = db.session.get(Company, actor.company_id)
        # One key per customer: the ERP receives the company's requests in the order asked.
        enqueue(
            OutboxKind.REQUEST_CUSTOMER_CHANGE,
            f"customer:{company.customer_number}",
            {"request_id": request.id},
        )
    return request


def settle_made_changes(company: Company, now: datetime) -> int:
    """Mark the company's sent requests whose change its (just synced) data now shows as
    made, inside the caller's unit of work; how many."""
    addresses = [
        {
            "kind": a.kind,
            "street": a.street,
            "postal_code": a.postal_code,
            "city": a.city,
            "country": a.country,
        }
        for a in company.addresses
    ]
    made = 0
    sent = db.session.scalars(
        select(CustomerChangeRequest).where(
            CustomerChangeRequest.company_id == company.id,
            CustomerChangeRequest.status == ChangeRequestStatus.SENT.value,
        )
    )
    for request in sent:
        if is_made(request.kind, request.details, company.vat_id or "", addresses):
            request.status = ChangeRequestStatus.MADE.value
            request.answered_at = now
            made += 1
    return made


def open_requests(company_id: int) -> list[CustomerChangeRequest]:
    """The company's requests not yet dealt with, newest first."""
    return list(
        db.session.scalars(
            select(CustomerChangeRequest)
            .where(
                CustomerChangeRequest.company_id == company_id,
                CustomerChangeRequest.status.in_([s.value for s in OPEN_STATUSES]),
            )
            .order_by(CustomerChangeRequest.created_at.desc(), CustomerChangeRequest.id.desc())
            .limit(SHOWN_REQUESTS)
        )
    )


def refused_requests() -> list[tuple[CustomerChangeRequest, Company]]:
    """Refused requests waiting for an operator, oldest first, with their company."""
    return list(
        db.session.execute(
            select(CustomerChangeRequest, Company)
            .join(Company, Company.id == CustomerChangeRequest.company_id)
            .where(CustomerChangeRequest.status == ChangeRequestStatus.REFUSED.value)
            .order_by(CustomerChangeRequest.created_at, CustomerChangeRequest.id)
        ).tuples()
    )


def mark_handled(request_id: int, staff: StaffMember, note: str, now: datetime) -> None:
    """An operator dealt with a refused request (with the customer or in the ERP); audited."""
    query = select(CustomerChangeRequest).where(CustomerChangeRequest.id == request_id)
    if db.engine.dialect.name == "postgresql":
        # Two operators at once: the second waits, then finds it handled.
        query = query.with_for_update()
    with unit_of_work():
        request = db.session.scalar(query.execution_options(populate_existing=True))
        if request is None:
            raise ChangeRequestNotFound()
        if request.status != ChangeRequestStatus.REFUSED.value:
            raise ChangeRequestHandledAlready()
        request.status = ChangeRequestStatus.HANDLED.value
        request.handled_by_id = staff.id
        request.handled_note = note.strip()
        request.handled_at = now
        record_action(
            staff, StaffAction.CUSTOMER_CHANGE_HANDLED, now, "customer_change", request.id, note
        )
