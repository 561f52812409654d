"""The report period's rules (#15): months or days, in order, at most 24 months."""

from datetime import date

import pytest

from shop.domain.report_period import (
    InvalidPeriod,
    PeriodProblem,
    ReportPeriod,
    last_months_period,
    read_period,
)

DEFAULT = ReportPeriod(date(2026, 6, 1), date(2026, 11, 30))


def test_months_cover_whole_calendar_months():
    period = read_period("2026-01", "2026-03", DEFAULT)

    assert period == ReportPeriod(date(2026, 1, 1), date(2026, 3, 31))
    assert period.months == (date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1))


def test_days_are_taken_as_they_are_and_may_be_mixed_with_months():
    assert read_period("2026-02-10", "2026-02", DEFAULT) == ReportPeriod(
        date(2026, 2, 10), date(2026, 2, 28)
    )


def test_an_empty_field_keeps_the_default():
    assert read_period("", " ", DEFAULT) == DEFAULT
    assert read_period("2026-09", "", DEFAULT) == ReportPeriod(date(2026, 9, 1), DEFAULT.last)


def test_the_last_months_end_with_the_current_month():
    assert last_months_period(date(2026, 2, 15), 3) == ReportPeriod(
        date(2025, 12, 1), date(2026, 2, 28)
    )


@pytest.mark.parametrize(
    ("text_from", "text_to", "problem", "field"),
    [
        ("2026-13", "", PeriodProblem.UNREADABLE, "from"),
        ("2026-02-30", "", PeriodProblem.UNREADABLE, "from"),
        ("２０２６-01", "", PeriodProblem.UNREADABLE, "from"),
        ("01.02.2026", "", PeriodProblem.UNREADABLE, "from"),
        ("2026-01", "soon", PeriodProblem.UNREADABLE, "to"),
        ("2026-05", "2026-04", PeriodProblem.REVERSED, "to"),
        ("2026-05-02", "2026-05-01", PeriodProblem.REVERSED, "to"),
        ("2024-01", "2025-12", None, None),
        ("2024-01", "2026-01", PeriodProblem.TOO_LONG, "to"),
    ],
)
def test_a_bad_period_names_the_field_to_correct(text_from, text_to, problem, field):
    if problem is None:
        assert len(read_period(text_from, text_to, DEFAULT).months) == 24
        return
    with pytest.raises(InvalidPeriod) as refused:
        read_period(text_from, text_to, DEFAULT)

    assert (refused.value.problem, refused.value.field) == (problem, field)
