"""Dates and times in the reader's language and the shop's time zone: the one home (#15).

German as Germans write them (`29.11.2026, 22:38`); English with the day before the month
(`29 Nov 2026, 22:38`), never the US `11/29/26`, which a European customer reads as the 11th
of month 29. The English pattern is configurable (`EN_DATE_PATTERN`). Timestamps are stored
as naive UTC (shop.models.clock) and shown in the display time zone (`SHOP_TIMEZONE`).
"""

from collections.abc import Callable
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


DatetimeWriter = Callable[[datetime], str]


def write_datetime(value: datetime, locale: Locale, tz: ZoneInfo, english_pattern: str) -> str:
    """A stored timestamp (naive UTC) to the minute, in the time zone `tz`."""
    return datetime_writer(locale, tz, english_pattern)(value)


def babel_datetime(value: datetime, locale: Locale, tz: ZoneInfo, english_pattern: str) -> str:
    """write_datetime as Babel writes it (what datetime_writer's shortcut must equal)."""
    pattern = datetime_pattern(locale.language, english_pattern)
    return dates.format_datetime(value, pattern, tzinfo=tz, locale=locale)


def datetime_writer(locale: Locale, tz: ZoneInfo, english_pattern: str) -> DatetimeWriter:
    """write_datetime for many timestamps: the pattern and month names resolved once (#10).

    Babel parses the pattern and looks up each field's data anew for every timestamp: a
    tenth of the approval inbox's time for its 24 rows. The fields our patterns use (day,
    month as number or name, year, hour, minute) are written here exactly as Babel writes
    them; a pattern with any other field is left to Babel.
    """
    return _datetime_writer(str(locale), tz, english_pattern)


@lru_cache(maxsize=64)
def _datetime_writer(locale_name: str, tz: ZoneInfo, english_pattern: str):
    # Keyed by the locale's name: CLDR data does not change while the process runs.
    locale = Locale.parse(locale_name)
    pattern = datetime_pattern(locale.language, english_pattern)
    parts: list = []
    for kind, token in dates.tokenize_pattern(pattern):
        field = _FIELDS.get(token) if kind == "field" else None
        if kind == "chars":
            parts.append(token)
        elif field is None:
            return lambda value: babel_datetime(value, locale, tz, english_pattern)
        else:
            parts.append(field(locale))

    def write(value: datetime) -> str:
        if type(value) is not datetime:  # a date or time: Babel's own rules
            return babel_datetime(value, locale, tz, english_pattern)
        local = (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(tz)
        return "".join(part if type(part) is str else part(local) for part in parts)

    return write


def _number(attribute: str, digits: int, last_two: bool = False):
    # Babel: '%0*d' % (digits, value); "yy" keeps the last two digits.
    def field(_locale: Locale):
        if last_two:
            return lambda local: f"{getattr(local, attribute):02d}"[-2:]
        return lambda local: f"{getattr(local, attribute):0{digits}d}"

    return field


def _month_name(width: str):
    def field(locale: Locale):
        names = dates.get_month_names(width, "format", locale)
        return lambda local: names[local.month]

    return field


_FIELDS = {
    **{("d", n): _number("day", n) for n in (1, 2)},
    **{("M", n): _number("month", n) for n in (1, 2)},
    ("M", 3): _month_name("abbreviated"),
    ("M", 4): _month_name("wide"),
    **{("y", n): _number("year", n, last_two=n == 2) for n in (1, 2, 3, 4)},
    **{("H", n): _number("hour", n) for n in (1, 2)},
    **{("m", n): _number("minute", n) for n in (1, 2)},
}


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
    return request_datetime_writer()(value)


def request_datetime_writer() -> DatetimeWriter:
    """format_datetime resolved once, for a page's many timestamps (a rendering keeps it)."""
    return datetime_writer(_locale(), display_zone(), _english_pattern())


def format_date(value: date) -> str:
    """A day: `29.11.2026` / `29 Nov 2026`."""
    return write_date(value, _locale(), _english_pattern())


def format_date_long(value: date) -> str:
    """A day with the month's name: `29. November 2026` / `29 November 2026`."""
    return write_long_date(value, _locale())
