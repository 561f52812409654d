"""Recording changes in the audit trail (inside the caller's transaction)."""

from datetime import datetime

from shop.extensions import db
from shop.models import AuditEntry, User

ERP_SYNC = "ERP sync"


def record_change(
    *,
    company_id: int | None,
    actor: User | None,
    target_type: str,
    target_id: str | int,
    field: str,
    old: object,
    new: object,
    now: datetime,
    actor_label: str | None = None,
) -> None:
    """One audit entry: who changed which field of what from which value to which."""
    db.session.add(
        AuditEntry(
            company_id=company_id,
            actor_id=actor.id if actor else None,
            actor_label=actor_label or (f"{actor.name} <{actor.email}>" if actor else ERP_SYNC),
            target_type=target_type,
            target_id=str(target_id),
            field=field,
            old_value=_text(old),
            new_value=_text(new),
            at=now,
        )
    )


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)
