"""How often a user may be invited (#15): three invitations within an hour, then a pause."""

from datetime import datetime, timedelta

from shop.domain.users import next_invitation_at

NOW = datetime(2026, 11, 30, 9, 0)


def test_the_first_invitations_may_go_at_once():
    assert next_invitation_at([], NOW) is None
    assert next_invitation_at([NOW - timedelta(minutes=5)] * 2, NOW) is None


def test_a_fourth_invitation_within_the_hour_waits_until_the_oldest_is_an_hour_old():
    sent = [NOW - timedelta(minutes=50), NOW - timedelta(minutes=20), NOW - timedelta(minutes=1)]

    assert next_invitation_at(sent, NOW) == NOW + timedelta(minutes=10)


def test_invitations_older_than_an_hour_do_not_count():
    sent = [NOW - timedelta(hours=3), NOW - timedelta(minutes=61), NOW - timedelta(minutes=30)]

    assert next_invitation_at(sent, NOW) is None


def test_only_the_latest_three_decide_the_wait():
    sent = [NOW - timedelta(minutes=m) for m in (55, 40, 30, 10)]

    assert next_invitation_at(sent, NOW) == NOW + timedelta(minutes=20)
