"""Outbox rules: message kinds, states, and when to try again."""

import random
from datetime import timedelta
from enum import StrEnum


class OutboxKind(StrEnum):
    SUBMIT_ORDER = "submit_order"
    UPSERT_CONTACT = "upsert_contact"


class OutboxStatus(StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"
    PARKED = "parked"  # gave up: an operator looks at it and may retry


MAX_ATTEMPTS = 12
BASE_DELAY = timedelta(seconds=5)
MAX_DELAY = timedelta(hours=1)


def retry_delay(attempts: int, rng: random.Random | None = None) -> timedelta:
    """Exponential backoff after the n-th failed attempt, capped, with ±20 % jitter so that
    many entries failing together do not all retry in the same second."""
    exponent = min(max(attempts - 1, 0), 20)
    delay = min(BASE_DELAY * (2**exponent), MAX_DELAY)
    jitter = (rng or random).uniform(0.8, 1.2)
    return timedelta(seconds=delay.total_seconds() * jitter)


def should_park(attempts: int, max_attempts: int = MAX_ATTEMPTS) -> bool:
    """After the last allowed attempt the entry is parked for an operator."""
    return attempts >= max_attempts
