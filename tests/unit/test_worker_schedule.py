"""The worker's periodic jobs (#10): due at once, then every period; after a failure again
in min(60 s, period)."""

import math

import pytest

from shop.services.erp_worker import RETRY_SECONDS, Schedule


def test_a_job_is_due_at_once_and_then_after_its_period():
    schedule = Schedule(3600)
    assert schedule.is_due(0.0)
    schedule.began(0.0)
    schedule.succeeded(2.0)
    assert not schedule.is_due(3601.9)
    assert schedule.is_due(3602.0)


@pytest.mark.parametrize(("period", "retry_after"), [(3600, RETRY_SECONDS), (300, 60), (30, 30)])
def test_a_failed_run_is_tried_again_after_min_60_s_and_its_period(period, retry_after):
    schedule = Schedule(period)
    schedule.began(100.0)  # and never succeeded: the job raised
    assert not schedule.is_due(100.0 + retry_after - 0.1)
    assert schedule.is_due(100.0 + retry_after)


def test_a_success_after_failures_returns_to_the_whole_period():
    schedule = Schedule(3600)
    schedule.began(0.0)
    assert schedule.is_due(60.0)
    schedule.began(60.0)
    schedule.succeeded(61.0)
    assert not schedule.is_due(121.0)
    assert schedule.is_due(3661.0)


def test_a_job_may_wait_its_whole_period_after_a_failure():
    schedule = Schedule(3600, retry_seconds=math.inf)
    schedule.began(0.0)
    assert not schedule.is_due(3599.9)
    assert schedule.is_due(3600.0)
