"""The ERP circuit breaker and bulkhead: its states and limits, clock as a parameter (#9)."""

import pytest

from erp_bridge import ErpRejected, ErpUnavailable
from erp_bridge.circuit import Admission, CallGate, Circuit, CircuitRules, CircuitState

RULES = CircuitRules(max_concurrent_calls=2, failures_to_open=1, open_seconds=30)


def test_a_new_circuit_is_closed_and_admits_calls():
    circuit = Circuit(RULES)

    assert circuit.state(0) is CircuitState.CLOSED
    assert circuit.admit(0) is Admission.CALL


def test_calls_beyond_the_bulkhead_are_refused_at_once_until_one_ends():
    circuit = Circuit(RULES)
    first, second = circuit.admit(0), circuit.admit(0)

    third = circuit.admit(0)
    circuit.record_success(first, 1)
    fourth = circuit.admit(1)

    assert (first, second) == (Admission.CALL, Admission.CALL)
    assert third is Admission.REFUSED_BUSY
    assert fourth is Admission.CALL


def test_a_failure_opens_the_circuit_for_the_pause():
    circuit = Circuit(RULES)

    circuit.record_failure(circuit.admit(0), 5)

    assert circuit.state(5) is CircuitState.OPEN
    assert circuit.admit(34.9) is Admission.REFUSED_OPEN
    assert circuit.state(35) is CircuitState.HALF_OPEN


def test_with_a_threshold_the_circuit_opens_only_after_that_many_failures_in_a_row():
    circuit = Circuit(CircuitRules(max_concurrent_calls=2, failures_to_open=3, open_seconds=30))

    circuit.record_failure(circuit.admit(0), 0)
    circuit.record_failure(circuit.admit(0), 0)
    circuit.record_success(circuit.admit(0), 0)
    circuit.record_failure(circuit.admit(0), 0)
    circuit.record_failure(circuit.admit(0), 0)
    still_closed = circuit.state(0)
    circuit.record_failure(circuit.admit(0), 0)

    assert still_closed is CircuitState.CLOSED
    assert circuit.state(0) is CircuitState.OPEN


def test_after_the_pause_one_trial_call_goes_through_and_others_are_refused():
    circuit = Circuit(RULES)
    circuit.record_failure(circuit.admit(0), 0)

    trial = circuit.admit(30)
    other = circuit.admit(30)

    assert trial is Admission.TRIAL
    assert other is Admission.REFUSED_OPEN


def test_a_successful_trial_closes_the_circuit():
    circuit = Circuit(RULES)
    circuit.record_failure(circuit.admit(0), 0)

    circuit.record_success(circuit.admit(30), 31)

    assert circuit.state(31) is CircuitState.CLOSED
    assert circuit.admit(31) is Admission.CALL


def test_a_failed_trial_opens_the_circuit_for_another_pause():
    circuit = Circuit(CircuitRules(max_concurrent_calls=2, failures_to_open=3, open_seconds=30))
    for _ in range(3):
        circuit.record_failure(circuit.admit(0), 0)

    circuit.record_failure(circuit.admit(30), 31)

    assert circuit.state(60) is CircuitState.OPEN
    assert circuit.state(61) is CircuitState.HALF_OPEN


def test_a_call_still_running_when_the_circuit_opened_ends_without_closing_it():
    circuit = Circuit(RULES)
    slow, failing = circuit.admit(0), circuit.admit(0)
    circuit.record_failure(failing, 1)

    circuit.record_failure(slow, 2)

    assert circuit.in_flight == 0
    assert circuit.state(2) is CircuitState.OPEN


def test_the_last_outcome_is_remembered_with_its_time():
    circuit = Circuit(RULES)

    circuit.record_success(circuit.admit(0), 3)
    ok = circuit.last_outcome
    circuit.record_failure(circuit.admit(4), 5)

    assert (ok.ok, ok.at) == (True, 3)
    assert (circuit.last_outcome.ok, circuit.last_outcome.at) == (False, 5)


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_the_gate_refuses_at_once_while_open_and_counts_a_business_refusal_as_an_answer():
    clock = Clock()
    gate = CallGate(RULES, clock)

    with pytest.raises(ErpRejected), gate.admit("GetPrices"):
        raise ErpRejected("Client.UnknownCustomer", "no")
    still_closed = gate.state()
    with pytest.raises(ErpUnavailable), gate.admit("GetPrices"):
        raise ErpUnavailable("timeout")
    with pytest.raises(ErpUnavailable, match="not called"), gate.admit("GetPrices"):
        pytest.fail("an open circuit must not call the ERP")
    clock.now = 30
    with gate.admit("GetPrices"):
        pass

    assert still_closed is CircuitState.CLOSED
    assert gate.state() is CircuitState.CLOSED


def test_the_gate_frees_the_slot_of_a_call_that_failed_on_our_side():
    gate = CallGate(CircuitRules(max_concurrent_calls=1, failures_to_open=1, open_seconds=30))

    with pytest.raises(KeyError), gate.admit("GetStock"):
        raise KeyError("bug")
    with gate.admit("GetStock"):
        pass

    assert gate.state() is CircuitState.CLOSED
