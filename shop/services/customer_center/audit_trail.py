"""The company's audit trail (§4): recording changes (inside the caller's unit of work) and
reading them back, filtered, for the audit screen and a user's history."""

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import distinct, func, or_, select

from shop.domain.audit import AuditField, AuditTarget
from shop.extensions import db
from shop.models import AuditEntry, Company, Role, User
from shop.services.pagination import Page, paginate

ERP_SYNC = "ERP sync"
AUDIT_PAGE_SIZE = 50

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


def record_change_by(
    actor: User | None,
    target_type: AuditTarget,
    target_id: int,
    field: AuditField,
    old: object,
    new: object,
    now: datetime,
) -> None:
    """One audit entry in the actor's company (the ERP sync's when there is no actor)."""
    record_change(
        company_id=actor.company_id if actor else None,
        actor=actor,
        target_type=target_type,
        target_id=target_id,
        field=field,
        old=old,
        new=new,
        now=now,
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


@dataclass(frozen=True)
class AuditQuery:
    user_id: int | None = None  # entries about this user or made by them
    field: str = ""
    date_from: date | None = None
    date_to: date | None = None  # inclusive


def _audit_conditions(company_id: int, query: AuditQuery) -> list:
    conditions = [AuditEntry.company_id == company_id]
    if query.user_id is not None:
        conditions.append(
            or_(
                AuditEntry.actor_id == query.user_id,
                (AuditEntry.target_type == "user") & (AuditEntry.target_id == str(query.user_id)),
            )
        )
    if query.field:
        conditions.append(AuditEntry.field == query.field)
    if query.date_from:
        conditions.append(AuditEntry.at >= datetime.combine(query.date_from, time()))
    if query.date_to:
        conditions.append(
            AuditEntry.at < datetime.combine(query.date_to + timedelta(days=1), time())
        )
    return conditions


def audit_page(
    company_id: int, query: AuditQuery, page: int, page_size: int = AUDIT_PAGE_SIZE
) -> Page:
    """The company's audit trail, newest first, filtered."""
    conditions = _audit_conditions(company_id, query)
    return paginate(
        select(AuditEntry).where(*conditions).order_by(AuditEntry.at.desc(), AuditEntry.id.desc()),
        page,
        page_size,
        count=select(func.count(AuditEntry.id)).where(*conditions),
    )


def audit_entries(company_id: int, query: AuditQuery) -> list[AuditEntry]:
    """The whole filtered trail, newest first, as the pages show it one after another (#15)."""
    return list(
        db.session.scalars(
            select(AuditEntry)
            .where(*_audit_conditions(company_id, query))
            .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        )
    )


def audit_fields(company_id: int) -> list[str]:
    """The fields that occur in the company's audit trail (for the filter)."""
    return sorted(
        db.session.scalars(
            select(distinct(AuditEntry.field)).where(AuditEntry.company_id == company_id)
        )
    )


def user_history(user: User, limit: int = 100) -> list[AuditEntry]:
    """§4: the changes to this user, newest first."""
    return list(
        db.session.scalars(
            select(AuditEntry)
            .where(
                AuditEntry.company_id == user.company_id,
                AuditEntry.target_type == "user",
                AuditEntry.target_id == str(user.id),
            )
            .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
            .limit(limit)
        )
    )
