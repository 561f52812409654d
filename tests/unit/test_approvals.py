import itertools

import pytest

from shop.domain.approvals import (
    NEW_ORDER,
    TRANSITIONS,
    ActorKind,
    InvalidTransition,
    OrderEvent,
    actor_kind,
    allowed_events,
    apply_event,
    awaits_decision,
    awaits_resubmission,
    can_apply,
    is_final,
    is_open_for_approval,
    may_open_order,
    needs_comment,
)
from shop.domain.orders import OrderStatus

S, E, A = OrderStatus, OrderEvent, ActorKind

# Written out by hand from SPEC §6/§8 so the table is checked against something independent.
ALLOWED = [
    (NEW_ORDER, E.SUBMIT_FOR_APPROVAL, A.ORDERER, S.AWAITING_APPROVAL),
    (NEW_ORDER, E.PLACE_WITHIN_BUDGET, A.ORDERER, S.PLACED),
    (S.AWAITING_APPROVAL, E.APPROVE, A.APPROVER, S.PLACED),
    (S.AWAITING_APPROVAL, E.REJECT, A.APPROVER, S.REJECTED),
    (S.AWAITING_APPROVAL, E.CHANGE, A.APPROVER, S.AWAITING_APPROVAL),
    (S.AWAITING_APPROVAL, E.WITHDRAW, A.ORDERER, S.WITHDRAWN),
    (S.REJECTED, E.RESUBMIT, A.ORDERER, S.AWAITING_APPROVAL),
    (S.REJECTED, E.WITHDRAW, A.ORDERER, S.WITHDRAWN),
    (S.PLACED, E.TRANSMIT, A.SYSTEM, S.TRANSMITTED),
    (S.TRANSMITTED, E.CONFIRM, A.SYSTEM, S.CONFIRMED),
    (S.CONFIRMED, E.PAY, A.SYSTEM, S.PAID),
    (S.CONFIRMED, E.SHIP, A.SYSTEM, S.SHIPPED),
    (S.PAID, E.SHIP, A.SYSTEM, S.SHIPPED),
    (S.SHIPPED, E.INVOICE, A.SYSTEM, S.INVOICED),
    (S.INVOICED, E.DELIVER, A.SYSTEM, S.DELIVERED),
    (S.PLACED, E.HOLD, A.SYSTEM, S.ON_HOLD),
    (S.PLACED, E.HOLD, A.OPERATOR, S.ON_HOLD),
    (S.TRANSMITTED, E.HOLD, A.SYSTEM, S.ON_HOLD),
    (S.TRANSMITTED, E.HOLD, A.OPERATOR, S.ON_HOLD),
    (S.CONFIRMED, E.HOLD, A.SYSTEM, S.ON_HOLD),
    (S.CONFIRMED, E.HOLD, A.OPERATOR, S.ON_HOLD),
    (S.PAID, E.HOLD, A.SYSTEM, S.ON_HOLD),
    (S.PAID, E.HOLD, A.OPERATOR, S.ON_HOLD),
    (S.ON_HOLD, E.RELEASE, A.OPERATOR, S.PLACED),
    (S.ON_HOLD, E.TRANSMIT, A.SYSTEM, S.TRANSMITTED),
    (S.ON_HOLD, E.CANCEL, A.OPERATOR, S.CANCELLED),
]
ALLOWED_KEYS = {(state, event, actor) for state, event, actor, _ in ALLOWED}
STATES = [NEW_ORDER, *OrderStatus]


def name(value) -> str:
    return "new_order" if value is None else str(value)


@pytest.mark.parametrize(
    "state, event, actor, target", ALLOWED, ids=lambda v: name(v) if not isinstance(v, str) else v
)
def test_every_allowed_transition_leads_to_its_target_state(state, event, actor, target):
    result = apply_event(state, event, actor, comment="Please order fewer.")

    assert result == target


def test_the_table_holds_exactly_the_allowed_transitions():
    table = {
        (state, event, actor) for (state, event), t in TRANSITIONS.items() for actor in t.actors
    }

    assert table == ALLOWED_KEYS


@pytest.mark.parametrize(
    "state, event, actor",
    list(itertools.product(STATES, OrderEvent, ActorKind)),
    ids=lambda v: name(v),
)
def test_every_state_event_and_actor_either_follows_the_table_or_is_refused(state, event, actor):
    if (state, event, actor) in ALLOWED_KEYS:
        assert apply_event(state, event, actor, comment="ok") in OrderStatus
    else:
        with pytest.raises(InvalidTransition) as raised:
            apply_event(state, event, actor, comment="ok")

        assert raised.value.reason
        assert (raised.value.state, raised.value.event, raised.value.actor) == (
            state,
            event,
            actor,
        )


def test_approval_places_the_order_like_an_order_within_budget():
    approved = apply_event(S.AWAITING_APPROVAL, E.APPROVE, A.APPROVER)
    within_budget = apply_event(NEW_ORDER, E.PLACE_WITHIN_BUDGET, A.ORDERER)

    assert approved == within_budget == S.PLACED


@pytest.mark.parametrize("comment", ["", "   \n"])
def test_a_rejection_without_a_comment_is_refused(comment):
    with pytest.raises(InvalidTransition, match="a rejection needs a comment"):
        apply_event(S.AWAITING_APPROVAL, E.REJECT, A.APPROVER, comment)


def test_approving_resubmitting_and_withdrawing_need_no_comment():
    assert apply_event(S.AWAITING_APPROVAL, E.APPROVE, A.APPROVER) == S.PLACED
    assert apply_event(S.REJECTED, E.RESUBMIT, A.ORDERER) == S.AWAITING_APPROVAL
    assert apply_event(S.REJECTED, E.WITHDRAW, A.ORDERER) == S.WITHDRAWN


def test_an_order_that_is_already_placed_cannot_be_rejected():
    with pytest.raises(
        InvalidTransition, match="an order that is already placed cannot be rejected"
    ):
        apply_event(S.PLACED, E.REJECT, A.APPROVER, "too late")


def test_a_second_approver_cannot_decide_an_order_already_rejected():
    with pytest.raises(InvalidTransition, match="an order that was rejected cannot be approved"):
        apply_event(S.REJECTED, E.APPROVE, A.APPROVER)


@pytest.mark.parametrize("actor", [A.OTHER_USER, A.SYSTEM, A.OPERATOR])
def test_only_an_approver_the_order_is_routed_to_can_approve_it(actor):
    with pytest.raises(
        InvalidTransition, match="only an approver the order is routed to can approve it"
    ):
        apply_event(S.AWAITING_APPROVAL, E.APPROVE, actor)


@pytest.mark.parametrize("event", [E.APPROVE, E.REJECT])
def test_the_orderer_cannot_decide_on_their_own_order(event):
    with pytest.raises(InvalidTransition, match="their own order"):
        apply_event(S.AWAITING_APPROVAL, event, A.ORDERER, "fine by me")


def test_an_approver_may_change_an_order_only_while_it_awaits_approval():
    assert apply_event(S.AWAITING_APPROVAL, E.CHANGE, A.APPROVER) == S.AWAITING_APPROVAL

    with pytest.raises(InvalidTransition, match="cannot be changed by an approver"):
        apply_event(S.PLACED, E.CHANGE, A.APPROVER)


@pytest.mark.parametrize("held_from", [S.PLACED, S.TRANSMITTED, S.CONFIRMED])
def test_a_released_order_goes_back_to_where_it_was_held(held_from):
    on_hold = apply_event(held_from, E.HOLD, A.SYSTEM)

    released = apply_event(on_hold, E.RELEASE, A.OPERATOR, held_from=held_from)

    assert released == held_from


def test_a_released_order_without_known_origin_restarts_at_placed():
    assert apply_event(S.ON_HOLD, E.RELEASE, A.OPERATOR) == S.PLACED


def test_an_order_cannot_be_released_to_a_state_it_is_never_held_in():
    with pytest.raises(InvalidTransition, match="never put on hold there"):
        apply_event(S.ON_HOLD, E.RELEASE, A.OPERATOR, held_from=S.DELIVERED)


def test_only_the_back_office_releases_an_order_from_hold():
    with pytest.raises(InvalidTransition, match="only the back office can release it"):
        apply_event(S.ON_HOLD, E.RELEASE, A.SYSTEM)


def test_the_full_happy_path_of_an_approved_prepayment_order():
    steps = [
        (E.SUBMIT_FOR_APPROVAL, A.ORDERER),
        (E.APPROVE, A.APPROVER),
        (E.TRANSMIT, A.SYSTEM),
        (E.CONFIRM, A.SYSTEM),
        (E.PAY, A.SYSTEM),
        (E.SHIP, A.SYSTEM),
        (E.INVOICE, A.SYSTEM),
        (E.DELIVER, A.SYSTEM),
    ]
    state = NEW_ORDER

    for event, actor in steps:
        state = apply_event(state, event, actor)

    assert state == S.DELIVERED
    assert is_final(state)


def test_a_rejected_order_can_be_resubmitted_and_then_approved():
    state = apply_event(S.AWAITING_APPROVAL, E.REJECT, A.APPROVER, "Only 10, please.")
    state = apply_event(state, E.RESUBMIT, A.ORDERER, "Reduced to 10.")

    assert apply_event(state, E.APPROVE, A.APPROVER) == S.PLACED


def test_withdrawn_delivered_and_cancelled_orders_are_final():
    assert {state for state in OrderStatus if is_final(state)} == {
        S.WITHDRAWN,
        S.DELIVERED,
        S.CANCELLED,
    }


@pytest.mark.parametrize("comment", ["", "  \n"])
def test_the_back_office_cannot_cancel_without_a_note_for_the_customer(comment):
    with pytest.raises(InvalidTransition, match="cancellation needs a comment"):
        apply_event(S.ON_HOLD, E.CANCEL, A.OPERATOR, comment)


@pytest.mark.parametrize("state", [S.PLACED, S.TRANSMITTED, S.AWAITING_APPROVAL, S.DELIVERED])
def test_only_an_order_on_hold_can_be_cancelled(state):
    with pytest.raises(InvalidTransition):
        apply_event(state, E.CANCEL, A.OPERATOR, "Customer asked us to.")


@pytest.mark.parametrize(
    "state, actor, events",
    [
        (S.AWAITING_APPROVAL, A.APPROVER, [E.APPROVE, E.REJECT, E.CHANGE]),
        (S.AWAITING_APPROVAL, A.ORDERER, [E.WITHDRAW]),
        (S.AWAITING_APPROVAL, A.OTHER_USER, []),
        (S.REJECTED, A.ORDERER, [E.RESUBMIT, E.WITHDRAW]),
        (S.REJECTED, A.APPROVER, []),
        (S.CONFIRMED, A.SYSTEM, [E.PAY, E.SHIP, E.HOLD]),
        (S.CONFIRMED, A.OPERATOR, [E.HOLD]),
        (S.ON_HOLD, A.OPERATOR, [E.RELEASE, E.CANCEL]),
        (NEW_ORDER, A.ORDERER, [E.SUBMIT_FOR_APPROVAL, E.PLACE_WITHIN_BUDGET]),
    ],
)
def test_allowed_events_lists_the_buttons_for_an_actor(state, actor, events):
    assert allowed_events(state, actor) == events


@pytest.mark.parametrize("state, event, actor", sorted(ALLOWED_KEYS, key=str))
def test_allowed_events_agrees_with_can_apply(state, event, actor):
    assert can_apply(state, event, actor)
    assert event in allowed_events(state, actor)


@pytest.mark.parametrize(
    "user_id, approver_ids, flags, expected",
    [
        (1, [2, 3], {}, A.ORDERER),
        (1, [1, 2], {}, A.ORDERER),  # the orderer stays the orderer even if an approver
        (2, [1, 2], {}, A.APPROVER),
        (3, [1, 2], {}, A.OTHER_USER),
        (None, [2], {"is_system": True}, A.SYSTEM),
        (None, [2], {"is_operator": True}, A.OPERATOR),
        (None, [2], {}, A.OTHER_USER),
    ],
)
def test_actor_kind_names_the_part_a_user_plays_for_an_order(
    user_id, approver_ids, flags, expected
):
    assert actor_kind(user_id, 1, approver_ids, **flags) == expected


def test_an_orderer_listed_as_approver_still_cannot_approve_their_own_order():
    actor = actor_kind(1, orderer_id=1, approver_ids=[1])

    assert actor == A.ORDERER
    assert E.APPROVE not in allowed_events(S.AWAITING_APPROVAL, actor)


def test_only_an_order_awaiting_approval_awaits_a_decision():
    assert [state for state in STATES if awaits_decision(state)] == [S.AWAITING_APPROVAL]


def test_only_a_rejected_order_awaits_resubmission():
    assert [state for state in STATES if awaits_resubmission(state)] == [S.REJECTED]


def test_the_approval_is_open_while_waiting_or_rejected_and_closed_after():
    open_states = {state for state in STATES if is_open_for_approval(state)}

    assert open_states == {S.AWAITING_APPROVAL, S.REJECTED}


@pytest.mark.parametrize("actor", [A.ORDERER, A.APPROVER])
def test_a_user_with_a_part_in_the_order_may_open_it(actor):
    assert may_open_order(actor, sees_company_orders=False)


def test_a_colleague_without_a_part_may_open_the_order_only_seeing_all_company_orders():
    assert not may_open_order(A.OTHER_USER, sees_company_orders=False)
    assert may_open_order(A.OTHER_USER, sees_company_orders=True)


def test_only_a_rejection_and_an_operators_cancellation_always_need_a_comment():
    # The customer is told why (§6 rejection, §8 cancellation after review).
    assert [event for event in OrderEvent if needs_comment(event)] == [E.REJECT, E.CANCEL]
