"""Approver setup (§6): company and per-user approvers, absences with deputies, and who
would approve each user's orders today.

Every change here re-routes the company's waiting orders in its own unit of work (#14), so an
order never stays with someone who may no longer decide it; their new approvers are mailed after
it. The routing's inputs are read by `shop.services.approval_routing.routing_inputs`, which
lives with the routing (it serves the order's approval as much as these settings).
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select

from shop.domain.audit import AuditField, AuditTarget
from shop.domain.rights import Right
from shop.domain.routing import NoApproverAvailable, Routing, route_approval
from shop.extensions import db
from shop.models import Absence as AbsenceRow
from shop.models import ApproverAssignment, Company, User
from shop.services.approval_routing import (
    RerouteCause,
    may_decide,
    reroute_waiting_orders,
    routing_snapshot,
)
from shop.services.customer_center.audit_trail import record_change
from shop.services.customer_center.companies import company_user
from shop.services.customer_center.exceptions import (
    AbsenceProblem,
    ApproverProblem,
    InvalidAbsence,
    InvalidApprovers,
    NotAllowed,
    NotInCompany,
)
from shop.services.unit_of_work import unit_of_work


@dataclass(frozen=True)
class ApprovalLine:
    """Who would approve one user's orders over budget today, and why (None: nobody could)."""

    user: User
    per_user_approvers: tuple[User, ...]
    routing: Routing | None
    names: Mapping[int, str] = field(repr=False)


def approval_overview(company_id: int, today: date) -> list[ApprovalLine]:
    """For every active user who may place orders: their approvers and today's routing."""
    snapshot = routing_snapshot(company_id, today)
    users = {
        u.id: u
        for u in db.session.scalars(
            select(User).where(User.company_id == company_id).order_by(User.name, User.id)
        )
    }
    names = {person_id: person.name for person_id, person in snapshot.people.items()}
    lines = []
    for user in users.values():
        if not (user.active and user.can(Right.PLACE_ORDERS)):
            continue
        inputs = snapshot.inputs_for(user.id)
        try:
            routing = route_approval(**inputs.as_kwargs())
        except NoApproverAvailable:
            routing = None
        lines.append(
            ApprovalLine(
                user=user,
                per_user_approvers=tuple(users[i] for i in inputs.per_user_approver_ids),
                routing=routing,
                names=names,
            )
        )
    return lines


def approver_candidates(company_id: int) -> list[User]:
    """The company's users who may be named approver or deputy (active, DECIDE_APPROVALS)."""
    users = db.session.scalars(
        select(User).where(User.company_id == company_id, User.active).order_by(User.name, User.id)
    )
    return [u for u in users if may_decide(u)]


def company_approvers(company_id: int) -> list[User]:
    """The approvers named for the whole company, in the order they were named."""
    return list(
        db.session.scalars(
            select(User)
            .join(ApproverAssignment, ApproverAssignment.approver_id == User.id)
            .where(
                ApproverAssignment.company_id == company_id,
                ApproverAssignment.orderer_id.is_(None),
            )
            .order_by(ApproverAssignment.id)
        )
    )


def per_user_approver_ids(company_id: int, orderer_id: int) -> list[int]:
    return list(
        db.session.scalars(
            select(ApproverAssignment.approver_id)
            .where(
                ApproverAssignment.company_id == company_id,
                ApproverAssignment.orderer_id == orderer_id,
            )
            .order_by(ApproverAssignment.id)
        )
    )


def set_company_approvers(actor: User, approver_ids: Sequence[int], now: datetime) -> bool:
    """Name the approvers for the whole company (replacing the previous ones); True if changed."""
    return _set_approvers(actor, None, approver_ids, now)


def set_user_approvers(
    actor: User, orderer_id: int, approver_ids: Sequence[int], now: datetime
) -> bool:
    """Name one user's own approvers, who take precedence over the company's; empty clears."""
    return _set_approvers(actor, orderer_id, approver_ids, now)


def _set_approvers(
    actor: User, orderer_id: int | None, approver_ids: Sequence[int], now: datetime
) -> bool:
    with unit_of_work():
        company_id = actor.company_id
        # One change of a company's approvers at a time (PostgreSQL row lock; SQLite's write
        # lock is taken by the unit of work), so the replaced set and the audit entry stay true.
        db.session.get(Company, company_id, with_for_update=True)
        if orderer_id is not None:
            company_user(company_id, orderer_id)
        wanted = list(dict.fromkeys(approver_ids))
        if orderer_id is not None and orderer_id in wanted:
            # §6: nobody approves their own order; naming them would only mislead.
            raise InvalidApprovers(ApproverProblem.OWN_ORDERS)
        candidates = {u.id: u for u in approver_candidates(company_id)}
        if any(i not in candidates for i in wanted):
            raise InvalidApprovers(ApproverProblem.NOT_AN_APPROVER)
        current = db.session.scalars(
            select(ApproverAssignment)
            .where(
                ApproverAssignment.company_id == company_id,
                ApproverAssignment.orderer_id.is_(None)
                if orderer_id is None
                else ApproverAssignment.orderer_id == orderer_id,
            )
            .order_by(ApproverAssignment.id)
        ).all()
        old_ids = [a.approver_id for a in current]
        if set(old_ids) == set(wanted):
            return False
        # Keep the assignments that stay (their order is the routing's order), add the new ones.
        for assignment in current:
            if assignment.approver_id not in wanted:
                db.session.delete(assignment)
        db.session.flush()
        for approver_id in wanted:
            if approver_id not in old_ids:
                db.session.add(
                    ApproverAssignment(
                        company_id=company_id, orderer_id=orderer_id, approver_id=approver_id
                    )
                )
        kept_then_added = [i for i in old_ids if i in wanted] + [
            i for i in wanted if i not in old_ids
        ]
        record_change(
            company_id=company_id,
            actor=actor,
            target_type=AuditTarget.COMPANY if orderer_id is None else AuditTarget.USER,
            target_id=company_id if orderer_id is None else orderer_id,
            field=AuditField.COMPANY_APPROVERS if orderer_id is None else AuditField.APPROVERS,
            old=_names(old_ids),
            new=_names(kept_then_added),
            now=now,
        )
        reroute_waiting_orders(company_id, actor, RerouteCause.APPROVERS, "", now)
    return True


@dataclass(frozen=True)
class AbsenceView:
    """An absence as the screens list it."""

    id: int
    approver: User
    deputy: User
    start: date
    end: date
    is_current: bool


def absences(company_id: int, today: date, approver_id: int | None = None) -> list[AbsenceView]:
    """Current and future absences of the company (or of one approver), earliest first."""
    query = (
        select(AbsenceRow)
        .join(User, User.id == AbsenceRow.user_id)
        .where(User.company_id == company_id, AbsenceRow.end >= today)
        .order_by(AbsenceRow.start, AbsenceRow.id)
    )
    if approver_id is not None:
        query = query.where(AbsenceRow.user_id == approver_id)
    rows = db.session.scalars(query).all()
    people = _users_by_id({r.user_id for r in rows} | {r.deputy_id for r in rows})
    return [
        AbsenceView(r.id, people[r.user_id], people[r.deputy_id], r.start, r.end, r.start <= today)
        for r in rows
    ]


def may_set_absence_of(actor: User, approver_id: int) -> bool:
    """An approver sets their own absence; whoever manages approvers sets anybody's (§6)."""
    if actor.can(Right.MANAGE_APPROVERS):
        return True
    return approver_id == actor.id and actor.can(Right.DECIDE_APPROVALS)


def add_absence(
    actor: User, approver_id: int, start: date, end: date, deputy_id: int, now: datetime
) -> int:
    """Record that an approver is away from start to end (inclusive); returns the absence id."""
    with unit_of_work():
        company_id = actor.company_id
        # Locked so that two overlapping absences of one approver cannot both pass the check.
        approver = company_user(company_id, approver_id, lock=True)
        if not may_set_absence_of(actor, approver_id):
            raise NotAllowed()
        if not may_decide(approver):
            raise InvalidAbsence("approver_id", AbsenceProblem.NOT_AN_APPROVER)
        if deputy_id == approver_id:
            raise InvalidAbsence("deputy_id", AbsenceProblem.SELF_DEPUTY)
        deputy = db.session.get(User, deputy_id)
        if deputy is None or deputy.company_id != company_id or not may_decide(deputy):
            raise InvalidAbsence("deputy_id", AbsenceProblem.DEPUTY)
        if end < now.date():
            raise InvalidAbsence("end", AbsenceProblem.PAST)
        overlapping = db.session.scalar(
            select(AbsenceRow.id).where(
                AbsenceRow.user_id == approver_id, AbsenceRow.start <= end, AbsenceRow.end >= start
            )
        )
        if overlapping is not None:
            raise InvalidAbsence("start", AbsenceProblem.OVERLAP)
        absence = AbsenceRow(user_id=approver_id, start=start, end=end, deputy_id=deputy_id)
        db.session.add(absence)
        db.session.flush()
        record_change(
            company_id=company_id,
            actor=actor,
            target_type=AuditTarget.USER,
            target_id=approver_id,
            field=AuditField.ABSENCE,
            old=None,
            new=_absence_text(start, end, deputy),
            now=now,
        )
        absence_id = absence.id
        reroute_waiting_orders(company_id, actor, RerouteCause.ABSENCE, approver.name, now)
    return absence_id


def remove_absence(actor: User, absence_id: int, now: datetime) -> None:
    """End an absence record early by deleting it; the approver decides again at once."""
    with unit_of_work():
        absence = db.session.get(AbsenceRow, absence_id)
        approver = db.session.get(User, absence.user_id) if absence is not None else None
        if approver is None or approver.company_id != actor.company_id:
            raise NotInCompany(absence_id)
        if not may_set_absence_of(actor, approver.id):
            raise NotAllowed()
        deputy = db.session.get(User, absence.deputy_id)
        record_change(
            company_id=actor.company_id,
            actor=actor,
            target_type=AuditTarget.USER,
            target_id=approver.id,
            field=AuditField.ABSENCE,
            old=_absence_text(absence.start, absence.end, deputy),
            new=None,
            now=now,
        )
        db.session.delete(absence)
        reroute_waiting_orders(actor.company_id, actor, RerouteCause.ABSENCE, approver.name, now)


def _absence_text(start: date, end: date, deputy: User) -> dict:
    # Language-neutral data; the audit page words it in the reader's language.
    return {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "deputy": deputy.name,
        "deputy_email": deputy.email,
    }


def _names(user_ids: Iterable[int]) -> list[str]:
    ids = list(user_ids)
    people = _users_by_id(set(ids))
    # The e-mail tells namesakes apart; a database id means nothing to the reader.
    return [f"{people[i].name} <{people[i].email}>" for i in ids if i in people]


def _users_by_id(ids: set[int]) -> dict[int, User]:
    if not ids:
        return {}
    return {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(ids)))}
