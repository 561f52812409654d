from datetime import date, datetime, time

import pytest

from shop.domain.delivery_dates import (
    DeliveryDateProblem,
    check_delivery_date,
    earliest_delivery_date,
)

CUTOFF = time(12, 0)
# Monday, 30 November 2026, in the morning
MONDAY_MORNING = datetime(2026, 11, 30, 9, 0)
MONDAY_AFTERNOON = datetime(2026, 11, 30, 15, 0)
FRIDAY_EVENING = datetime(2026, 12, 4, 18, 0)


def check(day: date, now: datetime = MONDAY_MORNING):
    return check_delivery_date(day, now, CUTOFF, max_days=180)


@pytest.mark.parametrize("day", [1, 2, 3, 4])
def test_working_days_ahead_may_be_asked_for(day):
    assert check(date(2026, 12, day)) is None


@pytest.mark.parametrize("day", [5, 6])
def test_saturday_and_sunday_are_refused(day):
    assert check(date(2026, 12, day)) is DeliveryDateProblem.WEEKEND


def test_a_past_day_is_refused():
    assert check(date(2026, 11, 27)) is DeliveryDateProblem.PAST


def test_today_only_before_the_cutoff():
    assert check(date(2026, 11, 30), MONDAY_MORNING) is None
    assert check(date(2026, 11, 30), MONDAY_AFTERNOON) is DeliveryDateProblem.TODAY_AFTER_CUTOFF
    assert (
        check(date(2026, 11, 30), datetime(2026, 11, 30, 12, 0))
        is DeliveryDateProblem.TODAY_AFTER_CUTOFF
    )


def test_at_most_the_maximum_ahead():
    assert check(date(2027, 5, 28)) is None  # 179 days ahead, a Friday
    assert check(date(2027, 5, 31)) is DeliveryDateProblem.TOO_FAR
    assert check(date(9999, 12, 31)) is DeliveryDateProblem.TOO_FAR


def test_the_earliest_day_skips_today_after_the_cutoff_and_the_weekend():
    assert earliest_delivery_date(MONDAY_MORNING, CUTOFF) == date(2026, 11, 30)
    assert earliest_delivery_date(MONDAY_AFTERNOON, CUTOFF) == date(2026, 12, 1)
    assert earliest_delivery_date(FRIDAY_EVENING, CUTOFF) == date(2026, 12, 7)
