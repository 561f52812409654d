"""/healthz: JSON with the state of the database (and the ERP once the bridge exists)."""

import logging

from flask import Blueprint, jsonify
from sqlalchemy import text

from shop.extensions import db, limiter

bp = Blueprint("health", __name__)
log = logging.getLogger(__name__)


@bp.get("/healthz")
@limiter.exempt
def healthz():
    checks = {"database": _database()}
    healthy = all(value == "ok" for value in checks.values())
    body = {"status": "ok" if healthy else "degraded", **checks}
    return jsonify(body), 200 if healthy else 503


def _database() -> str:
    try:
        db.session.execute(text("SELECT 1"))
        return "ok"
    except Exception:  # any driver error means "down" here; details go to the log
        log.exception("database health check failed")
        db.session.rollback()
        return "unreachable"
