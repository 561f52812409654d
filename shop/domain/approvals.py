"""The order life cycle (§6, §8) as one table of allowed transitions, and who may make them.

    checkout ──SUBMIT_FOR_APPROVAL──▶ AWAITING_APPROVAL ──APPROVE──▶ PLACED
    checkout ──PLACE_WITHIN_BUDGET──────────────────────────────────▶ PLACED
    AWAITING_APPROVAL ──REJECT──▶ REJECTED ──RESUBMIT──▶ AWAITING_APPROVAL
    AWAITING_APPROVAL | REJECTED ──WITHDRAW──▶ WITHDRAWN
    PLACED ─TRANSMIT▶ TRANSMITTED ─CONFIRM▶ CONFIRMED ─PAY▶ PAID ─SHIP▶ SHIPPED
           (on-account orders ship from CONFIRMED) ─INVOICE▶ INVOICED ─DELIVER▶ DELIVERED
    PLACED | TRANSMITTED | CONFIRMED | PAID ─HOLD▶ ON_HOLD ─RELEASE▶ the state it was held from
    ON_HOLD ──TRANSMIT──▶ TRANSMITTED (a parked order delivered after all)
    ON_HOLD ──CANCEL──▶ CANCELLED (the back office, with a note the customer sees)

Approval is not a state of its own: APPROVE leads straight to PLACED, where an order placed
within budget starts too, because from there both go the same way (outbox, ERP, ...). The
order's history records that it was approved, by whom and with which comment.

The order does not exist before checkout, so its state there is NEW_ORDER (None).
CHANGE (an approver edits lines, address or methods) keeps the state; it is in the table so
that it is allowed only while the order awaits approval. An orderer's edits to a rejected
order travel with RESUBMIT.

Which payment method needs PAY before SHIP is the ERP's business (it ships prepayment orders
only once paid); the table allows SHIP from CONFIRMED and from PAID.

A state added to OrderStatus later needs one row per way into it below.
"""

from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from shop.domain.orders import OrderStatus

NEW_ORDER: Final = None


class OrderEvent(StrEnum):
    SUBMIT_FOR_APPROVAL = "submit_for_approval"
    PLACE_WITHIN_BUDGET = "place_within_budget"
    APPROVE = "approve"
    REJECT = "reject"
    RESUBMIT = "resubmit"
    WITHDRAW = "withdraw"
    CHANGE = "change"
    TRANSMIT = "transmit"
    CONFIRM = "confirm"
    PAY = "pay"
    SHIP = "ship"
    INVOICE = "invoice"
    DELIVER = "deliver"
    HOLD = "hold"
    RELEASE = "release"
    CANCEL = "cancel"


class ActorKind(StrEnum):
    ORDERER = "orderer"
    APPROVER = "approver"  # someone the order is routed to (routing.py), never the orderer
    OTHER_USER = "other_user"  # same company, no part in this order
    SYSTEM = "system"  # outbox worker, ERP updates
    OPERATOR = "operator"  # back office staff


@dataclass(frozen=True)
class Transition:
    target: OrderStatus
    actors: frozenset[ActorKind]
    requires_comment: bool = False
    # RELEASE: go back to the state the order was held from; target is the fallback.
    back_to_held_from: bool = False


_ORDERER = frozenset({ActorKind.ORDERER})
_APPROVER = frozenset({ActorKind.APPROVER})
_SYSTEM = frozenset({ActorKind.SYSTEM})
_OPERATOR = frozenset({ActorKind.OPERATOR})
_SYSTEM_OR_OPERATOR = frozenset({ActorKind.SYSTEM, ActorKind.OPERATOR})

_S = OrderStatus
_E = OrderEvent

TRANSITIONS: dict[tuple[OrderStatus | None, OrderEvent], Transition] = {
    (NEW_ORDER, _E.SUBMIT_FOR_APPROVAL): Transition(_S.AWAITING_APPROVAL, _ORDERER),
    (NEW_ORDER, _E.PLACE_WITHIN_BUDGET): Transition(_S.PLACED, _ORDERER),
    (_S.AWAITING_APPROVAL, _E.APPROVE): Transition(_S.PLACED, _APPROVER),
    # §6: a rejection needs a comment, so the orderer knows what to change.
    (_S.AWAITING_APPROVAL, _E.REJECT): Transition(_S.REJECTED, _APPROVER, requires_comment=True),
    (_S.AWAITING_APPROVAL, _E.CHANGE): Transition(_S.AWAITING_APPROVAL, _APPROVER),
    # The orderer may take back an order nobody has decided on yet; the decision service's
    # state guard settles a race with an approver (one of the two wins).
    (_S.AWAITING_APPROVAL, _E.WITHDRAW): Transition(_S.WITHDRAWN, _ORDERER),
    (_S.REJECTED, _E.RESUBMIT): Transition(_S.AWAITING_APPROVAL, _ORDERER),
    (_S.REJECTED, _E.WITHDRAW): Transition(_S.WITHDRAWN, _ORDERER),
    (_S.PLACED, _E.TRANSMIT): Transition(_S.TRANSMITTED, _SYSTEM),
    (_S.TRANSMITTED, _E.CONFIRM): Transition(_S.CONFIRMED, _SYSTEM),
    (_S.CONFIRMED, _E.PAY): Transition(_S.PAID, _SYSTEM),
    (_S.CONFIRMED, _E.SHIP): Transition(_S.SHIPPED, _SYSTEM),
    (_S.PAID, _E.SHIP): Transition(_S.SHIPPED, _SYSTEM),
    (_S.SHIPPED, _E.INVOICE): Transition(_S.INVOICED, _SYSTEM),
    (_S.INVOICED, _E.DELIVER): Transition(_S.DELIVERED, _SYSTEM),
    # §8: manual review, e.g. an ERP rejection (SYSTEM) or an operator's judgement.
    (_S.PLACED, _E.HOLD): Transition(_S.ON_HOLD, _SYSTEM_OR_OPERATOR),
    (_S.TRANSMITTED, _E.HOLD): Transition(_S.ON_HOLD, _SYSTEM_OR_OPERATOR),
    (_S.CONFIRMED, _E.HOLD): Transition(_S.ON_HOLD, _SYSTEM_OR_OPERATOR),
    # A paid prepayment order has not shipped yet: it can still wait for a person (#16).
    (_S.PAID, _E.HOLD): Transition(_S.ON_HOLD, _SYSTEM_OR_OPERATOR),
    (_S.ON_HOLD, _E.RELEASE): Transition(_S.PLACED, _OPERATOR, back_to_held_from=True),
    # §8: an order held because the outbox gave up on it continues once an operator's
    # retry delivers it (the outbox checks that the system, not a person, held it).
    (_S.ON_HOLD, _E.TRANSMIT): Transition(_S.TRANSMITTED, _SYSTEM),
    # §12: an operator cancels a held order; the note tells the customer why.
    (_S.ON_HOLD, _E.CANCEL): Transition(_S.CANCELLED, _OPERATOR, requires_comment=True),
}

HOLDABLE_STATES: frozenset[OrderStatus] = frozenset(
    state for (state, event) in TRANSITIONS if event == OrderEvent.HOLD and state is not None
)
FINAL_STATES: frozenset[OrderStatus] = frozenset(
    state for state in OrderStatus if not any(key[0] == state for key in TRANSITIONS)
)


class InvalidTransition(Exception):
    """An event that is not allowed for this order in its state, or not for this actor."""

    def __init__(
        self, state: OrderStatus | None, event: OrderEvent, actor: ActorKind, reason: str
    ) -> None:
        super().__init__(reason)
        self.state = state
        self.event = event
        self.actor = actor
        self.reason = reason


class ChangeProblem(StrEnum):
    """Why a change to an order's lines cannot be made (§6)."""

    UNKNOWN_LINE = "unknown_line"  # a line id that is not (or no longer) the order's
    QUANTITY = "quantity"  # outside 0 to the maximum quantity
    NO_LINES = "no_lines"  # every line removed: reject or withdraw instead
    NOTHING_CHANGED = "nothing_changed"


class InvalidChange(Exception):
    """A change that cannot be made: unknown line, quantity out of range, no line left."""

    def __init__(self, problem: ChangeProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


_STATE_PHRASES: dict[OrderStatus | None, str] = {
    NEW_ORDER: "an order that is not placed yet",
    _S.AWAITING_APPROVAL: "an order that is awaiting approval",
    _S.REJECTED: "an order that was rejected",
    _S.WITHDRAWN: "an order that was withdrawn",
    _S.PLACED: "an order that is already placed",
    _S.TRANSMITTED: "an order that is already transmitted to the ERP",
    _S.CONFIRMED: "an order that is already confirmed",
    _S.PAID: "an order that is already paid",
    _S.SHIPPED: "an order that is already shipped",
    _S.INVOICED: "an order that is already invoiced",
    _S.DELIVERED: "an order that is already delivered",
    _S.ON_HOLD: "an order that is on hold",
    _S.CANCELLED: "an order that was cancelled",
}

# (participle, infinitive) for "... cannot be <participle>" and "only ... can <infinitive>".
_EVENT_PHRASES: dict[OrderEvent, tuple[str, str]] = {
    _E.SUBMIT_FOR_APPROVAL: ("submitted for approval", "submit it for approval"),
    _E.PLACE_WITHIN_BUDGET: ("placed within budget", "place it"),
    _E.APPROVE: ("approved", "approve it"),
    _E.REJECT: ("rejected", "reject it"),
    _E.RESUBMIT: ("resubmitted", "resubmit it"),
    _E.WITHDRAW: ("withdrawn", "withdraw it"),
    _E.CHANGE: ("changed by an approver", "change it"),
    _E.TRANSMIT: ("transmitted to the ERP", "transmit it to the ERP"),
    _E.CONFIRM: ("confirmed", "confirm it"),
    _E.PAY: ("marked as paid", "mark it as paid"),
    _E.SHIP: ("shipped", "ship it"),
    _E.INVOICE: ("invoiced", "invoice it"),
    _E.DELIVER: ("delivered", "mark it as delivered"),
    _E.HOLD: ("put on hold", "put it on hold"),
    _E.RELEASE: ("released from hold", "release it"),
    _E.CANCEL: ("cancelled", "cancel it"),
}

_ACTOR_PHRASES: dict[ActorKind, str] = {
    ActorKind.ORDERER: "the orderer",
    ActorKind.APPROVER: "an approver the order is routed to",
    ActorKind.OTHER_USER: "a colleague",
    ActorKind.SYSTEM: "the automatic order processing",
    ActorKind.OPERATOR: "the back office",
}


def apply_event(
    state: OrderStatus | None,
    event: OrderEvent,
    actor: ActorKind,
    comment: str = "",
    *,
    held_from: OrderStatus | None = None,
) -> OrderStatus:
    """The state after the event, or InvalidTransition saying in plain words why not."""
    # held_from: the state before HOLD, from the order's history, for RELEASE. Without it a
    # released order restarts at PLACED; resubmitting is safe as SubmitOrder is idempotent.
    transition = TRANSITIONS.get((state, event))
    if transition is None:
        participle = _EVENT_PHRASES[event][0]
        raise InvalidTransition(
            state, event, actor, f"{_STATE_PHRASES[state]} cannot be {participle}"
        )
    if actor not in transition.actors:
        raise InvalidTransition(state, event, actor, _actor_reason(event, actor, transition))
    if transition.requires_comment and not comment.strip():
        raise InvalidTransition(state, event, actor, f"{_noun(event)} needs a comment")
    if transition.back_to_held_from and held_from is not None:
        if held_from not in HOLDABLE_STATES:
            raise InvalidTransition(
                state,
                event,
                actor,
                f"an order cannot be released to '{held_from}', it is never put on hold there",
            )
        return held_from
    return transition.target


def _actor_reason(event: OrderEvent, actor: ActorKind, transition: Transition) -> str:
    if actor == ActorKind.ORDERER and event in (OrderEvent.APPROVE, OrderEvent.REJECT):
        return "nobody can approve or reject their own order"
    allowed = " or ".join(_ACTOR_PHRASES[a] for a in ActorKind if a in transition.actors)
    return f"only {allowed} can {_EVENT_PHRASES[event][1]}"


def _noun(event: OrderEvent) -> str:
    if event == OrderEvent.REJECT:
        return "a rejection"
    if event == OrderEvent.CANCEL:
        return "a cancellation"
    return f"'{event}'"


def can_apply(state: OrderStatus | None, event: OrderEvent, actor: ActorKind) -> bool:
    """Whether this actor may trigger the event in this state (a comment may still be needed)."""
    transition = TRANSITIONS.get((state, event))
    return transition is not None and actor in transition.actors


def allowed_events(state: OrderStatus | None, actor: ActorKind) -> list[OrderEvent]:
    """The events this actor may trigger in this state, in a stable order, for the buttons."""
    return [event for event in OrderEvent if can_apply(state, event, actor)]


def is_final(state: OrderStatus) -> bool:
    """Whether nothing can happen to an order in this state any more."""
    return state in FINAL_STATES


def needs_comment(event: OrderEvent) -> bool:
    """Whether this event always needs a comment (a rejection: the orderer must know why)."""
    return any(t.requires_comment for (_, e), t in TRANSITIONS.items() if e == event)


def awaits_decision(state: OrderStatus | None) -> bool:
    """Whether an approver may still approve or reject an order in this state."""
    return (state, OrderEvent.APPROVE) in TRANSITIONS


def awaits_resubmission(state: OrderStatus | None) -> bool:
    """Whether the orderer may send an order in this state back for approval (it was rejected)."""
    return (state, OrderEvent.RESUBMIT) in TRANSITIONS


def is_open_for_approval(state: OrderStatus | None) -> bool:
    """Whether the approval of an order in this state is still open: waiting for a decision,
    or rejected and waiting for the orderer. Its budget check is shown as it is now."""
    return awaits_decision(state) or awaits_resubmission(state)


def may_open_order(actor: ActorKind, sees_company_orders: bool) -> bool:
    """Whether a user of the order's company may open it: they play a part in it, or they may
    see every order of the company (§2). Everyone else gets a 404, never a hint it exists."""
    return actor != ActorKind.OTHER_USER or sees_company_orders


def actor_kind(
    user_id: int | None,
    orderer_id: int,
    approver_ids: Collection[int],
    *,
    is_system: bool = False,
    is_operator: bool = False,
) -> ActorKind:
    """The part a user plays for one order; the orderer stays the orderer even if an approver."""
    if is_system:
        return ActorKind.SYSTEM
    if is_operator:
        return ActorKind.OPERATOR
    # §6: nobody approves their own order, so this check comes before the approver check.
    if user_id == orderer_id:
        return ActorKind.ORDERER
    if user_id is not None and user_id in approver_ids:
        return ActorKind.APPROVER
    return ActorKind.OTHER_USER
