"""Recording changes in the audit trail (inside the caller's transaction)."""

import json
from collections.abc import Callable
from datetime import datetime

from shop.domain.audit import AuditField, AuditTarget
from shop.extensions import db
from shop.models import AuditEntry, Company, Role, User

ERP_SYNC = "ERP sync"

# The business key a reader knows the target by, kept as it was at the change: it outlives a
# deleted user or role, and the database id is never shown.
_TARGET_KEYS: dict[AuditTarget, tuple[type, Callable[[object], str]]] = {
    AuditTarget.USER: (User, lambda user: user.email),
    AuditTarget.ROLE: (Role, lambda role: role.predefined or role.name),
    AuditTarget.COMPANY: (Company, lambda company: company.customer_number),
}


def record_change(
    *,
    company_id: int | None,
    actor: User | None,
    target_type: AuditTarget,
    target_id: int,
    field: AuditField,
    old: object,
    new: object,
    now: datetime,
    actor_label: str | None = None,
) -> None:
    """One audit entry: who changed which field of what from which value to which."""
    target = AuditTarget(target_type)
    db.session.add(
        AuditEntry(
            company_id=company_id,
            actor_id=actor.id if actor else None,
            actor_label=actor_label or (f"{actor.name} <{actor.email}>" if actor else ERP_SYNC),
            target_type=target.value,
            target_id=str(target_id),
            target_key=_target_key(target, target_id),
            field=AuditField(field).value,
            old_value=_text(old),
            new_value=_text(new),
            at=now,
        )
    )


def _target_key(target: AuditTarget, target_id: int) -> str:
    model, key = _TARGET_KEYS[target]
    row = db.session.get(model, target_id)
    return key(row) if row is not None else ""


def _text(value: object) -> str:
    # Language-neutral text: the reader's labels and formats are applied when it is shown.
    if value is None:
        return ""
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)
