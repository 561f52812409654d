"""Onboarding's rules (#12): the moves as a table, the appointment, overdue, the checklist."""

import itertools
from datetime import datetime, timedelta

import pytest

from shop.domain.onboarding import (
    MOVES,
    AppointmentProblem,
    CompanyUsage,
    ComputedCheck,
    InvalidAppointment,
    InvalidMove,
    ManualItem,
    OnboardingState,
    allowed_targets,
    apply_move,
    days_in_state,
    evaluate_checklist,
    is_overdue,
    is_reminder_due,
)

S = OnboardingState
NOW = datetime(2026, 11, 30, 9, 0)
IN_A_WEEK = NOW + timedelta(days=7)

# Written out by hand from SPEC §13 so the table is checked against something independent.
ALLOWED = [
    (S.REGISTERED, S.TRAINING),
    (S.TRAINING, S.CHECK_USAGE),
    (S.CHECK_USAGE, S.TRAINING),
    (S.CHECK_USAGE, S.ENABLED),
]


@pytest.mark.parametrize("state, target", ALLOWED, ids=lambda s: s.value)
def test_every_allowed_move_leads_to_its_target(state, target):
    move = apply_move(state, target, IN_A_WEEK, NOW)

    assert move.target == target


def test_the_table_holds_exactly_the_allowed_moves():
    assert set(MOVES) == set(ALLOWED)


FORBIDDEN = [pair for pair in itertools.product(S, S) if pair not in ALLOWED]


@pytest.mark.parametrize("state, target", FORBIDDEN, ids=lambda s: s.value)
def test_every_other_move_is_refused(state, target):
    with pytest.raises(InvalidMove) as refused:
        apply_move(state, target, IN_A_WEEK, NOW)

    assert (refused.value.state, refused.value.target) == (state, target)


def test_enabled_is_the_end_of_onboarding():
    assert allowed_targets(S.ENABLED) == []
    assert allowed_targets(S.CHECK_USAGE) == [S.TRAINING, S.ENABLED]


@pytest.mark.parametrize(
    "appointment, problem",
    [
        (None, AppointmentProblem.MISSING),
        (NOW, AppointmentProblem.PAST),
        (NOW - timedelta(minutes=1), AppointmentProblem.PAST),
        (NOW + timedelta(days=14, minutes=1), AppointmentProblem.TOO_FAR),
    ],
)
def test_a_move_to_training_needs_an_appointment_within_14_days(appointment, problem):
    with pytest.raises(InvalidAppointment) as refused:
        apply_move(S.REGISTERED, S.TRAINING, appointment, NOW)

    assert refused.value.problem == problem


def test_an_appointment_exactly_14_days_ahead_is_taken():
    move = apply_move(S.REGISTERED, S.TRAINING, NOW + timedelta(days=14), NOW)

    assert move.needs_appointment


def test_a_move_that_needs_no_appointment_ignores_it():
    assert apply_move(S.TRAINING, S.CHECK_USAGE, None, NOW).target == S.CHECK_USAGE


@pytest.mark.parametrize(
    "now, reminded, due",
    [
        (IN_A_WEEK - timedelta(days=3, seconds=1), False, False),
        (IN_A_WEEK - timedelta(days=3), False, True),
        (IN_A_WEEK - timedelta(hours=1), False, True),
        (IN_A_WEEK - timedelta(days=1), True, False),
        (IN_A_WEEK, False, False),
    ],
)
def test_the_reminder_is_due_from_3_days_before_the_appointment_once(now, reminded, due):
    assert is_reminder_due(IN_A_WEEK, reminded, now) is due


@pytest.mark.parametrize(
    "state, since_days, appointment, overdue",
    [
        (S.REGISTERED, 3, None, False),
        (S.REGISTERED, 4, None, True),
        (S.TRAINING, 30, NOW + timedelta(hours=1), False),
        (S.TRAINING, 1, NOW - timedelta(hours=1), True),
        (S.CHECK_USAGE, 14, None, False),
        (S.CHECK_USAGE, 15, None, True),
        (S.ENABLED, 400, None, False),
    ],
)
def test_overdue_is_defined_per_state(state, since_days, appointment, overdue):
    assert is_overdue(state, NOW - timedelta(days=since_days), appointment, NOW) is overdue


def test_days_in_state_count_whole_days():
    assert days_in_state(NOW - timedelta(days=2, hours=23), NOW) == 2


NOTHING = CompanyUsage(users=1, approvers_named=0, budgets_set=0, orders=0, approval_decisions=0)


def test_a_fresh_company_has_done_nothing_but_the_checklist_lists_every_step():
    checklist = evaluate_checklist(NOTHING, [], set())

    assert (checklist.done, checklist.total) == (0, len(ComputedCheck))
    assert [entry.check for entry in checklist.open_entries] == list(ComputedCheck)


def test_the_checklist_names_every_step_of_the_issue_in_its_order():
    # #12: "users created, approver named, budgets set, delivery address confirmed, first
    # order placed, first approval decided, data sheets downloaded".
    assert list(ComputedCheck) == [
        ComputedCheck.USERS_CREATED,
        ComputedCheck.APPROVER_NAMED,
        ComputedCheck.BUDGETS_SET,
        ComputedCheck.DELIVERY_ADDRESS_CONFIRMED,
        ComputedCheck.FIRST_ORDER_PLACED,
        ComputedCheck.FIRST_APPROVAL_DECIDED,
        ComputedCheck.DATASHEETS_DOWNLOADED,
    ]


@pytest.mark.parametrize(
    "usage, check",
    [
        (CompanyUsage(2, 0, 0, 0, 0), ComputedCheck.USERS_CREATED),
        (CompanyUsage(1, 1, 0, 0, 0), ComputedCheck.APPROVER_NAMED),
        (CompanyUsage(1, 0, 1, 0, 0), ComputedCheck.BUDGETS_SET),
        (CompanyUsage(1, 0, 0, 1, 0), ComputedCheck.FIRST_ORDER_PLACED),
        (CompanyUsage(1, 0, 0, 0, 1), ComputedCheck.FIRST_APPROVAL_DECIDED),
        (
            CompanyUsage(1, 0, 0, 0, 0, delivery_address_confirmations=1),
            ComputedCheck.DELIVERY_ADDRESS_CONFIRMED,
        ),
        (CompanyUsage(1, 0, 0, 0, 0, datasheet_downloads=1), ComputedCheck.DATASHEETS_DOWNLOADED),
    ],
)
def test_each_computed_item_turns_done_from_its_own_data_only(usage, check):
    checklist = evaluate_checklist(usage, [], set())

    assert [entry.check for entry in checklist.entries if entry.done] == [check]


def test_manual_items_follow_the_computed_ones_and_count_when_ticked():
    items = [ManualItem(7, "Address confirmed", "Adresse bestätigt"), ManualItem(9, "B", "B")]

    checklist = evaluate_checklist(NOTHING, items, {9})

    assert [entry.manual for entry in checklist.entries[-2:]] == items
    assert (checklist.done, checklist.total) == (1, len(ComputedCheck) + 2)
    assert checklist.entries[-1].done and not checklist.entries[-2].done
