"""/healthz: JSON with the state of the database and of the ERP."""

import logging
import threading

from flask import Blueprint, current_app, jsonify
from sqlalchemy import text

from erp_bridge import CallGate, CircuitState, ErpClient, ErpError
from shop.erp import erp_client, erp_gate
from shop.extensions import db, limiter
from shop.services.unit_of_work import discard

bp = Blueprint("health", __name__)
log = logging.getLogger(__name__)


@bp.get("/healthz")
@limiter.exempt
def healthz():
    """200 while the database answers: a down ERP degrades the shop but does not stop it."""
    checks = {"database": _database(), "erp": _erp()}
    status = "ok" if all(value == "ok" for value in checks.values()) else "degraded"
    return jsonify({"status": status, **checks}), 200 if checks["database"] == "ok" else 503


def _database() -> str:
    try:
        db.session.execute(text("SELECT 1"))
        return "ok"
    except Exception:  # any driver error means "down" here; details go to the log
        log.exception("database health check failed")
        discard()
        return "unreachable"


def _erp() -> str:
    config = current_app.config
    return erp_health.state(
        erp_gate(),
        erp_client(page=True),
        max_age=config["ERP_HEALTH_SECONDS"],
        first_wait=config["ERP_PAGE_TIMEOUT"],
    )


class ErpHealth:
    """The ERP as this process last saw it, from any call; a stale view is refreshed by a
    Ping in the background, so a health check never waits on a slow ERP (#9)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._probes: dict[CallGate, threading.Thread] = {}

    def state(self, gate: CallGate, client: ErpClient, max_age: float, first_wait: float) -> str:
        """ "ok" or "unreachable" from the last answer, refreshed when older than `max_age`."""
        if gate.state() is CircuitState.OPEN:
            return "unreachable"
        outcome = gate.last_outcome()
        if outcome is None or gate.now() - outcome.at > max_age:
            probe = self._probe(gate, client)
            if outcome is None:
                # Nothing known yet in this process: wait once for the first answer.
                probe.join(first_wait)
                outcome = gate.last_outcome()
        return "ok" if outcome is not None and outcome.ok else "unreachable"

    def _probe(self, gate: CallGate, client: ErpClient) -> threading.Thread:
        with self._lock:
            running = self._probes.get(gate)
            if running is not None and running.is_alive():
                return running
            probe = threading.Thread(target=_ping, args=(client,), name="erp-health", daemon=True)
            self._probes[gate] = probe
            probe.start()
            return probe


def _ping(client: ErpClient) -> None:
    # The gate records the answer (or failure) for the next health checks.
    try:
        client.ping()
    except ErpError as error:
        log.warning("ERP health check failed: %s", error)


erp_health = ErpHealth()
