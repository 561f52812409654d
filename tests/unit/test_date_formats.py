"""Dates and times in the reader's language and the shop's time zone (#15): German as Germans
write them, English with the day first, never the US month-first short form."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from babel import Locale

from shop.web.date_formats import (
    babel_datetime,
    datetime_writer,
    write_date,
    write_datetime,
    write_long_date,
)

EN, DE = Locale.parse("en"), Locale.parse("de")
BERLIN = ZoneInfo("Europe/Berlin")
DAY_FIRST = "d MMM y"
# Stored as naive UTC: 21:38 UTC is 22:38 in Berlin in winter (CET, UTC+1).
LATE_EVENING = datetime(2026, 11, 29, 21, 38)


def test_a_german_reader_sees_day_month_year_with_four_digits_and_a_24_hour_time():
    assert write_datetime(LATE_EVENING, DE, BERLIN, DAY_FIRST) == "29.11.2026, 22:38"


def test_an_english_reader_sees_the_day_before_the_month_and_a_24_hour_time():
    written = write_datetime(LATE_EVENING, EN, BERLIN, DAY_FIRST)

    assert written == "29 Nov 2026, 22:38"
    assert "11/29" not in written and "PM" not in written


def test_summer_time_is_shown_as_berlin_reads_the_clock():
    # 10:05 UTC on 1 July is 12:05 CEST (UTC+2).
    assert write_datetime(datetime(2026, 7, 1, 10, 5), DE, BERLIN, DAY_FIRST) == "01.07.2026, 12:05"


def test_a_time_after_midnight_in_berlin_is_shown_on_the_next_day():
    assert write_datetime(datetime(2026, 11, 29, 23, 30), EN, BERLIN, DAY_FIRST) == (
        "30 Nov 2026, 00:30"
    )


def test_another_display_time_zone_moves_the_clock():
    written = write_datetime(LATE_EVENING, EN, ZoneInfo("America/New_York"), DAY_FIRST)

    assert written == "29 Nov 2026, 16:38"


def test_the_english_date_pattern_is_configurable():
    assert write_datetime(LATE_EVENING, EN, BERLIN, "dd/MM/y") == "29/11/2026, 22:38"
    assert write_date(date(2026, 11, 29), EN, "y-MM-dd") == "2026-11-29"


def test_the_english_pattern_does_not_change_german_dates():
    assert write_date(date(2026, 3, 4), DE, "y-MM-dd") == "04.03.2026"


@pytest.mark.parametrize(
    ("locale", "expected"), [(EN, "4 Mar 2026"), (DE, "04.03.2026")], ids=["en", "de"]
)
def test_a_date_is_written_with_the_day_first(locale, expected):
    assert write_date(date(2026, 3, 4), locale, DAY_FIRST) == expected


@pytest.mark.parametrize(
    ("locale", "expected"), [(EN, "4 March 2026"), (DE, "4. März 2026")], ids=["en", "de"]
)
def test_a_long_date_names_the_month_after_the_day(locale, expected):
    assert write_long_date(date(2026, 3, 4), locale) == expected


# -- the writer resolved once per page (#10) writes exactly what Babel writes ----------------

WRITER_PATTERNS = [
    "d MMM y",
    "dd/MM/y",
    "MMMM d, y",
    "y-MM-dd",
    "d.M.yy",
    "dd MMM yyyy",
    "EEE d MMM y",
]
WRITER_LOCALES = ["en", "de", "en_GB", "de_CH", "fr"]


def _timestamps() -> list[datetime]:
    # Every month, both sides of the DST changes, midnight in Berlin, early and far years.
    found = [
        datetime(2026, month, day, hour, 7)
        for month in range(1, 13)
        for day, hour in ((1, 0), (28, 23))
    ]
    found += [
        datetime(2026, 3, 29, 0, 59),
        datetime(2026, 3, 29, 1, 0),
        datetime(2026, 10, 25, 0, 59),
    ]
    found += [datetime(2026, 10, 25, 1, 0), datetime(2026, 12, 31, 23, 30), datetime(5, 6, 7, 8, 9)]
    found += [
        datetime(999, 1, 2, 3, 4),
        datetime(9999, 12, 30, 12, 0),
        datetime(2026, 11, 30, 21, 5, 59),
    ]
    return found


@pytest.mark.parametrize("locale", WRITER_LOCALES)
@pytest.mark.parametrize("pattern", WRITER_PATTERNS)
@pytest.mark.parametrize("zone", ["Europe/Berlin", "America/New_York", "UTC"])
def test_the_datetime_writer_writes_what_babel_writes(locale, pattern, zone):
    locale, tz = Locale.parse(locale), ZoneInfo(zone)
    write = datetime_writer(locale, tz, pattern)

    for value in _timestamps():
        assert write(value) == babel_datetime(value, locale, tz, pattern), value
        assert write_datetime(value, locale, tz, pattern) == write(value)


def test_the_datetime_writer_takes_an_aware_timestamp_as_babel_does():
    value = datetime(2026, 7, 1, 12, 0, tzinfo=ZoneInfo("Asia/Tokyo"))
    locale, tz = Locale.parse("de"), ZoneInfo("Europe/Berlin")

    assert datetime_writer(locale, tz, "d MMM y")(value) == "01.07.2026, 05:00"
    assert datetime_writer(locale, tz, "d MMM y")(value) == babel_datetime(value, locale, tz, "")
