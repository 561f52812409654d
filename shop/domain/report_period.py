"""The period a spend report covers (#15): from/to as months (YYYY-MM) or days (YYYY-MM-DD).

A month given as "from" starts on its first day, one given as "to" ends on its last day, so
"2026-01" to "2026-03" is the first quarter. Plain rules, no Flask: the form reads the text,
this module says what it means or why it cannot be used.
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum

from shop.domain.budgets import month_bounds

# More months than this make a table nobody reads (and a query nobody needs).
MAX_MONTHS = 24

_MONTH = re.compile(r"(\d{4})-(\d{2})")
_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


class PeriodProblem(Enum):
    UNREADABLE = "unreadable"
    REVERSED = "reversed"
    TOO_LONG = "too_long"


class InvalidPeriod(Exception):
    def __init__(self, problem: PeriodProblem, field: str) -> None:
        super().__init__(f"{field}: {problem.value}")
        self.problem = problem
        self.field = field  # "from" or "to": where the message goes


@dataclass(frozen=True)
class ReportPeriod:
    """Days first..last, both included."""

    first: date
    last: date

    @property
    def months(self) -> tuple[date, ...]:
        """The first days of the calendar months the period touches, oldest first."""
        months = []
        current = self.first.replace(day=1)
        while current <= self.last:
            months.append(current)
            current = month_bounds(current)[1]
        return tuple(months)


def parse_day(text: str, end: bool) -> date | None:
    """A day from YYYY-MM-DD, or from YYYY-MM (its first day, or its last when `end`)."""
    text = text.strip()
    if not text.isascii():
        return None
    try:
        if match := _DAY.fullmatch(text):
            return date(*(int(part) for part in match.groups()))
        if match := _MONTH.fullmatch(text):
            first = date(int(match.group(1)), int(match.group(2)), 1)
            return month_bounds(first)[1] - timedelta(days=1) if end else first
    except ValueError:
        return None
    return None


def last_months_period(today: date, count: int) -> ReportPeriod:
    """The last `count` calendar months up to today's month, whole."""
    first = today.replace(day=1)
    for _ in range(count - 1):
        first = (first - timedelta(days=1)).replace(day=1)
    return ReportPeriod(first, month_bounds(today)[1] - timedelta(days=1))


def read_period(text_from: str, text_to: str, default: ReportPeriod) -> ReportPeriod:
    """The period the two texts name; an empty one keeps the default's end.

    InvalidPeriod names the field to correct.
    """
    first = parse_day(text_from, end=False) if text_from.strip() else default.first
    if first is None:
        raise InvalidPeriod(PeriodProblem.UNREADABLE, "from")
    last = parse_day(text_to, end=True) if text_to.strip() else default.last
    if last is None:
        raise InvalidPeriod(PeriodProblem.UNREADABLE, "to")
    if last < first:
        raise InvalidPeriod(PeriodProblem.REVERSED, "to")
    period = ReportPeriod(first, last)
    if len(period.months) > MAX_MONTHS:
        raise InvalidPeriod(PeriodProblem.TOO_LONG, "to")
    return period
