"""/healthz: JSON with the state of the database and of the ERP."""

import logging

from flask import Blueprint, jsonify
from sqlalchemy import text

from erp_bridge import ErpError
from shop.erp import erp_client
from shop.extensions import db, limiter

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
        db.session.rollback()
        return "unreachable"


def _erp() -> str:
    try:
        erp_client(page=True).ping()
        return "ok"
    except ErpError as error:
        log.warning("ERP health check failed: %s", error)
        return "unreachable"
