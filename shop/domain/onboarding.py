"""Customer onboarding (#12, §13): the states a newly registered company moves through, the
training appointment's rules, when a company is overdue, and the usage checklist.

    REGISTERED ──▶ TRAINING ──▶ CHECK_USAGE ──▶ ENABLED
                      ▲              │
                      └──────────────┘  (another training when the usage check shows a need)

A move to TRAINING offers a training appointment: at most TRAINING_MAX_DAYS_AHEAD days ahead
(seed 004: the start date lies within 14 days), and the main contact is reminded
REMINDER_DAYS_BEFORE days before it. Companies that existed before onboarding was built, and
companies the shop did not register itself, are ENABLED.
"""

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum


class OnboardingState(StrEnum):
    # Stored in the database as these strings: rename a member, never its value.
    REGISTERED = "registered"
    TRAINING = "training"
    CHECK_USAGE = "check_usage"
    ENABLED = "enabled"


S = OnboardingState

# Board order, left to right.
STATE_ORDER: tuple[OnboardingState, ...] = (S.REGISTERED, S.TRAINING, S.CHECK_USAGE, S.ENABLED)


@dataclass(frozen=True)
class Move:
    target: OnboardingState
    # A move to TRAINING offers an appointment; the welcome mail names it.
    needs_appointment: bool = False


MOVES: dict[tuple[OnboardingState, OnboardingState], Move] = {
    (S.REGISTERED, S.TRAINING): Move(S.TRAINING, needs_appointment=True),
    (S.TRAINING, S.CHECK_USAGE): Move(S.CHECK_USAGE),
    # The usage check shows the company needs another training.
    (S.CHECK_USAGE, S.TRAINING): Move(S.TRAINING, needs_appointment=True),
    (S.CHECK_USAGE, S.ENABLED): Move(S.ENABLED),
}

TRAINING_MAX_DAYS_AHEAD = 14
REMINDER_DAYS_BEFORE = 3


class InvalidMove(Exception):
    """A move the table does not allow from the company's state."""

    def __init__(self, state: OnboardingState, target: OnboardingState) -> None:
        super().__init__(f"cannot move from {state} to {target}")
        self.state = state
        self.target = target


class AppointmentProblem(StrEnum):
    MISSING = "missing"
    PAST = "past"
    TOO_FAR = "too_far"


class InvalidAppointment(Exception):
    """A training appointment that is missing, in the past or too far ahead."""

    def __init__(self, problem: AppointmentProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


def allowed_targets(state: OnboardingState) -> list[OnboardingState]:
    """The states a company in `state` may be moved to, in board order."""
    targets = {target for (source, target) in MOVES if source == state}
    return [s for s in STATE_ORDER if s in targets]


def check_appointment(appointment: datetime | None, now: datetime) -> None:
    """Raise InvalidAppointment unless the appointment lies after `now` and at most
    TRAINING_MAX_DAYS_AHEAD days ahead."""
    if appointment is None:
        raise InvalidAppointment(AppointmentProblem.MISSING)
    if appointment <= now:
        raise InvalidAppointment(AppointmentProblem.PAST)
    if appointment > now + timedelta(days=TRAINING_MAX_DAYS_AHEAD):
        raise InvalidAppointment(AppointmentProblem.TOO_FAR)


def apply_move(
    state: OnboardingState,
    target: OnboardingState,
    appointment: datetime | None,
    now: datetime,
) -> Move:
    """The move from `state` to `target`; InvalidMove when the table has none,
    InvalidAppointment when it needs an appointment that does not fit."""
    move = MOVES.get((state, target))
    if move is None:
        raise InvalidMove(state, target)
    if move.needs_appointment:
        check_appointment(appointment, now)
    return move


def reminder_due_at(appointment: datetime) -> datetime:
    """When the main contact is reminded of the training appointment."""
    return appointment - timedelta(days=REMINDER_DAYS_BEFORE)


def is_reminder_due(appointment: datetime | None, reminded: bool, now: datetime) -> bool:
    """Whether the reminder of `appointment` is to be sent now (once, before it begins)."""
    if appointment is None or reminded:
        return False
    return reminder_due_at(appointment) <= now < appointment


# How long a company may stay in a state before the board marks it overdue; TRAINING is
# overdue once its appointment has passed (the operator should check usage then).
OVERDUE_AFTER: dict[OnboardingState, timedelta] = {
    S.REGISTERED: timedelta(days=3),
    S.CHECK_USAGE: timedelta(days=14),
}


def is_overdue(
    state: OnboardingState, since: datetime, appointment: datetime | None, now: datetime
) -> bool:
    """Whether a company waits too long in its state (see OVERDUE_AFTER)."""
    if state == S.TRAINING:
        return appointment is not None and appointment < now
    limit = OVERDUE_AFTER.get(state)
    return limit is not None and now - since > limit


def days_in_state(since: datetime, now: datetime) -> int:
    """Whole days since the company entered its state."""
    return max(0, (now - since).days)


# -- the usage checklist -------------------------------------------------------------------------


class ComputedCheck(StrEnum):
    """Checklist items the shop reads from the company's own data; fixed, in this order."""

    USERS_CREATED = "users_created"
    APPROVER_NAMED = "approver_named"
    BUDGETS_SET = "budgets_set"
    DELIVERY_ADDRESS_CONFIRMED = "delivery_address_confirmed"
    FIRST_ORDER_PLACED = "first_order_placed"
    FIRST_APPROVAL_DECIDED = "first_approval_decided"
    DATASHEETS_DOWNLOADED = "datasheets_downloaded"


@dataclass(frozen=True)
class CompanyUsage:
    """What a company has done in the shop so far, as counted from its data."""

    users: int  # all users, the main contact included
    approvers_named: int
    budgets_set: int  # the company default and users with a budget of their own
    orders: int
    approval_decisions: int
    # Orders sent to one of the company's delivery addresses on record (the ERP's), and
    # delivery-address changes the company asked for that the ERP has made: either way the
    # customer has seen the address and it is right.
    delivery_address_confirmations: int = 0
    datasheet_downloads: int = 0


def is_check_done(check: ComputedCheck, usage: CompanyUsage) -> bool:
    """Whether the company's data shows the step done."""
    return {
        # The main contact alone is not "users created": a colleague must exist.
        ComputedCheck.USERS_CREATED: usage.users > 1,
        ComputedCheck.APPROVER_NAMED: usage.approvers_named > 0,
        ComputedCheck.BUDGETS_SET: usage.budgets_set > 0,
        ComputedCheck.FIRST_ORDER_PLACED: usage.orders > 0,
        ComputedCheck.FIRST_APPROVAL_DECIDED: usage.approval_decisions > 0,
        ComputedCheck.DELIVERY_ADDRESS_CONFIRMED: usage.delivery_address_confirmations > 0,
        ComputedCheck.DATASHEETS_DOWNLOADED: usage.datasheet_downloads > 0,
    }[check]


@dataclass(frozen=True)
class ManualItem:
    """An item of the checklist template the operator ticks by hand."""

    id: int
    name_en: str
    name_de: str


@dataclass(frozen=True)
class ChecklistEntry:
    done: bool
    check: ComputedCheck | None = None  # a computed item
    manual: ManualItem | None = None  # or a manual one


@dataclass(frozen=True)
class Checklist:
    entries: tuple[ChecklistEntry, ...]

    @property
    def done(self) -> int:
        return sum(1 for entry in self.entries if entry.done)

    @property
    def total(self) -> int:
        return len(self.entries)

    @property
    def open_entries(self) -> list[ChecklistEntry]:
        return [entry for entry in self.entries if not entry.done]


def evaluate_checklist(
    usage: CompanyUsage, manual_items: Iterable[ManualItem], ticked_ids: Collection[int]
) -> Checklist:
    """The checklist of a company: every computed item from its data, then the template's
    manual items, ticked or not."""
    entries = [ChecklistEntry(is_check_done(check, usage), check=check) for check in ComputedCheck]
    entries += [ChecklistEntry(item.id in ticked_ids, manual=item) for item in manual_items]
    return Checklist(tuple(entries))


MANUAL_ITEM_NAME_MAX_LENGTH = 200
NOTE_MAX_LENGTH = 2000
