"""Outbox rules: message kinds, states, and when to try again."""

import random
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum


class OutboxKind(StrEnum):
    SUBMIT_ORDER = "submit_order"
    UPSERT_CONTACT = "upsert_contact"
    RELEASE_ORDER = "release_order"  # §8: a paid prepayment order may ship
    SEND_MAIL = "send_mail"  # §8: an order mail, rendered and sent over SMTP at delivery
    REQUEST_CUSTOMER_CHANGE = "request_customer_change"  # #15: master data change asked for


# Mail entries go to the mail server, the others to the ERP: each is delivered by its own
# loop, so neither waits for the other's server to come back.
MAIL_KINDS = frozenset({OutboxKind.SEND_MAIL})
ERP_KINDS = frozenset(OutboxKind) - MAIL_KINDS


class OutboxStatus(StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"
    PARKED = "parked"  # gave up: an operator looks at it and may retry
    # §12: the back office cancelled the order before the ERP got it: never sent.
    CANCELLED = "cancelled"


class DeliveryOutcome(StrEnum):
    """How one attempt to send an entry ended."""

    DELIVERED = "delivered"
    RETRY = "retry"  # failed: tried again after a backoff
    PARKED = "parked"  # gave up: an operator looks at it


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


# An ERP's error page can be megabytes of HTML: the entry and the log keep only this much.
ERROR_EXCERPT_CHARS = 300

# last_error starts with this when the ERP could not be reached; the worker's recovery probe
# makes exactly these entries due again once the ERP answers.
UNAVAILABLE_PREFIX = "ERP unavailable: "


def excerpt(text: str, limit: int = ERROR_EXCERPT_CHARS) -> str:
    """A short, single-line, printable excerpt of an error text for the entry and the log.

    Control characters are shown escaped (a NUL in the data must not break the column it is
    written to: PostgreSQL text cannot hold one).
    """
    flat = " ".join(text.split())
    printable = "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in flat)
    if len(printable) <= limit:
        return printable
    return f"{printable[:limit]}… ({len(printable)} characters)"


@dataclass
class RecoveryWatch:
    """When the worker probes the ERP, and when a probe means the ERP has come back.

    Entries failed by an outage wait out their backoff (up to an hour); a cheap probe while
    they wait lets the worker send them as soon as the ERP answers again. Only a probe that
    succeeds after a failed one counts as a recovery: an ERP that answers Ping but times out
    on orders (slow, not down) must not have its entries retried at probe speed. A worker
    starts as if the ERP had been down, so one started after an outage catches up at once.
    """

    interval: float  # seconds between probes
    erp_down: bool = True
    next_probe: float = 0.0  # monotonic seconds

    def is_probe_due(self, now: float) -> bool:
        return now >= self.next_probe

    def record_probe(self, now: float, answered: bool) -> bool:
        """Note a probe's outcome; True when the ERP has just come back."""
        self.next_probe = now + self.interval
        recovered = answered and self.erp_down
        self.erp_down = not answered
        return recovered
