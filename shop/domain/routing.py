"""Who approves an order over budget (§6), from plain data.

Levels, first match wins: the orderer's own (per-user) approvers, else the company's
approvers, else the main contact(s). Within a level, an approver absent today is replaced by
their deputy (following deputies of deputies, stopping at a cycle); inactive or unknown
people are skipped; the orderer never approves their own order. If a level leaves nobody,
the next level is asked; if none leaves anybody, NoApproverAvailable is raised.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    active: bool


@dataclass(frozen=True)
class Absence:
    """An approver's absence, both days inclusive, with the deputy who decides meanwhile."""

    approver_id: int
    start: date
    end: date
    deputy_id: int

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("an absence cannot end before it starts")

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end


class RoutingKind(StrEnum):
    PER_USER_APPROVER = "per_user_approver"
    COMPANY_APPROVER = "company_approver"
    MAIN_CONTACT_FALLBACK = "main_contact_fallback"
    DEPUTY = "deputy"


@dataclass(frozen=True)
class RoutingReason:
    """Why one person may decide; the UI words it (and formats the date) in the user's locale."""

    kind: RoutingKind
    approver_id: int
    orderer_id: int
    # DEPUTY only: the named approver stood in for, their level, and until when they are away.
    deputy_for_id: int | None = None
    deputy_for_kind: RoutingKind | None = None
    absent_until: date | None = None
    # DEPUTY only: further absent deputies passed on the way (a deputy's own deputy).
    via_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class Routing:
    approver_ids: tuple[int, ...]
    reasons: tuple[RoutingReason, ...]

    def reason_for(self, approver_id: int) -> RoutingReason:
        """Why this person may decide on the order."""
        return next(r for r in self.reasons if r.approver_id == approver_id)


class NoApproverAvailable(Exception):
    """Nobody but the orderer could approve: no active approver, deputy or main contact."""

    def __init__(self, orderer_id: int) -> None:
        super().__init__(f"nobody other than user {orderer_id} can approve this order")
        self.orderer_id = orderer_id


def route_approval(
    orderer_id: int,
    per_user_approver_ids: Sequence[int],
    company_approver_ids: Sequence[int],
    main_contact_ids: Sequence[int],
    people: Mapping[int, Person],
    absences: Sequence[Absence],
    today: date,
) -> Routing:
    """Everyone who may decide on an order over budget, each with the reason why."""
    levels = (
        (RoutingKind.PER_USER_APPROVER, per_user_approver_ids),
        (RoutingKind.COMPANY_APPROVER, company_approver_ids),
        (RoutingKind.MAIN_CONTACT_FALLBACK, main_contact_ids),
    )
    for kind, named_ids in levels:
        reasons: dict[int, RoutingReason] = {}
        for named_id in named_ids:
            reason = _resolve(kind, named_id, orderer_id, people, absences, today)
            # Order is kept and the first reason wins when someone turns up twice.
            if reason is not None and reason.approver_id not in reasons:
                reasons[reason.approver_id] = reason
        if reasons:
            return Routing(tuple(reasons), tuple(reasons.values()))
    raise NoApproverAvailable(orderer_id)


def deciders_today(
    orderer_id: int,
    per_user_approver_ids: Sequence[int],
    company_approver_ids: Sequence[int],
    main_contact_ids: Sequence[int],
    people: Mapping[int, Person],
    absences: Sequence[Absence],
    today: date,
) -> frozenset[int]:
    """Who may decide on a waiting order today: everyone today's routing names, and the active
    main contacts as the last fallback, so no order waits for nobody (#14); never the orderer."""
    try:
        routed = route_approval(
            orderer_id,
            per_user_approver_ids,
            company_approver_ids,
            main_contact_ids,
            people,
            absences,
            today,
        ).approver_ids
    except NoApproverAvailable:
        routed = ()
    fallback = (i for i in main_contact_ids if _can_decide(i, orderer_id, people))
    return frozenset((*routed, *fallback))


def _resolve(
    kind: RoutingKind,
    named_id: int,
    orderer_id: int,
    people: Mapping[int, Person],
    absences: Sequence[Absence],
    today: date,
) -> RoutingReason | None:
    """Who decides in place of one named approver today, or None if nobody can."""
    if not _can_decide(named_id, orderer_id, people):
        return None
    first_absence = _absence(named_id, absences, today)
    if first_absence is None:
        return RoutingReason(kind, named_id, orderer_id)
    # Follow the deputies while they are away too; a cycle means everyone in it is away.
    seen = [named_id]
    absence: Absence | None = first_absence
    while absence is not None:
        deputy_id = absence.deputy_id
        if deputy_id in seen or not _can_decide(deputy_id, orderer_id, people):
            return None
        absence = _absence(deputy_id, absences, today)
        if absence is None:
            return RoutingReason(
                RoutingKind.DEPUTY,
                deputy_id,
                orderer_id,
                deputy_for_id=named_id,
                deputy_for_kind=kind,
                absent_until=first_absence.end,
                via_ids=tuple(seen[1:]),
            )
        seen.append(deputy_id)
    return None


def _can_decide(person_id: int, orderer_id: int, people: Mapping[int, Person]) -> bool:
    # §6: nobody approves their own order, not even as somebody's deputy.
    person = people.get(person_id)
    return person is not None and person.active and person_id != orderer_id


def _absence(person_id: int, absences: Sequence[Absence], today: date) -> Absence | None:
    # Overlapping absences: the first listed wins, so the caller's order decides.
    return next((a for a in absences if a.approver_id == person_id and a.covers(today)), None)


_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def explain(reason: RoutingReason, names: Mapping[int, str]) -> str:
    """The reason in plain English, for logs and tests; the UI words it itself."""

    def name(person_id: int | None) -> str:
        return names.get(person_id, f"user {person_id}") if person_id is not None else "?"

    if reason.kind == RoutingKind.PER_USER_APPROVER:
        return f"per-user approver of {name(reason.orderer_id)}"
    if reason.kind == RoutingKind.COMPANY_APPROVER:
        return "approver for the whole company"
    if reason.kind == RoutingKind.MAIN_CONTACT_FALLBACK:
        return "main contact, as no other approver is available"
    text = f"deputy for {name(reason.deputy_for_id)}"
    if reason.absent_until is not None:
        until = reason.absent_until
        # English month names, independent of the process locale.
        text += f", absent until {until.day} {_MONTHS[until.month - 1]}"
    if reason.via_ids:
        text += f" (via {', '.join(name(i) for i in reason.via_ids)}, also absent)"
    return text
