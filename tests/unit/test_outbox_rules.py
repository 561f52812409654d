import random
from datetime import timedelta

import pytest

from shop.domain.outbox import (
    ERROR_EXCERPT_CHARS,
    MAX_ATTEMPTS,
    MAX_DELAY,
    RecoveryWatch,
    excerpt,
    retry_delay,
    should_park,
)


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


def test_an_error_excerpt_is_short_single_line_and_says_how_long_the_whole_was():
    page = "<html>\n<body>" + "Internal Server Error " * 100_000 + "</body></html>"

    short = excerpt(page)

    assert len(short) <= ERROR_EXCERPT_CHARS + 40
    assert short.startswith("<html> <body>Internal Server Error")
    assert "\n" not in short and f"({len(' '.join(page.split()))} characters)" in short


def test_an_error_excerpt_shows_control_characters_escaped():
    assert excerpt("name 'A\x00B\x1bC'") == "name 'A\\x00B\\x1bC'"


def test_a_short_error_is_kept_whole():
    assert excerpt("ERP rejected: Client.UnknownCustomer: 99999") == (
        "ERP rejected: Client.UnknownCustomer: 99999"
    )


def test_recovery_watch_probes_at_its_interval():
    watch = RecoveryWatch(interval=15)

    assert watch.is_probe_due(0)
    watch.record_probe(100, answered=False)
    assert not watch.is_probe_due(114.9) and watch.is_probe_due(115)


def test_an_answer_after_a_failed_probe_is_a_recovery_once():
    watch = RecoveryWatch(interval=15)
    watch.record_probe(0, answered=False)

    assert watch.record_probe(15, answered=True)
    assert not watch.record_probe(30, answered=True)


def test_an_erp_that_keeps_answering_probes_is_no_recovery():
    # Slow rather than down: entries keep their backoff instead of retrying at probe speed.
    watch = RecoveryWatch(interval=15, erp_down=False)

    assert not watch.record_probe(0, answered=True)
    assert not watch.record_probe(15, answered=True)


def test_a_worker_starts_as_if_the_erp_had_been_down():
    assert RecoveryWatch(interval=15).record_probe(0, answered=True)
