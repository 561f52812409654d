"""Who approves an order (§6): the routing's inputs from the database, its reasons as JSON.

The decision itself is the pure domain function routing.route_approval; this module feeds it
with the company's approver assignments, absences, main contacts and people (`routing_inputs`
is the one place that turns the database into its arguments), stores the result on the order
(OrderApprover rows, written at (re)submission and again whenever a change of approvers,
absences or users re-routes waiting orders) and keeps each reason as plain data, which
shop.web.labels.routing words for pages and mails.

Who may decide is checked again from today's settings inside each deciding transaction
(`decider_ids_today`); the stored routing serves the inbox, the mails and the "why".
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import and_, delete, insert, or_, select

from shop.domain.orders import OrderStatus
from shop.domain.rights import Right
from shop.domain.routing import (
    Absence,
    NoApproverAvailable,
    Person,
    Routing,
    RoutingKind,
    RoutingReason,
    deciders_today,
    route_approval,
)
from shop.extensions import db
from shop.models import Absence as AbsenceRow
from shop.models import ApproverAssignment, Company, Order, OrderApprover, OrderEventRecord, User
from shop.services import approval_mails
from shop.services.customer_center.companies import main_contacts_query
from shop.services.order_history import HistoryNote, actor_label
from shop.services.unit_of_work import unit_of_work

__all__ = ["NoApproverAvailable", "RoutedApprover"]


@dataclass(frozen=True)
class RoutingInputs:
    """The arguments of route_approval for one orderer on one day, read from the database.

    - per_user_approver_ids / company_approver_ids: as assigned, oldest assignment first;
    - main_contact_ids: the company's active main contacts, oldest first (the fallback);
    - people: every user of the company; `active` is False for a deactivated user and for one
      without the DECIDE_APPROVALS right, so routing skips them (and their deputies step in
      only if they themselves may decide);
    - absences: the company's absences that have not ended before `today`, earliest first
      (the domain takes the first that covers the day).
    """

    orderer_id: int
    per_user_approver_ids: tuple[int, ...]
    company_approver_ids: tuple[int, ...]
    main_contact_ids: tuple[int, ...]
    people: Mapping[int, Person]
    absences: tuple[Absence, ...]
    today: date

    def as_kwargs(self) -> dict:
        """Keyword arguments for route_approval(**...)."""
        return {
            "orderer_id": self.orderer_id,
            "per_user_approver_ids": self.per_user_approver_ids,
            "company_approver_ids": self.company_approver_ids,
            "main_contact_ids": self.main_contact_ids,
            "people": self.people,
            "absences": self.absences,
            "today": self.today,
        }

    @property
    def names(self) -> dict[int, str]:
        """Everyone's name by id, for explain() and the UI's wording of a reason."""
        return {person_id: person.name for person_id, person in self.people.items()}


@dataclass(frozen=True)
class RoutingSnapshot:
    """Everything routing needs for a whole company, read once (the overview and re-routing
    route everyone)."""

    assignments: tuple[tuple[int | None, int], ...]  # (orderer_id or None, approver_id)
    main_contact_ids: tuple[int, ...]
    people: Mapping[int, Person]
    absences: tuple[Absence, ...]
    today: date

    def inputs_for(self, orderer_id: int) -> RoutingInputs:
        return RoutingInputs(
            orderer_id=orderer_id,
            per_user_approver_ids=tuple(a for o, a in self.assignments if o == orderer_id),
            company_approver_ids=tuple(a for o, a in self.assignments if o is None),
            main_contact_ids=self.main_contact_ids,
            people=self.people,
            absences=self.absences,
            today=self.today,
        )


def may_decide(user: User) -> bool:
    """Whether this user can approve orders at all: active and holding DECIDE_APPROVALS."""
    return user.active and user.can(Right.DECIDE_APPROVALS)


def routing_snapshot(
    company_id: int, today: date, orderer_id: int | None = None
) -> RoutingSnapshot:
    query = (
        select(ApproverAssignment.orderer_id, ApproverAssignment.approver_id)
        .where(ApproverAssignment.company_id == company_id)
        .order_by(ApproverAssignment.id)
    )
    if orderer_id is not None:
        query = query.where(
            (ApproverAssignment.orderer_id.is_(None))
            | (ApproverAssignment.orderer_id == orderer_id)
        )
    users = db.session.scalars(select(User).where(User.company_id == company_id)).all()
    absences = db.session.scalars(
        select(AbsenceRow)
        .join(User, User.id == AbsenceRow.user_id)
        .where(User.company_id == company_id, AbsenceRow.end >= today)
        .order_by(AbsenceRow.start, AbsenceRow.id)
    ).all()
    return RoutingSnapshot(
        assignments=tuple(tuple(row) for row in db.session.execute(query)),
        main_contact_ids=tuple(u.id for u in db.session.scalars(main_contacts_query(company_id))),
        people={u.id: Person(u.id, u.name, may_decide(u)) for u in users},
        absences=tuple(Absence(a.user_id, a.start, a.end, a.deputy_id) for a in absences),
        today=today,
    )


def routing_inputs(company_id: int, orderer_id: int, today: date) -> RoutingInputs:
    """The plain-data arguments of route_approval for an order of this orderer today."""
    return routing_snapshot(company_id, today, orderer_id).inputs_for(orderer_id)


def lock_routing(company_id: int, *, to_change: bool) -> None:
    """Settle a decision against a concurrent change of the company's routing (PostgreSQL).

    A change of approvers, absences or users takes the company row FOR UPDATE before it
    re-routes; a decision takes it FOR SHARE before it reads who may decide. So a decision
    sees the change, or the change sees the decided order. SQLite's BEGIN IMMEDIATE (see
    unit_of_work) serialises both already.
    """
    if db.engine.dialect.name != "postgresql":
        return
    query = select(Company.id).where(Company.id == company_id)
    query = query.with_for_update() if to_change else query.with_for_update(read=True)
    db.session.execute(query)


def decider_ids_today(order: Order, today: date) -> frozenset[int]:
    """Who may decide on this order now, from today's approvers, absences, users and rights."""
    inputs = routing_inputs(order.company_id, order.user_id, today)
    return deciders_today(**inputs.as_kwargs())


def route_for(company_id: int, orderer_id: int, today: date) -> tuple[Routing, dict[int, str]]:
    """The routing for an order of this orderer today, with everyone's name; may raise
    NoApproverAvailable."""
    inputs = routing_inputs(company_id, orderer_id, today)
    return route_approval(**inputs.as_kwargs()), inputs.names


def reason_to_json(reason: RoutingReason, names: Mapping[int, str]) -> dict:
    """A reason as plain data, with the names as they were when the order was routed."""
    ids = {reason.approver_id, reason.orderer_id, *reason.via_ids}
    if reason.deputy_for_id is not None:
        ids.add(reason.deputy_for_id)
    return {
        "kind": reason.kind.value,
        "approver_id": reason.approver_id,
        "orderer_id": reason.orderer_id,
        "deputy_for_id": reason.deputy_for_id,
        "deputy_for_kind": reason.deputy_for_kind.value if reason.deputy_for_kind else None,
        "absent_until": reason.absent_until.isoformat() if reason.absent_until else None,
        "via_ids": list(reason.via_ids),
        "names": {str(i): names.get(i, "") for i in sorted(ids)},
    }


def reason_from_json(data: Mapping) -> RoutingReason:
    return RoutingReason(
        kind=RoutingKind(data["kind"]),
        approver_id=data["approver_id"],
        orderer_id=data["orderer_id"],
        deputy_for_id=data.get("deputy_for_id"),
        deputy_for_kind=RoutingKind(data["deputy_for_kind"])
        if data.get("deputy_for_kind")
        else None,
        absent_until=date.fromisoformat(data["absent_until"]) if data.get("absent_until") else None,
        via_ids=tuple(data.get("via_ids") or ()),
    )


@dataclass(frozen=True)
class RoutedApprover:
    """One person an order is (or would be) routed to, and why, for pages and mails."""

    id: int
    name: str
    reason: dict  # reason_to_json; shop.web.labels.routing words it


def routed_approvers(routing: Routing, names: Mapping[int, str]) -> list[RoutedApprover]:
    return [
        RoutedApprover(r.approver_id, names.get(r.approver_id, ""), reason_to_json(r, names))
        for r in routing.reasons
    ]


def store_routing(order: Order, approvers: Iterable[RoutedApprover]) -> None:
    """Replace the order's approvers with this routing (inside the caller's transaction)."""
    db.session.execute(delete(OrderApprover).where(OrderApprover.order_id == order.id))
    for approver in approvers:
        db.session.add(
            OrderApprover(order_id=order.id, approver_id=approver.id, reason=approver.reason)
        )


def approvers_of(order_id: int) -> list[RoutedApprover]:
    """Whom an order is routed to, as stored when it was (re)submitted."""
    rows = db.session.execute(
        select(OrderApprover, User.name)
        .join(User, User.id == OrderApprover.approver_id)
        .where(OrderApprover.order_id == order_id)
        .order_by(OrderApprover.id)
    ).all()
    return [RoutedApprover(row.approver_id, name, row.reason) for row, name in rows]


def deputised_today(approver_ids: Iterable[int], today: date) -> dict[int, AbsenceRow]:
    """Deputies standing in today for any of these approvers: deputy id → the absence."""
    # An approver who went away after the order was routed: their deputy decides meanwhile,
    # following a deputy's own absence one step further at a time (cycles end the walk).
    found: dict[int, AbsenceRow] = {}
    frontier = set(approver_ids)
    seen = set(frontier)
    while frontier:
        absences = db.session.scalars(
            select(AbsenceRow).where(
                AbsenceRow.user_id.in_(frontier), AbsenceRow.start <= today, AbsenceRow.end >= today
            )
        ).all()
        frontier = set()
        for absence in absences:
            if absence.deputy_id not in seen:
                found.setdefault(absence.deputy_id, absence)
                frontier.add(absence.deputy_id)
                seen.add(absence.deputy_id)
    return found


def deciders_of(order: Order, today: date) -> list[RoutedApprover]:
    """Everyone who may decide on the order today: its approvers and their deputies today."""
    approvers = approvers_of(order.id)
    deputies = deputised_today([a.id for a in approvers], today)
    extra = [d for d in deputies if d not in {a.id for a in approvers}]
    if not extra:
        return approvers
    names = dict(db.session.execute(select(User.id, User.name).where(User.id.in_(extra))).all())
    absent_names = dict(
        db.session.execute(
            select(User.id, User.name).where(User.id.in_({deputies[d].user_id for d in extra}))
        ).all()
    )
    for deputy_id in extra:
        absence = deputies[deputy_id]
        reason = RoutingReason(
            RoutingKind.DEPUTY,
            deputy_id,
            order.user_id,
            deputy_for_id=absence.user_id,
            absent_until=absence.end,
        )
        all_names = {
            deputy_id: names.get(deputy_id, ""),
            absence.user_id: absent_names.get(absence.user_id, ""),
        }
        approvers.append(
            RoutedApprover(deputy_id, names.get(deputy_id, ""), reason_to_json(reason, all_names))
        )
    return approvers


def routed_to_condition(user_id: int, today: date):
    """SQL condition: the order is routed to this user, or to someone they deputise today."""
    deputised = select(AbsenceRow.user_id).where(
        AbsenceRow.deputy_id == user_id, AbsenceRow.start <= today, AbsenceRow.end >= today
    )
    # EXISTS per order, not `id IN (...)`: SQLite built the list of every order routed to
    # the user before the inbox's first page could stop after 25 (#10: 10,000 waiting).
    routed = (
        select(OrderApprover.id)
        .where(
            OrderApprover.order_id == Order.id,
            or_(OrderApprover.approver_id == user_id, OrderApprover.approver_id.in_(deputised)),
        )
        .exists()
    )
    return and_(routed, Order.user_id != user_id)


class RerouteCause(StrEnum):
    """What changed so that waiting orders were routed again (worded in the conversation)."""

    APPROVERS = "approvers"
    ABSENCE = "absence"
    USER_DEACTIVATED = "user_deactivated"
    USER_ACTIVATED = "user_activated"
    USER_ROLES = "user_roles"
    ROLE_RIGHTS = "role_rights"
    NEW_DAY = "new_day"  # an absence began or ended with the date


@dataclass(frozen=True)
class Rerouted:
    """A waiting order routed again, with the approvers who have it now and had not before."""

    order_id: int
    new_approvers: tuple[RoutedApprover, ...]


def reroute_waiting_orders(
    company_id: int, actor: User | None, cause: RerouteCause, subject: str, now: datetime
) -> list[Rerouted]:
    """Route the company's waiting orders again from today's settings (#14), in the caller's
    unit of work: each order whose approvers change gets them stored and a history entry saying
    why; `subject` names the user or role the change was about. The new approvers' mails are
    queued in the same unit of work (#14: no order stays with somebody who cannot decide it):

        with unit_of_work():
            ...change approvers, absences, users or rights...
            rerouted = reroute_waiting_orders(company_id, actor, cause, subject, now)
    """
    lock_routing(company_id, to_change=True)
    # The caller's change must be visible to the routing queries below.
    db.session.flush()
    # Plain rows and bulk writes: a company may have thousands of waiting orders.
    orders = db.session.execute(
        select(Order.id, Order.user_id)
        .where(
            Order.company_id == company_id,
            Order.status == OrderStatus.AWAITING_APPROVAL.value,
        )
        .order_by(Order.id)
    ).all()
    if not orders:
        return []
    snapshot = routing_snapshot(company_id, now.date())
    names = {person_id: person.name for person_id, person in snapshot.people.items()}
    stored: dict[int, list[int]] = {order_id: [] for order_id, _ in orders}
    for chunk in _chunks(list(stored)):
        for order_id, approver_id in db.session.execute(
            select(OrderApprover.order_id, OrderApprover.approver_id)
            .where(OrderApprover.order_id.in_(chunk))
            .order_by(OrderApprover.id)
        ):
            stored[order_id].append(approver_id)
    # One routing per orderer: all their waiting orders go the same way today.
    routings: dict[int, list[RoutedApprover]] = {}
    rerouted: list[Rerouted] = []
    approver_rows: list[dict] = []
    event_rows: list[dict] = []
    status = OrderStatus.AWAITING_APPROVAL.value
    for order_id, orderer_id in orders:
        if orderer_id not in routings:
            try:
                routing = route_approval(**snapshot.inputs_for(orderer_id).as_kwargs())
                routings[orderer_id] = routed_approvers(routing, names)
            except NoApproverAvailable:
                routings[orderer_id] = []
        routed = routings[orderer_id]
        before = stored[order_id]
        if set(before) == {a.id for a in routed}:
            continue
        approver_rows += [
            {"order_id": order_id, "approver_id": a.id, "reason": a.reason} for a in routed
        ]
        event_rows.append(
            {
                "order_id": order_id,
                "at": now,
                "actor_id": actor.id if actor is not None else None,
                "actor_label": actor_label(actor),
                "event": HistoryNote.REROUTE.value,
                "from_status": status,
                "to_status": status,
                "comment": "",
                "changes": {
                    "reroute": {
                        "cause": cause.value,
                        "subject": subject,
                        "from": [names.get(i, "") for i in before],
                        "to": [a.name for a in routed],
                    }
                },
            }
        )
        rerouted.append(Rerouted(order_id, tuple(a for a in routed if a.id not in before)))
    changed_ids = [entry.order_id for entry in rerouted]
    for chunk in _chunks(changed_ids):
        db.session.execute(delete(OrderApprover).where(OrderApprover.order_id.in_(chunk)))
    if approver_rows:
        db.session.execute(insert(OrderApprover), approver_rows)
    if event_rows:
        db.session.execute(insert(OrderEventRecord), event_rows)
    approval_mails.orders_rerouted(rerouted)
    return rerouted


def _chunks(ids: list[int], size: int = 1000) -> Iterable[list[int]]:
    # Bounded IN lists (SQLite limits bound parameters).
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def reroute_for_the_day(now: datetime) -> int:
    """Route waiting orders again where an absence began or ended with the date (every other
    change re-routes at once); the worker runs it once a day. Returns how many changed."""
    company_ids = db.session.scalars(
        select(Order.company_id)
        .where(Order.status == OrderStatus.AWAITING_APPROVAL.value)
        .distinct()
        .order_by(Order.company_id)
    ).all()
    changed = 0
    for company_id in company_ids:
        # One unit of work per company: a company that fails leaves the others re-routed.
        with unit_of_work():
            rerouted = reroute_waiting_orders(company_id, None, RerouteCause.NEW_DAY, "", now)
        changed += len(rerouted)
    return changed
