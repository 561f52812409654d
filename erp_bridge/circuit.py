"""A circuit breaker with a bulkhead, shared by the ERP calls of one process.

A slow or failing ERP must not hold every web thread: at most `max_concurrent_calls`
calls wait on the ERP at once (others are refused at once), and after
`failures_to_open` failures in a row nobody calls for `open_seconds`. Then one trial
call decides: success closes the circuit, failure opens it again.

`Circuit` holds the rules as plain data with the clock as a parameter; `CallGate`
applies them under a lock around real calls.
"""

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum

from erp_bridge.errors import ErpRejected, ErpUnavailable


class CircuitState(Enum):
    CLOSED = "closed"  # calls go through
    OPEN = "open"  # the ERP failed: nobody calls until the pause is over
    HALF_OPEN = "half_open"  # the pause is over: one trial call at a time


class Admission(Enum):
    CALL = "call"
    TRIAL = "trial"  # the one call that decides whether the circuit closes again
    REFUSED_OPEN = "refused_open"
    REFUSED_BUSY = "refused_busy"  # too many calls wait on the ERP already

    @property
    def is_refused(self) -> bool:
        return self in (Admission.REFUSED_OPEN, Admission.REFUSED_BUSY)


@dataclass(frozen=True)
class CircuitRules:
    max_concurrent_calls: int = 2
    failures_to_open: int = 1
    open_seconds: float = 30.0


@dataclass(frozen=True)
class Outcome:
    ok: bool
    at: float  # clock time of the answer (or failure)


@dataclass
class Circuit:
    """The breaker's state; every method takes the current clock time `now`."""

    rules: CircuitRules
    failures: int = 0
    opened_at: float | None = None
    in_flight: int = 0
    trial_in_flight: bool = False
    last_outcome: Outcome | None = None

    def state(self, now: float) -> CircuitState:
        if self.opened_at is None:
            return CircuitState.CLOSED
        if now < self.opened_at + self.rules.open_seconds:
            return CircuitState.OPEN
        return CircuitState.HALF_OPEN

    def admit(self, now: float) -> Admission:
        """May a call start now? Counts it as in flight unless refused."""
        state = self.state(now)
        if state is CircuitState.OPEN:
            return Admission.REFUSED_OPEN
        if state is CircuitState.HALF_OPEN:
            if self.trial_in_flight:
                return Admission.REFUSED_OPEN
            self.trial_in_flight = True
            self.in_flight += 1
            return Admission.TRIAL
        if self.in_flight >= self.rules.max_concurrent_calls:
            return Admission.REFUSED_BUSY
        self.in_flight += 1
        return Admission.CALL

    def record_success(self, admission: Admission, now: float) -> None:
        """The ERP answered (a business refusal counts: the ERP is there)."""
        self._finish(admission)
        self.failures = 0
        self.opened_at = None
        self.last_outcome = Outcome(True, now)

    def record_failure(self, admission: Admission, now: float) -> None:
        """The call failed technically (timeout, refused, server error)."""
        self._finish(admission)
        self.failures += 1
        self.last_outcome = Outcome(False, now)
        if admission is Admission.TRIAL or self.failures >= self.rules.failures_to_open:
            self.opened_at = now

    def record_abandoned(self, admission: Admission) -> None:
        """The call ended without an answer either way (a bug on our side, not the ERP's)."""
        self._finish(admission)

    def _finish(self, admission: Admission) -> None:
        self.in_flight = max(0, self.in_flight - 1)
        if admission is Admission.TRIAL:
            self.trial_in_flight = False


class CallGate:
    """Thread-safe use of one Circuit; one per ERP and process."""

    def __init__(self, rules: CircuitRules, clock: Callable[[], float] = time.monotonic) -> None:
        self._lock = threading.Lock()
        self._clock = clock
        self._circuit = Circuit(rules)

    @contextmanager
    def admit(self, operation: str) -> Iterator[None]:
        """Run the block as one ERP call, or raise ErpUnavailable at once when refused."""
        with self._lock:
            admission = self._circuit.admit(self._clock())
        if admission is Admission.REFUSED_OPEN:
            raise ErpUnavailable(f"{operation}: not called, the ERP failed moments ago")
        if admission is Admission.REFUSED_BUSY:
            raise ErpUnavailable(f"{operation}: not called, too many calls wait on the ERP")
        try:
            yield
        except ErpUnavailable:
            with self._lock:
                self._circuit.record_failure(admission, self._clock())
            raise
        except BaseException as error:
            with self._lock:
                if isinstance(error, ErpRejected):
                    self._circuit.record_success(admission, self._clock())
                else:
                    self._circuit.record_abandoned(admission)
            raise
        with self._lock:
            self._circuit.record_success(admission, self._clock())

    def state(self) -> CircuitState:
        with self._lock:
            return self._circuit.state(self._clock())

    def last_outcome(self) -> Outcome | None:
        with self._lock:
            return self._circuit.last_outcome

    def now(self) -> float:
        return self._clock()

    def reset(self, rules: CircuitRules | None = None) -> None:
        """Forget failures and outcomes (tests; a changed configuration)."""
        with self._lock:
            self._circuit = Circuit(rules or self._circuit.rules)
