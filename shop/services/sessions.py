"""Login sessions kept in the database, so every web process agrees when one ends (#14)."""

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import bindparam, delete, or_, select, update
from sqlalchemy.orm import contains_eager

from shop.extensions import db
from shop.models import Role, User, UserSession, user_roles
from shop.services.unit_of_work import separate_transaction, unit_of_work

# last_seen_at is written at most this often per session, not on every request.
TOUCH_EVERY = timedelta(minutes=1)
# A session nobody used for this long ends by itself.
IDLE_LIMIT = timedelta(days=30)


class SessionNotFound(Exception):
    """No live session with this id belongs to the user."""


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _new_session(user: User, user_agent: str, now: datetime) -> str:
    # The user's ended and idle sessions are of no further use: keep the table small.
    db.session.execute(
        delete(UserSession).where(
            UserSession.user_id == user.id,
            or_(UserSession.ended_at.is_not(None), UserSession.last_seen_at < now - IDLE_LIMIT),
        )
    )
    raw = secrets.token_urlsafe(32)
    db.session.add(
        UserSession(
            user_id=user.id,
            token_hash=_digest(raw),
            user_agent=user_agent[:255],
            created_at=now,
            last_seen_at=now,
        )
    )
    user.login_token = raw
    return raw


def start_session(user: User, user_agent: str, now: datetime) -> str:
    """Record a new login of `user` and return its raw token (also set on the user)."""
    with unit_of_work():
        return _new_session(user, user_agent, now)


def restart_session(user: User, user_agent: str, now: datetime) -> str:
    """End every session of the user and start one for this browser, in the caller's
    unit of work: after a password change only the browser that made it stays logged in."""
    user.end_sessions(now)
    return _new_session(user, user_agent, now)


# Session, user, company and roles in one statement: every logged-in request asks for all of
# them (is the user active, what may they do), three statements before (#10).
# Flat outer joins: joinedload nests `(user_roles JOIN roles)`, which SQLite materialised for
# every user in the shop on every request (1.5-2 ms at 1,000 users).
# Built once, the token a bound parameter: building the statement and its cache key anew
# cost every logged-in request more CPU than SQLite's answer (#10).
_SESSION_BY_TOKEN = (
    select(UserSession)
    .outerjoin(UserSession.user)
    .outerjoin(User.company)
    .outerjoin(user_roles, user_roles.c.user_id == User.id)
    .outerjoin(Role, Role.id == user_roles.c.role_id)
    .options(
        contains_eager(UserSession.user).contains_eager(User.company),
        contains_eager(UserSession.user).contains_eager(User.roles),
    )
    .where(UserSession.token_hash == bindparam("token_hash"))
    .order_by(Role.id)  # the order User.roles keeps
)


def load_session_user(raw: str | None, now: datetime) -> User | None:
    """The active user of the live session behind a cookie's token, else None."""
    if not raw:
        return None
    record = (
        db.session.execute(_SESSION_BY_TOKEN, {"token_hash": _digest(raw)})
        .unique()
        .scalar_one_or_none()
    )
    if record is None or record.ended_at is not None or record.last_seen_at < now - IDLE_LIMIT:
        return None
    user = record.user
    if not user.is_active:
        return None
    if record.last_seen_at < now - TOUCH_EVERY:
        # Apart from the request's session: the view's unit of work must find it unchanged.
        with separate_transaction() as connection:
            connection.execute(
                update(UserSession).where(UserSession.id == record.id).values(last_seen_at=now)
            )
    user.login_token = raw
    return user


def end_session(raw: str | None, now: datetime) -> None:
    """End the session behind this token (logout)."""
    if raw:
        with unit_of_work():
            db.session.execute(
                update(UserSession)
                .where(UserSession.token_hash == _digest(raw), UserSession.ended_at.is_(None))
                .values(ended_at=now)
            )


def end_other_session(user: User, session_id: int, now: datetime) -> None:
    """End one of the user's sessions by its id; SessionNotFound if it is not theirs or over."""
    with unit_of_work():
        ended = db.session.execute(
            update(UserSession)
            .where(
                UserSession.id == session_id,
                UserSession.user_id == user.id,
                UserSession.ended_at.is_(None),
            )
            .values(ended_at=now)
        )
        if ended.rowcount != 1:
            raise SessionNotFound()


def end_all_sessions(user: User, now: datetime) -> None:
    """Log the user out everywhere, this browser included."""
    with unit_of_work():
        user.end_sessions(now)


def live_sessions(user: User, now: datetime) -> list[tuple[UserSession, bool]]:
    """The user's live sessions, newest activity first, each with whether it is this one."""
    current = _digest(user.login_token) if user.login_token else None
    records = db.session.scalars(
        select(UserSession)
        .where(
            UserSession.user_id == user.id,
            UserSession.ended_at.is_(None),
            UserSession.last_seen_at >= now - IDLE_LIMIT,
        )
        .order_by(UserSession.last_seen_at.desc(), UserSession.id.desc())
    ).all()
    return [(record, record.token_hash == current) for record in records]
