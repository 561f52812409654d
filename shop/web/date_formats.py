"""Dates and times in the reader's language and the shop's time zone: the one home (#15).

German as Germans write them (`29.11.2026, 22:38`); English with the day before the month
(`29 Nov 2026, 22:38`), never the US `11/29/26`, which a European customer reads as the 11th
of month 29. The English pattern is configurable (`EN_DATE_PATTERN`). Timestamps are stored
as naive UTC (shop.models.clock) and shown in the display time zone (`SHOP_TIMEZONE`).
"""

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel import Locale, dates
from flask import current_app
from flask_babel import get_locale

GERMAN_DATE = "dd.MM.y"
GERMAN_DATE_LONG = "d. MMMM y"
ENGLISH_DATE_LONG = "d MMMM y"
TIME = "HH:mm"


def date_pattern(language: str, english_pattern: str) -> str:
    """The pattern of a short date (numbers or an abbreviated month) in this language."""
    return GERMAN_DATE if language == "de" else english_pattern


def datetime_pattern(language: str, english_pattern: str) -> str:
    return f"{date_pattern(language, english_pattern)}, {TIME}"


def long_date_pattern(language: str) -> str:
    """A date with the month's name written out (letters, invoices)."""
    return GERMAN_DATE_LONG if language == "de" else ENGLISH_DATE_LONG


@lru_cache(maxsize=8)
def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def display_zone() -> ZoneInfo:
    """The time zone the shop shows times in (and reads typed dates in)."""
    return zone(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def to_display_zone(value: datetime) -> datetime:
    """A stored timestamp (naive UTC) as the time on the display time zone's clocks."""
    return value.replace(tzinfo=UTC).astimezone(display_zone())


def day_start_utc(day: date) -> datetime | None:
    """The first moment of a day of the display time zone, as a stored timestamp (naive
    UTC); None where that lies outside what a datetime can hold (year 1 or 9999)."""
    try:
        start = datetime.combine(day, time.min, tzinfo=display_zone())
        return start.astimezone(UTC).replace(tzinfo=None)
    except OverflowError:
        return None


def day_after(day: date) -> date | None:
    try:
        return day + timedelta(days=1)
    except OverflowError:
        return None


def write_datetime(value: datetime, locale: Locale, tz: ZoneInfo, english_pattern: str) -> str:
    """A stored timestamp (naive UTC) to the minute, in the time zone `tz`."""
    pattern = datetime_pattern(locale.language, english_pattern)
    return dates.format_datetime(value, pattern, tzinfo=tz, locale=locale)


def write_date(value: date, locale: Locale, english_pattern: str) -> str:
    return dates.format_date(value, date_pattern(locale.language, english_pattern), locale)


def write_long_date(value: date, locale: Locale) -> str:
    return dates.format_date(value, long_date_pattern(locale.language), locale)


# -- in the request's (or the mail's) language, with the shop's settings ----------------------


def _locale() -> Locale:
    return get_locale() or Locale("en")


def _english_pattern() -> str:
    return current_app.config["EN_DATE_PATTERN"]


def format_datetime(value: datetime) -> str:
    """A timestamp to the minute: `29.11.2026, 22:38` / `29 Nov 2026, 22:38`."""
    return write_datetime(value, _locale(), display_zone(), _english_pattern())


def format_date(value: date) -> str:
    """A day: `29.11.2026` / `29 Nov 2026`."""
    return write_date(value, _locale(), _english_pattern())


def format_date_long(value: date) -> str:
    """A day with the month's name: `29. November 2026` / `29 November 2026`."""
    return write_long_date(value, _locale())
