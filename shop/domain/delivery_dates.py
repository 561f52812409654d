"""The requested delivery date at checkout (#15): which days a customer may ask for.

Working days only (Monday to Friday), not in the past, today only before the cut-off
(an order placed later cannot leave the warehouse in time), and not too far ahead. The
clock is a parameter: `now` is the shop's local time.
"""

from datetime import date, datetime, time, timedelta
from enum import StrEnum

SATURDAY = 5


class DeliveryDateProblem(StrEnum):
    WEEKEND = "weekend"
    PAST = "past"
    TODAY_AFTER_CUTOFF = "today_after_cutoff"
    TOO_FAR = "too_far"


def check_delivery_date(
    requested: date, now: datetime, cutoff: time, max_days: int
) -> DeliveryDateProblem | None:
    """Why `requested` cannot be asked for, or None when it can."""
    today = now.date()
    if requested < today:
        return DeliveryDateProblem.PAST
    if requested == today and now.time() >= cutoff:
        return DeliveryDateProblem.TODAY_AFTER_CUTOFF
    if requested > today + timedelta(days=max_days):
        return DeliveryDateProblem.TOO_FAR
    if requested.weekday() >= SATURDAY:
        return DeliveryDateProblem.WEEKEND
    return None


def earliest_delivery_date(now: datetime, cutoff: time) -> date:
    """The first day that may be asked for (the date field's minimum)."""
    day = now.date() if now.time() < cutoff else now.date() + timedelta(days=1)
    while day.weekday() >= SATURDAY:
        day += timedelta(days=1)
    return day
