import random
from datetime import timedelta

import pytest

from shop.domain.outbox import MAX_ATTEMPTS, MAX_DELAY, retry_delay, should_park


class NoJitter(random.Random):
    def uniform(self, a, b):
        return 1.0


@pytest.mark.parametrize(
    "attempts, seconds", [(1, 5), (2, 10), (3, 20), (4, 40), (8, 640), (10, 2560)]
)
def test_retry_delay_doubles_after_each_failure(attempts, seconds):
    assert retry_delay(attempts, NoJitter()) == timedelta(seconds=seconds)


def test_retry_delay_is_capped_at_one_hour():
    assert retry_delay(50, NoJitter()) == MAX_DELAY


def test_retry_delay_jitter_stays_within_twenty_percent():
    delays = {retry_delay(3, random.Random(seed)).total_seconds() for seed in range(50)}

    assert min(delays) >= 16 and max(delays) <= 24
    assert len(delays) > 1


def test_an_entry_is_parked_after_the_last_attempt_only():
    assert not should_park(MAX_ATTEMPTS - 1)
    assert should_park(MAX_ATTEMPTS)
