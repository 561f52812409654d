"""Staff accounts of the back office (§12): creation, login sessions and the audit trail.

Staff sessions work like the customers' (shop/services/sessions.py): the cookie carries a
random token, the database its hash, so a logout ends the session in every web process. They
live in their own table and their own cookie key, so a staff login is never a customer login
and the other way round.
"""

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, or_, select, update

from shop.domain.passwords import PasswordProblem, password_problem, personal_words
from shop.domain.staff import StaffAction, StaffDetail, StaffRight, unfit_staff_detail
from shop.extensions import db
from shop.models import StaffAuditEntry, StaffMember, StaffSession
from shop.services.password_hashing import hash_password, verify_password
from shop.services.unit_of_work import unit_of_work

# A back office session nobody used for this long ends by itself (shorter than a customer's:
# staff see every company's orders).
IDLE_LIMIT = timedelta(hours=12)
TOUCH_EVERY = timedelta(minutes=1)


class StaffEmailInUse(Exception):
    """Another staff member has this e-mail address."""


class InvalidStaffDetail(ValueError):
    """An e-mail address, name or password a staff account cannot have."""

    def __init__(self, detail: StaffDetail) -> None:
        super().__init__(detail.value)
        self.detail = detail


class StaffPasswordRejected(Exception):
    def __init__(self, problem: PasswordProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


@dataclass(frozen=True)
class StaffLogin:
    staff: StaffMember
    token: str


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def find_staff_by_email(email: str) -> StaffMember | None:
    return db.session.scalar(
        select(StaffMember).where(func.lower(StaffMember.email) == email.strip().lower())
    )


def create_staff(
    email: str, name: str, rights: Iterable[StaffRight], password: str, now: datetime
) -> StaffMember:
    """A new staff account with these rights; the password follows the customers' rule."""
    unfit = unfit_staff_detail(email, name, password)
    if unfit is not None:
        raise InvalidStaffDetail(unfit)
    email = email.strip()
    problem = password_problem(password, personal_words(name, email))
    if problem is not None:
        raise StaffPasswordRejected(problem)
    with unit_of_work():
        if find_staff_by_email(email) is not None:
            raise StaffEmailInUse(email)
        staff = StaffMember(
            email=email,
            name=name.strip(),
            password_hash=hash_password(password),
            rights_list=sorted(right.value for right in rights),
            created_at=now,
        )
        db.session.add(staff)
    return staff


def log_in_staff(email: str, password: str, user_agent: str, now: datetime) -> StaffLogin | None:
    """Check the password and start a session; None for any failure (never says which)."""
    staff = find_staff_by_email(email)
    password_ok = verify_password(staff.password_hash if staff else None, password)
    if staff is None or not password_ok or not staff.active:
        return None
    raw = secrets.token_urlsafe(32)
    with unit_of_work():
        staff = db.session.get(StaffMember, staff.id)
        db.session.execute(
            delete(StaffSession).where(
                StaffSession.staff_id == staff.id,
                or_(
                    StaffSession.ended_at.is_not(None),
                    StaffSession.last_seen_at < now - IDLE_LIMIT,
                ),
            )
        )
        db.session.add(
            StaffSession(
                staff_id=staff.id,
                token_hash=_digest(raw),
                user_agent=user_agent[:255],
                created_at=now,
                last_seen_at=now,
            )
        )
        record_action(staff, StaffAction.LOGIN, now)
    return StaffLogin(staff, raw)


def load_staff(raw: str | None, now: datetime) -> StaffMember | None:
    """The active staff member of the live session behind a cookie's token, else None."""
    if not raw:
        return None
    record = db.session.scalar(select(StaffSession).where(StaffSession.token_hash == _digest(raw)))
    if record is None or record.ended_at is not None or record.last_seen_at < now - IDLE_LIMIT:
        return None
    if not record.staff.active:
        return None
    if record.last_seen_at < now - TOUCH_EVERY:
        # Own connection and transaction: the request's session must not be committed here.
        with db.engine.begin() as connection:
            connection.execute(
                update(StaffSession).where(StaffSession.id == record.id).values(last_seen_at=now)
            )
    return record.staff


def log_out_staff(raw: str | None, now: datetime) -> None:
    """End the session behind this token and note the logout."""
    if not raw:
        return
    with unit_of_work():
        record = db.session.scalar(
            select(StaffSession).where(
                StaffSession.token_hash == _digest(raw), StaffSession.ended_at.is_(None)
            )
        )
        if record is None:
            return
        record.ended_at = now
        record_action(record.staff, StaffAction.LOGOUT, now)


def record_action(
    staff: StaffMember,
    action: StaffAction,
    now: datetime,
    target_type: str = "",
    target_id: object = "",
    detail: str = "",
) -> None:
    """Add an audit entry to the caller's unit of work."""
    db.session.add(
        StaffAuditEntry(
            staff_id=staff.id,
            actor_label=staff.name,
            action=action.value,
            target_type=target_type,
            target_id=str(target_id)[:64],
            detail=detail,
            at=now,
        )
    )


def audit_entries(limit: int = 200) -> list[StaffAuditEntry]:
    """The newest staff actions first."""
    return list(
        db.session.scalars(
            select(StaffAuditEntry)
            .order_by(StaffAuditEntry.at.desc(), StaffAuditEntry.id.desc())
            .limit(limit)
        )
    )


def staff_members() -> list[StaffMember]:
    """Active staff, by name, for assigning tickets."""
    return list(
        db.session.scalars(
            select(StaffMember).where(StaffMember.active.is_(True)).order_by(StaffMember.name)
        )
    )
