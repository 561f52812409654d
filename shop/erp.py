"""The shop's ERP client (one per process and timeout) and the gate its web calls pass.

In a web request every ERP call passes this process's gate (erp_bridge.circuit): at most
ERP_MAX_CONCURRENT_CALLS threads wait on the ERP at once, and after a failure nobody
calls it for ERP_PAUSE_AFTER_FAILURE seconds, so pages and checkout answer at once with
the last known data while the ERP is slow or down. The worker and CLI commands call
directly: they do not hold web threads, and the outbox has its own backoff.
"""

import threading

from flask import current_app, has_request_context

from erp_bridge import CallGate, CircuitRules, ErpClient, get_client


def erp_client(page: bool = False) -> ErpClient:
    """The process-wide client; `page=True` gives the one with the short page timeout."""
    config = current_app.config
    return get_client(
        config["ERP_WSDL_URL"],
        username=config["ERP_USERNAME"],
        password=config["ERP_PASSWORD"],
        timeout=config["ERP_PAGE_TIMEOUT"] if page else config["ERP_TIMEOUT"],
        endpoint=config["ERP_ENDPOINT"],
        gate=erp_gate() if has_request_context() else None,
    )


class ErpGates:
    """One gate per ERP address and rules, shared by all threads of this process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._gates: dict[tuple[str, CircuitRules], CallGate] = {}

    def gate(self, wsdl_url: str, rules: CircuitRules) -> CallGate:
        with self._lock:
            gate = self._gates.get((wsdl_url, rules))
            if gate is None:
                gate = self._gates[(wsdl_url, rules)] = CallGate(rules)
            return gate

    def reset(self) -> None:
        """Forget every failure and answer (tests start from a closed circuit)."""
        with self._lock:
            gates = list(self._gates.values())
        for gate in gates:
            gate.reset()


erp_gates = ErpGates()


def erp_gate() -> CallGate:
    """The gate for the configured ERP in this process."""
    config = current_app.config
    rules = CircuitRules(
        max_concurrent_calls=config["ERP_MAX_CONCURRENT_CALLS"],
        open_seconds=config["ERP_PAUSE_AFTER_FAILURE"],
    )
    return erp_gates.gate(config["ERP_WSDL_URL"], rules)
